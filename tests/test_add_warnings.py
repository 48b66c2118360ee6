"""Adding a work whose copies can never be found (standard licence text, a text or a sound too short, silence)
tells the creator so.

Every warning is checked against the real engine: the warned work's exact copy is matched and nothing is found,
while an unwarned work's copy is found.
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from creatorwatch.core.library.works import Library
from creatorwatch.core.matching.match import Matcher
from creatorwatch.core.store.db import open_database
from creatorwatch.core.store.preferences import load_preferences, save_preferences
from creatorwatch.ui.main_window import MainWindow
from tests.conftest import CliRunner
from tests.media import SCRIPT, make_picture, make_recording, write_audio
from tests.ui_fixtures import paths, window  # noqa: F401

MIT = """MIT License

Copyright (c) 2024 Ada Lovelace

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""


def _prose(words: int, seed: int) -> str:
    """The creator's own writing: `words` invented words, none of them stock or licence wording."""
    rng = random.Random(seed)
    syllables = ["ba", "ro", "mi", "tal", "ven", "sor", "qui", "del", "an", "or", "ith", "ul", "kem", "pa"]
    return " ".join("".join(rng.choice(syllables) for _ in range(4)) for _ in range(words)) + ".\n"


@pytest.fixture
def works(tmp_path: Path) -> Path:
    """A licence (169 words, long enough if it were the creator's own), a 20-word note and a 200-word chapter."""
    folder = tmp_path / "works"
    folder.mkdir()
    (folder / "LICENSE.txt").write_text(MIT, encoding="utf-8")
    (folder / "note.txt").write_text(_prose(20, seed=1), encoding="utf-8")
    (folder / "chapter.txt").write_text(_prose(200, seed=2), encoding="utf-8")
    return folder


def _copies(works: Path, tmp_path: Path) -> Path:
    """Exact copies of every work, as a model's training set might hold them."""
    return Path(shutil.copytree(works, tmp_path / "found online"))


def test_add_says_which_works_cannot_be_found_and_the_engine_agrees(run_cli: CliRunner, works: Path,
                                                                     tmp_path: Path) -> None:
    added = run_cli("add", works)
    assert added.returncode == 0, added.stderr
    lines = added.stdout.splitlines()
    assert (f"{works / 'LICENSE.txt'} was added, but it is mostly standard licence text (96% of it is the wording "
            "of published licences), which CreatorWatch ignores when matching, so copies of it will not be found."
            in lines)
    assert (f"{works / 'note.txt'} was added, but it is too short: it has 20 words, and CreatorWatch reports a "
            "copied text from about 24 words of your own writing, so copies of it will not be found." in lines)
    assert not any("chapter.txt" in line for line in lines)
    summary = lines[-1]
    assert summary.startswith("3 works added, 0 already in the library, 0 skipped. Copies of ")
    assert summary.endswith(" will not be found.") and "LICENSE.txt" in summary and "note.txt" in summary
    assert "chapter.txt" not in summary
    listed = json.loads(run_cli("works", "--json").stdout)
    assert {w["title"] for w in listed} == {"LICENSE", "note", "chapter"}  # warned works are kept all the same

    copies = _copies(works, tmp_path)
    matched = run_cli("match", "--json", copies / "LICENSE.txt", copies / "note.txt", copies / "chapter.txt")
    found = {Path(line["candidate"]).name: line["matches"] for line in map(json.loads, matched.stdout.splitlines())}
    assert found["LICENSE.txt"] == [] and found["note.txt"] == []
    assert [m["work_path"] for m in found["chapter.txt"]] == [str(works / "chapter.txt")]


def test_add_json_gives_each_file_its_warning_and_keeps_every_field(run_cli: CliRunner, works: Path) -> None:
    first = run_cli("add", "--json", works)
    assert first.returncode == 0, first.stderr
    rows = {Path(row["path"]).name: row for row in json.loads(first.stdout)["added"]}
    assert set(rows) == {"LICENSE.txt", "note.txt", "chapter.txt"}
    for row in rows.values():
        assert set(row) == {"path", "reason", "work_id", "warning", "relinked_finds"}
        assert isinstance(row["work_id"], int)
        assert row["relinked_finds"] == 0  # no earlier finds of a removed work of the same content
    assert rows["LICENSE.txt"]["warning"].startswith("it is mostly standard licence text")
    assert rows["note.txt"]["warning"].startswith("it is too short: it has 20 words")
    assert rows["chapter.txt"]["warning"] == ""
    again = json.loads(run_cli("add", "--json", works / "LICENSE.txt").stdout)
    assert again["added"] == [] and again["already"][0]["warning"] == rows["LICENSE.txt"]["warning"]
    assert again["already"][0]["reason"].startswith("already in the library as #")
    plain = run_cli("add", works / "LICENSE.txt")
    assert f"{works / 'LICENSE.txt'} is in the library, but it is mostly standard licence text" in plain.stdout


