"""Protect, then provenance: every "do not train" label `protect` writes, in every format it writes, is read back and
reported as for a picture ("It says AI training or data mining is not allowed") — a FLAC copy carrying
AI_TRAINING=prohibited was reported as having no labels at all. And a file that cannot carry Content Credentials
(plain text, an .xmp sidecar) has none: it was said to carry broken ones ("present but invalid: NotSupported")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from creatorwatch.core.optout.provenance import read_provenance
from tests.conftest import CliRunner
from tests.media import make_pdf, make_picture, make_recording
from tests.test_protect import story

PROHIBITED = "It says AI training or data mining is not allowed."


def _originals(folder: Path) -> dict[str, Path]:
    """One work in each format `protect` writes a copy of: labels inside the file, or in an .xmp beside it."""
    folder.mkdir()
    made = {
        "PNG": make_picture(folder / "sunset.png"),
        "JPEG": make_picture(folder / "harbour.jpg", seed=1, fmt="JPEG"),
        "WebP": make_picture(folder / "meadow.webp", seed=2, fmt="WEBP"),
        "MP3": make_recording(folder / "song.mp3", codec="libmp3lame", container="mp3"),
        "FLAC": make_recording(folder / "tune.flac", seed=3, codec="flac", container="flac"),
        "Ogg Vorbis": make_recording(folder / "air.ogg", seed=4, codec="vorbis", stereo=True),
        "Opus": make_recording(folder / "voice.opus", seed=5, rate=48000, codec="libopus", container="ogg"),
        "WAV": make_recording(folder / "take.wav", seed=6),
        "PDF": make_pdf(folder / "essay.pdf", story(4)),
        "text": folder / "poem.txt",
    }
    made["text"].write_text(story(5), encoding="utf-8")
    return made


@pytest.fixture
def protected(tmp_path: Path, run_cli: CliRunner) -> dict[str, dict[str, object]]:
    """Format → what `protect --json` said of its copy."""
    originals = _originals(tmp_path / "originals")
    added = run_cli("add", "--json", tmp_path / "originals")
    assert added.returncode == 0, added.stdout + added.stderr
    ids = [str(w["id"]) for w in json.loads(run_cli("works", "--json").stdout)]
    assert run_cli("settings", "creator_name", "Ada Lin").returncode == 0  # protect writes no copy without it
    done = run_cli("protect", *ids, "-o", tmp_path / "protected", "--json")
    assert done.returncode == 0, done.stdout + done.stderr
    copies = [json.loads(line) for line in done.stdout.splitlines()]
    by_name = {Path(str(c["work_path"])).name: c for c in copies}
    assert all(c["error"] is None for c in copies), copies
    return {fmt: by_name[path.name] for fmt, path in originals.items()}


def test_provenance_reads_back_every_label_protect_writes(
    protected: dict[str, dict[str, object]], run_cli: CliRunner
) -> None:
    files = {fmt: Path(str(c["copy"])) for fmt, c in protected.items()}
    sidecars = {f"{fmt} sidecar": Path(str(c["sidecar"])) for fmt, c in protected.items() if c["sidecar"]}
    assert set(sidecars) == {"WAV sidecar", "text sidecar"}  # the formats that cannot hold the labels inside
    for what, path in {**files, **sidecars}.items():
        said = json.loads(run_cli("provenance", "--json", path).stdout)
        assert said["mining_prohibited"] is True and said["do_not_train"], what
        assert said["c2pa"]["present"] is False and said["c2pa"]["state"] == "", what
        shown = run_cli("provenance", path).stdout
        assert PROHIBITED in shown and "no Content Credentials or provenance labels" not in shown, what
        assert "marked “not for AI training” in" in shown, what
    flac = run_cli("provenance", files["FLAC"]).stdout
    assert "its audio tags (Vorbis comment AI_TRAINING=prohibited)" in flac
    mp3 = json.loads(run_cli("provenance", "--json", files["MP3"]).stdout)["do_not_train"]
    assert mp3 == [
        "the XMP in its ID3 tags (IPTC/PLUS Data Mining)",
        "its audio tags (ID3 tag TXXX AI_TRAINING=prohibited)",
    ]
    text = json.loads(run_cli("provenance", "--json", files["text"]).stdout)["do_not_train"]
    sidecar = sidecars["text sidecar"].name
    assert text == [f"the XMP sidecar {sidecar} beside it (IPTC/PLUS Data Mining)", "the notice at the top of the text"]


def test_a_plain_text_file_has_no_content_credentials(tmp_path: Path, run_cli: CliRunner) -> None:
    poem = tmp_path / "poem.txt"
    poem.write_text(story(7), encoding="utf-8")
    done = run_cli("provenance", poem)
    assert done.returncode == 0
    assert done.stdout.splitlines()[1:] == ["    no Content Credentials or provenance labels"]
    assert "invalid" not in done.stdout and "NotSupported" not in done.stdout
    found = read_provenance(poem)
    assert found["c2pa"]["present"] is False and found["c2pa"]["state"] == "" and found["c2pa"]["problems"] == []
    assert found["mining_prohibited"] is False and found["do_not_train"] == [] and found["summary"] == []


def test_text_that_only_looks_like_a_notice_is_not_a_label(tmp_path: Path) -> None:
    """A rule of dashes under a heading is not the notice unless the lines above it say something is not allowed."""
    story_file = tmp_path / "chapter.txt"
    story_file.write_text("Chapter One\n" + "-" * 72 + "\n\n" + story(8), encoding="utf-8")
    assert read_provenance(story_file)["do_not_train"] == []
