"""A file that is byte for byte one of the creator's works is a copy for certain, scoring 1.0, however short the
work and however much of it other works share: a poem the creator also added inside their collection, a 3-second
jingle inside the longer intro that holds it. Through `match`, a check and a check's rescan alike."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import unquote

import numpy as np

from tests.conftest import CliRunner
from tests.media import make_recording, write_audio

POEM = ("Salt on the sill and the kettle singing low, the ferry horn at six, the gulls along the wall, a letter "
        "never sent, a lamp left burning late for someone on the tide")  # 30 words


def _nested_works(folder: Path) -> tuple[Path, Path]:
    """A 30-word poem and the collection that holds it; a 3-second jingle and the 5-second intro it opens."""
    folder.mkdir()
    poem = folder / "poem.txt"
    poem.write_text(POEM + "\n")
    (folder / "collection.txt").write_text(POEM + ". Across the harbour the cranes stood still in the fog.\n")
    intro = make_recording(folder / "intro.wav", seed=5, seconds=5.0, rate=16000)
    samples = np.frombuffer(intro.read_bytes()[44:], np.int16)[: 3 * 16000].astype(np.float32) / 32768
    jingle = folder / "jingle.wav"
    write_audio(jingle, samples, 16000)
    return poem, jingle


def _own_score(lines: list[dict], name: str, title: str) -> float:
    [line] = [line for line in lines if Path(line["candidate"]).name == name]
    return next(m["score"] for m in line["matches"] if m["work_title"] == title)


def test_a_byte_identical_copy_of_a_short_nested_work_scores_one(run_cli: CliRunner, tmp_path: Path) -> None:
    poem, jingle = _nested_works(tmp_path / "works")
    assert run_cli("add", tmp_path / "works").returncode == 0
    found = tmp_path / "found"
    found.mkdir()
    for work in (poem, jingle):
        shutil.copy(work, found / f"copy of {work.name}")
    lines = [json.loads(line) for line in run_cli("match", "--json", found).stdout.splitlines()]
    assert _own_score(lines, "copy of poem.txt", "poem") == 1.0
    assert _own_score(lines, "copy of jingle.wav", "jingle") == 1.0
    for line in lines:
        scores = [m["score"] for m in line["matches"]]
        assert scores == sorted(scores, reverse=True)  # best first, the identical work on top
        assert line["matches"][0]["evidence"]["identical_file"] is True

    assert run_cli("sources", "add", "folder", "--name", "downloads", "--set", f"path={found}").returncode == 0
    assert run_cli("check").returncode == 0
    recorded = json.loads(run_cli("matches", "--json").stdout)
    titles = {w["id"]: w["title"] for w in json.loads(run_cli("works", "--json").stdout)}
    best = {(unquote(Path(m["candidate_url"]).name), titles[m["work_id"]]): m["score"] for m in recorded}
    assert best[("copy of poem.txt", "poem")] == 1.0 and best[("copy of jingle.wav", "jingle")] == 1.0