@pytest.mark.parametrize(("sensitivity", "words", "warned"), [
    ("normal", 20, True), ("normal", 23, True), ("normal", 24, False), ("normal", 75, False),
    ("high", 18, True), ("high", 19, False), ("low", 23, True), ("low", 24, False),  # a whole poem copied word
])  # for word reads near-certain, so it is found at low sensitivity from as few words as at normal
def test_the_word_floor_follows_the_chosen_sensitivity_and_the_matcher(tmp_path: Path, sensitivity: str,
                                                                       words: int, warned: bool) -> None:
    library = Library(open_database(tmp_path / "home" / "cw.sqlite3"))
    prefs = load_preferences(library.db)
    prefs.sensitivity["text"] = sensitivity
    save_preferences(library.db, prefs)
    poem = tmp_path / "poem.txt"
    poem.write_text(_prose(words, seed=words), encoding="utf-8")
    report = library.add_paths([poem])
    assert len(report.added) == 1
    assert bool(report.added[0].warning) is warned
    assert bool(report.warned) is warned
    copy = Path(shutil.copy(poem, tmp_path / "copy.txt"))
    assert (Matcher(library).match_file(copy) == []) is warned


def test_images_and_long_texts_are_not_warned_about(tmp_path: Path) -> None:
    library = Library(open_database(tmp_path / "home" / "cw.sqlite3"))
    make_picture(tmp_path / "poster.png", seed=1)
    (tmp_path / "pilot.fountain").write_text(SCRIPT, encoding="utf-8")
    report = library.add_paths([tmp_path / "poster.png", tmp_path / "pilot.fountain"])
    assert len(report.added) == 2 and report.warned == []
    assert "will not be found" not in report.summary()




def test_the_window_says_a_dropped_licence_will_not_be_found(qtbot: QtBot, window: MainWindow, works: Path) -> None:  # noqa: F811
    library = window.library
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(works / "LICENSE.txt"))])
    actions = Qt.DropAction.CopyAction
    for event in (QDragEnterEvent(QPoint(10, 10), actions, data, Qt.MouseButton.LeftButton,
                                  Qt.KeyboardModifier.NoModifier),
                  QDropEvent(QPointF(10, 10), actions, data, Qt.MouseButton.LeftButton,
                             Qt.KeyboardModifier.NoModifier)):
        QApplication.sendEvent(library, event)
    status = window.statusBar()
    qtbot.waitUntil(lambda: "will not be found" in status.currentMessage(), timeout=30_000)
    assert status.currentMessage() == ("1 work added, 0 already in the library, 0 skipped. "
                                       "Copies of LICENSE.txt will not be found.")
    qtbot.waitUntil(lambda: library.model.rowCount() == 1)  # added all the same
    box = library.findChild(QMessageBox, "unfindable-works")  # the why, for the creator to read
    assert box is not None and box.isVisible()
    assert f"{works / 'LICENSE.txt'}: it is mostly standard licence text" in box.detailedText()


def test_a_one_second_sound_and_a_silent_recording_are_added_with_a_warning(run_cli: CliRunner, tmp_path: Path) -> None:
    blip = make_recording(tmp_path / "blip.wav", seed=3, seconds=1.0)
    song = make_recording(tmp_path / "song.wav", seed=4, seconds=6.0)
    silence = tmp_path / "silence.wav"
    write_audio(silence, np.zeros(22050 * 20, np.float32), 22050)
    result = run_cli("add", blip, song, silence)
    assert result.returncode == 0, result.stderr
    assert (f"{blip} was added, but it is too short: 1.0 seconds of sound, and CreatorWatch reports a copied "
            "recording from about 2 seconds of it, so copies of it will not be found.") in result.stdout
    assert f"{silence} was added, but there is no sound in it CreatorWatch can hold on to" in result.stdout
    assert str(song) not in result.stdout
    assert json.loads(run_cli("match", "--json", blip).stdout)["matches"] == []  # the warning is true
    found = json.loads(run_cli("match", "--json", song).stdout)["matches"]
    assert [m["work_title"] for m in found] == ["song"] and found[0]["score"] >= 0.95


