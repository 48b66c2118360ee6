"""Retroactive voice matching on real synthetic speech: a clone of the creator's voice that a source showed before
the voice was enrolled is found when it is enrolled, from the voice kept at check time (never the audio), with the
seconds where it speaks; someone else's voice stays unmatched, and kept voices are forgotten with the fingerprints."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import sqlite_utils

from creatorwatch.cli import main
from creatorwatch.core.evidence.capture import captures_for
from creatorwatch.core.library.works import Library
from creatorwatch.core.records.findings import Findings
from creatorwatch.core.records.source_store import SourceStore
from creatorwatch.core.sources.base import SourceConfig
from creatorwatch.core.store.db import open_database
from creatorwatch.core.store.events import Event, EventHub
from creatorwatch.core.store.preferences import load_preferences, save_preferences
from creatorwatch.core.voice import installed
from creatorwatch.core.voice.enrol import enrol_file
from creatorwatch.core.voice.kept import kept_voices
from creatorwatch.core.voice.matcher import VoiceMatcher
from creatorwatch.core.voice.store import VoiceStore
from creatorwatch.core.watch.monitor import Monitor
from creatorwatch.core.watch.rescan import forget_old_prints, rescan_voices
from creatorwatch.paths import resolve_paths
from tests.conftest import CliRunner
from tests.test_voice import speech  # noqa: F401

pytestmark = pytest.mark.needs_voice


def _name(url: str) -> str:
    return Path(unquote(urlsplit(url).path)).name


def _watched(speech: dict[str, Path], folder: Path) -> Path:  # noqa: F811
    """A folder a source watches: a clone of the creator (festvox ked saying new words), someone else (festvox lp)
    and music."""
    folder.mkdir()
    shutil.copy(speech["same"], folder / "new-audiobook.wav")
    shutil.copy(speech["other"], folder / "someone-else.wav")
    shutil.copy(speech["music"], folder / "music.wav")
    return folder


def test_a_clone_seen_before_the_voice_was_enrolled_is_found_when_it_is(
        speech: dict[str, Path], run_cli: CliRunner, home: Path, tmp_path: Path) -> None:  # noqa: F811
    folder = _watched(speech, tmp_path / "downloads")
    [creator] = [row["work_id"] for row in json.loads(run_cli("add", "--json", speech["enrol"]).stdout)["added"]]
    assert run_cli("sources", "add", "folder", "--name", "dl", "--set", f"path={folder}").returncode == 0

    day_one = run_cli("check", "--json")  # no voice enrolled yet: nothing to find
    assert day_one.returncode == 0, day_one.stderr
    assert json.loads(day_one.stdout)["matches"] == 0
    db = open_database(resolve_paths(home).database)
    kept = {_name(url) for (url,) in db.execute("SELECT c.url FROM candidate_voices v JOIN candidates c"
                                                 " ON c.id = v.candidate_id")}
    assert {"new-audiobook.wav", "someone-else.wav"} <= kept  # both speakers' voices, never their audio
    db.conn.close()

    day_two = run_cli("voice", "enrol", creator)
    assert day_two.returncode == 0, day_two.stderr
    assert f"Matched 'my voice' against {len(kept)} recordings heard before: 1 new find." in day_two.stdout
    found = json.loads(run_cli("matches", "--json").stdout)
    assert [(f["type"], f["kind"], f["work_id"], _name(f["candidate_url"])) for f in found] == [
        ("match", "voice", creator, "new-audiobook.wav")]  # someone-else.wav stays unmatched
    evidence = found[0]["evidence"]
    assert evidence["voice"] == "my voice" and evidence["speech_seconds"] > 3
    assert evidence["segments"] and all(0 <= s["start"] < s["end"] <= 12 for s in evidence["segments"])

    db = open_database(resolve_paths(home).database)
    assert captures_for(db, found[0]["candidate_url"])  # the file as it was heard, kept as evidence
    db.conn.close()
    again = run_cli("check", "--rescan", "--json")  # the voice is in a full rescan too; nothing is found twice
    assert again.returncode == 0, again.stderr
    rescanned = json.loads(again.stdout)["rescan"]
    assert (rescanned["voices"], rescanned["matches"]) == (1, 0)
    assert len(json.loads(run_cli("matches", "--json").stdout)) == 1


def _seen(db: sqlite_utils.Database, speech: dict[str, Path], folder: Path) -> int:  # noqa: F811
    """The creator's recording in the library (not enrolled) and one check of a watched folder; the work's id."""
    [added] = Library(db).add_paths([speech["enrol"]]).added
    assert added.work is not None
    SourceStore(db).add(SourceConfig("downloads", "folder", settings={"path": str(_watched(speech, folder))}))
    assert Monitor(db).check().total("matches") == 0
    return added.work.id


def test_the_next_check_finds_a_clone_for_a_voice_enrolled_elsewhere_as_a_check_would(
        speech: dict[str, Path], tmp_path: Path) -> None:  # noqa: F811
    """What the window relies on: a voice enrolled by any process is matched by the next rescan of new works, and
    the find is told as a check tells one (a match_found event) with the evidence a check would have recorded."""
    db = open_database(tmp_path / "data.sqlite3")
    work_id = _seen(db, speech, tmp_path / "watched")
    store = VoiceStore(db)
    store.enrol(work_id, enrol_file(speech["enrol"]))
    hub = EventHub()
    heard: list[Event] = []
    hub.subscribe(heard.append)
    summary = Monitor(db, hub=hub).check()
    assert summary.rescan is not None and (summary.rescan.voices, summary.rescan.matches) == (1, 1)
    told = [e.data for e in heard if e.name == "match_found"]
    assert [(d["kind"], _name(d["candidate_url"]), d["rescan"]) for d in told] == [
        ("voice", "new-audiobook.wav", True)]
    [find] = [f for f in Findings(db).all() if f.type == "match"]
    [live] = VoiceMatcher(store.voices()).match_file(speech["same"])  # what a check would have recorded
    assert find.work_id == live.work_id and find.score == pytest.approx(live.score, abs=0.01)
    assert [(s["start"], s["end"]) for s in find.evidence["segments"]] == [
        (s["start"], s["end"]) for s in live.evidence["segments"]]
    again = Monitor(db).check().rescan  # nothing is found twice
    assert again is None or again.matches == 0
    db.conn.close()


def test_kept_voices_are_forgotten_after_the_retention_window(speech: dict[str, Path],  # noqa: F811
                                                              tmp_path: Path) -> None:
    db = open_database(tmp_path / "data.sqlite3")
    work_id = _seen(db, speech, tmp_path / "watched")
    prefs = load_preferences(db)
    prefs.keep_fingerprints_days = 30
    save_preferences(db, prefs)
    forget_old_prints(db, datetime.now(UTC) + timedelta(days=29))
    assert kept_voices(db) >= 2
    forget_old_prints(db, datetime.now(UTC) + timedelta(days=31))
    assert kept_voices(db) == 0
    VoiceStore(db).enrol(work_id, enrol_file(speech["enrol"]))
    summary = rescan_voices(db)
    assert (summary.candidates, summary.matches) == (0, 0)
    db.conn.close()


def test_with_remember_voices_off_a_check_keeps_no_voice(speech: dict[str, Path], home: Path,  # noqa: F811
                                                         tmp_path: Path) -> None:
    assert main(["--home", str(home), "settings", "remember_voices", "off"]) == 0
    db = open_database(resolve_paths(home).database)
    _seen(db, speech, tmp_path / "watched")
    assert kept_voices(db) == 0
    db.conn.close()


def test_without_the_voice_extra_no_voice_is_kept_and_the_app_says_so(
        speech: dict[str, Path], home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,  # noqa: F811
        capsys: pytest.CaptureFixture[str]) -> None:
    db = open_database(resolve_paths(home).database)
    [added] = Library(db).add_paths([speech["enrol"]]).added
    assert added.work is not None
    VoiceStore(db).enrol(added.work.id, enrol_file(speech["enrol"]))  # learnt while the extra was there
    monkeypatch.setattr(installed, "_MODULES", ("a_module_that_is_not_installed",))
    SourceStore(db).add(SourceConfig("downloads", "folder",
                                     settings={"path": str(_watched(speech, tmp_path / "watched"))}))
    db.conn.close()
    assert main(["--home", str(home), "check", "--rescan"]) == 0
    out = capsys.readouterr().out
    assert f"Voices: {installed.NOT_INSTALLED}; your voice was not matched." in out
    assert "voice matching is not installed (pip install creatorwatch[voice]" in out
    db = open_database(resolve_paths(home).database)
    assert kept_voices(db) == 0 and not [f for f in Findings(db).all() if f.type == "match"]
    db.conn.close()
    assert main(["--home", str(home), "settings"]) == 0
    assert "remember_voices = on (no effect: voice matching is not installed" in capsys.readouterr().out
