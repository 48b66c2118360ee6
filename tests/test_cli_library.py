"""The command line, driven for real in a subprocess against a real data home (the contract in ARCHITECTURE.md)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image, ImageOps

from creatorwatch import __version__
from tests.conftest import CliRunner
from tests.media import SCRIPT, make_picture, make_recording


def test_version_and_help(run_cli: CliRunner) -> None:
    assert run_cli("--version").stdout.strip() == f"CreatorWatch {__version__}"
    helped = run_cli("--help")
    assert helped.returncode == 0
    for command in ("add", "works", "remove", "match"):
        assert command in helped.stdout


def test_wrong_usage_exits_2(run_cli: CliRunner) -> None:
    assert run_cli("remove", "not-a-number").returncode == 2
    assert run_cli("no-such-command").returncode == 2


def test_add_list_remove_round_trip(run_cli: CliRunner, tmp_path: Path, home: Path) -> None:
    folder = tmp_path / "works"
    folder.mkdir()
    make_picture(folder / "poster.png", seed=1)
    (folder / "pilot.txt").write_text(SCRIPT, encoding="utf-8")
    added = run_cli("add", folder)
    assert added.returncode == 0, added.stderr
    assert "2 works added, 0 already in the library, 0 skipped." in added.stdout
    works = json.loads(run_cli("works", "--json").stdout)
    assert {(w["title"], w["kind"]) for w in works} == {("poster", "image"), ("pilot", "text")}
    assert {"id", "title", "kind", "path", "size", "sha256", "added_at", "status"} <= set(works[0])
    assert all((w["work_id"], w["work_path"]) == (w["id"], w["path"]) for w in works)  # named as `match` names them
    again = run_cli("add", folder / "poster.png")
    assert again.returncode == 0 and "already in the library" in again.stdout
    poster = next(w for w in works if w["title"] == "poster")
    removed = run_cli("remove", str(poster["id"]))
    assert removed.returncode == 0 and "poster" in removed.stdout
    assert [w["title"] for w in json.loads(run_cli("works", "--json").stdout)] == ["pilot"]
    missing = run_cli("remove", "4242")
    assert missing.returncode == 2 and "no work #4242" in missing.stderr
    assert (home / "logs" / "creatorwatch.log").exists()


def test_add_names_each_skipped_file_and_exits_1(run_cli: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    make_picture(folder / "fine.png", seed=1)
    (folder / "empty.txt").touch()
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    result = run_cli("add", folder, tmp_path / "ghost.png")
    assert result.returncode == 1
    assert f"skipped {folder / 'empty.txt'}: the file is empty" in result.stdout
    assert f"skipped {folder / 'binary.txt'}: this is not an image, audio or text file" in result.stdout
    assert f"skipped {tmp_path / 'ghost.png'}: there is no file or folder at this path" in result.stdout
    assert "1 work added, 0 already in the library, 3 skipped." in result.stdout


def _as_unprivileged() -> tuple[str, ...]:
    """Root reads everything; in a new user namespace the same process gets ordinary permission checks."""
    if os.geteuid() != 0:
        return ()
    if not shutil.which("unshare"):
        pytest.fail("running as root needs util-linux's unshare to test permission denied")
    return ("unshare", "--user")


def test_unreadable_files_and_folders_are_reported(run_cli: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    (folder / "private").mkdir(parents=True)
    make_picture(folder / "open.png", seed=1)
    make_picture(folder / "secret.png", seed=2)
    make_picture(folder / "private" / "inside.png", seed=3)
    (folder / "secret.png").chmod(0)
    (folder / "private").chmod(0)
    try:
        result = run_cli("add", folder, prefix=_as_unprivileged())
    finally:
        (folder / "private").chmod(0o755)
    assert result.returncode == 1, result.stderr
    assert f"skipped {folder / 'secret.png'}: CreatorWatch is not allowed to read this file" in result.stdout
    assert f"skipped {folder / 'private'}: CreatorWatch is not allowed to open this folder" in result.stdout
    assert "1 work added" in result.stdout


@pytest.mark.timeout(600)  # a large import, killed, then finished
def test_killing_a_large_import_keeps_every_finished_work(run_cli: CliRunner, tmp_path: Path, home: Path) -> None:
    folder = tmp_path / "big"
    folder.mkdir()
    for seed in range(150):
        make_picture(folder / f"{seed:03}.png", seed=seed, size=(400, 300))
    command = [sys.executable, "-m", "creatorwatch", "--home", str(home), "add", str(folder)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    database = home / "data" / "creatorwatch.sqlite3"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and _count_works(database) < 10:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert _count_works(database) >= 10
    listed = run_cli("works", "--json")
    assert listed.returncode == 0
    works = json.loads(listed.stdout)
    assert 10 <= len(works) < 150
    conn = sqlite3.connect(database)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT COUNT(*) FROM fingerprints").fetchone()[0] == len(works)
    resumed = run_cli("add", folder)
    assert resumed.returncode == 0
    assert f"{len(works)} already in the library" in resumed.stdout
    assert len(json.loads(run_cli("works", "--json").stdout)) == 150


def _count_works(database: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=1)
        try:
            return int(conn.execute("SELECT COUNT(*) FROM works").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def test_match_prints_one_json_line_per_candidate(run_cli: CliRunner, tmp_path: Path, home: Path) -> None:
    works = tmp_path / "works"
    works.mkdir()
    poster = make_picture(works / "poster.png", seed=11, size=(480, 360))
    make_recording(works / "theme.wav", seed=12, seconds=12)
    assert run_cli("add", works).returncode == 0
    flipped = tmp_path / "flipped.jpg"
    ImageOps.mirror(Image.open(poster)).save(flipped, quality=60)
    unrelated = make_picture(tmp_path / "unrelated.png", seed=99, size=(480, 360))
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 50)
    result = run_cli("match", "--json", flipped, unrelated, broken)
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["candidate"] for line in lines] == [str(flipped), str(unrelated), str(broken)]
    best = lines[0]["matches"][0]
    assert best["work_path"] == str(poster) and best["kind"] == "image" and 0.5 <= best["score"] <= 1
    assert isinstance(best["work_id"], int) and isinstance(best["evidence"], dict)
    assert lines[1]["matches"] == []
    assert lines[2]["matches"] == [] and lines[2]["error"]
    assert result.returncode == 1
    # an audio search saves the audio index in the cache folder: the next start reopens it instead of rebuilding
    assert json.loads(run_cli("match", "--json", works / "theme.wav").stdout)["matches"][0]["kind"] == "audio"
    assert (home / "cache" / "index" / "audio" / "manifest.json").exists()


def test_match_on_a_folder_matches_every_file_in_it(run_cli: CliRunner, tmp_path: Path) -> None:
    """A creator with a folder of suspected reposts names the folder: each file in it (sub-folders too) gets its
    own line, an unreadable one its reason, and an empty folder says so instead of "no match"."""
    poster = make_picture(tmp_path / "poster.png", seed=11, size=(480, 360))
    assert run_cli("add", poster).returncode == 0
    reposts = tmp_path / "reposts"
    (reposts / "week 2").mkdir(parents=True)
    ImageOps.mirror(Image.open(poster)).save(reposts / "week 2" / "flipped.jpg", quality=60)
    make_picture(reposts / "unrelated.png", seed=99, size=(480, 360))
    (reposts / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 50)
    (tmp_path / "empty").mkdir()
    result = run_cli("match", "--json", reposts, tmp_path / "empty")
    lines = {Path(line["candidate"]).name: line for line in map(json.loads, result.stdout.splitlines())}
    assert set(lines) == {"flipped.jpg", "unrelated.png", "broken.jpg", "empty"}
    assert [m["work_path"] for m in lines["flipped.jpg"]["matches"]] == [str(poster)]
    assert lines["unrelated.png"]["matches"] == [] and "error" not in lines["unrelated.png"]
    assert lines["broken.jpg"]["error"] and lines["empty"]["error"] == "this folder holds no files to match"
    assert result.returncode == 1
    plain = run_cli("match", reposts / "week 2").stdout
    assert "flipped.jpg:" in plain and 'matches #1 "poster"' in plain