def test_a_picture_with_nothing_to_compare_is_added_with_a_warning(run_cli: CliRunner, tmp_path: Path) -> None:
    """A solid colour, or one with a faint mark, has no layout or details: its copies are never found, so the
    creator is told, as for a sound too short; a real picture, even a plain one, is not warned about."""
    solid, marked = tmp_path / "red.png", tmp_path / "marked.png"
    Image.new("RGB", (640, 480), (200, 40, 40)).save(solid)
    faint = np.full((480, 640, 3), (30, 60, 160), np.uint8)
    faint[200:212, 300:312] = (34, 60, 160)
    Image.fromarray(faint).save(marked)
    poster = make_picture(tmp_path / "poster.png", seed=1)
    ramp = tmp_path / "ramp.png"  # a smooth picture whose layout is all it has: that is enough
    Image.fromarray(np.tile(np.linspace(0, 255, 640), (480, 1)).astype(np.uint8)).save(ramp)
    result = run_cli("add", solid, marked, poster, ramp)
    assert result.returncode == 0, result.stderr
    for picture in (solid, marked):
        assert f"{picture} was added, but there is nothing in it to compare" in result.stdout
        assert json.loads(run_cli("match", "--json", picture).stdout)["matches"] == []  # the warning is true
    assert str(poster) not in result.stdout and str(ramp) not in result.stdout
    for picture in (poster, ramp):
        found = json.loads(run_cli("match", "--json", picture).stdout)["matches"]
        assert [m["work_title"] for m in found] == [picture.stem]


def test_match_says_a_recording_too_short_to_compare_is_why_nothing_matched(run_cli: CliRunner,
                                                                            tmp_path: Path) -> None:
    """A download cut off after a fraction of a second matches nothing; "no match" alone would read as "not a copy"."""
    song = make_recording(tmp_path / "song.wav", seed=4, seconds=6.0)
    assert run_cli("add", song).returncode == 0
    encoded = make_recording(tmp_path / "copy.mp3", seed=4, seconds=6.0, codec="libmp3lame")
    cut = tmp_path / "cut.mp3"
    cut.write_bytes(encoded.read_bytes()[:3000])
    line = json.loads(run_cli("match", "--json", cut).stdout)
    assert line["matches"] == [] and line["note"].startswith("it is too short to compare: 0.")
    assert "too short to compare" in run_cli("match", cut).stdout
    whole = json.loads(run_cli("match", "--json", encoded).stdout)
    assert [m["work_title"] for m in whole["matches"]] == ["song"] and "note" not in whole
    noise = tmp_path / "noise.wav"  # long enough: its "no match" needs no note
    write_audio(noise, np.random.default_rng(4).uniform(-0.3, 0.3, 22050 * 6).astype(np.float32), 22050)
    assert json.loads(run_cli("match", "--json", noise).stdout) == {"candidate": str(noise), "matches": []}


def test_a_loud_chime_is_too_short_not_silent_and_under_two_seconds_is_too_short(run_cli: CliRunner,
                                                                                   tmp_path: Path) -> None:
    """A one-second chime has nothing for the fingerprint to hold on to, yet it is loud: too short, not silent. A
    recording under two seconds is too short whatever an identical copy scores, as `match` says of its copies."""
    rate = 48000
    t = np.arange(int(1.1 * rate)) / rate
    chime = tmp_path / "chime.ogg"
    write_audio(chime, (0.7 * np.sin(2 * np.pi * 880 * t) * np.exp(-3 * t)).astype(np.float32), rate,
                codec="libopus")
    clip = make_recording(tmp_path / "clip.wav", seed=5, seconds=1.8)
    result = run_cli("add", chime, clip)
    assert f"{chime} was added, but it is too short: 1.1 seconds of sound" in result.stdout
    assert "no sound in it" not in result.stdout
    assert f"{clip} was added, but it is too short: 1.8 seconds of sound" in result.stdout


def test_add_and_match_give_a_short_recording_the_same_length(run_cli: CliRunner, tmp_path: Path) -> None:
    """`add` said "1.2 seconds" and `match` "1.3 seconds" of one truncated FLAC: both now measure the decoded sound."""
    clip = make_recording(tmp_path / "clip.flac", seed=5, seconds=1.26, rate=44100, codec="flac")
    added = run_cli("add", clip)
    assert f"{clip} was added, but it is too short: 1.2 seconds of sound" in added.stdout
    copy = tmp_path / "copy.flac"
    copy.write_bytes(clip.read_bytes())
    line = json.loads(run_cli("match", "--json", copy).stdout)
    assert line["matches"] == [] and line["note"].startswith("it is too short to compare: 1.2 seconds of sound")


def test_a_recording_over_two_seconds_too_plain_to_find_does_not_quote_the_two_second_rule(
        run_cli: CliRunner, tmp_path: Path) -> None:
    """"2.0 seconds of sound, and CreatorWatch reports a copied recording from about 2 seconds" contradicted itself."""
    rate = 48000
    t = np.arange(int(2.6 * rate)) / rate
    chime = tmp_path / "chime.ogg"
    write_audio(chime, (0.7 * np.sin(2 * np.pi * 880 * t) * np.exp(-t)).astype(np.float32), rate, codec="libopus")
    added = run_cli("add", chime)
    assert f"{chime} was added, but it is too short: 2.6 seconds of sound, with too few changes" in added.stdout
    assert "from about 2 seconds" not in added.stdout
