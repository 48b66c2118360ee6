"""A folder holding a loop of links or a named pipe: `add` and a folder source's check both list each one with its
reason, where the check used to pass over them in silence (and `add` over a pipe inside a folder)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from creatorwatch.core.files.walk import LINK_LOOP, LINK_TO_NOT_A_FILE, NOT_A_FILE
from tests.conftest import CliRunner
from tests.media import make_picture


def _folder_with_odd_entries(tmp_path: Path) -> tuple[Path, Path]:
    picture = make_picture(tmp_path / "harbour.png", seed=7)
    folder = tmp_path / "downloads"
    folder.mkdir()
    shutil.copy(picture, folder / "copy.png")
    (folder / "loop-a").symlink_to("loop-b")
    (folder / "loop-b").symlink_to("loop-a")
    os.mkfifo(folder / "pipe")
    return picture, folder


def test_add_lists_a_named_pipe_inside_a_folder(run_cli: CliRunner, tmp_path: Path) -> None:
    _, folder = _folder_with_odd_entries(tmp_path)
    added = run_cli("add", folder)
    assert added.returncode == 1
    assert f"skipped {folder / 'pipe'}: {NOT_A_FILE}" in added.stdout
    assert f"skipped {folder / 'loop-a'}: {LINK_LOOP}" in added.stdout


def test_a_folder_source_lists_link_loops_and_pipes_as_add_does(run_cli: CliRunner, tmp_path: Path) -> None:
    picture, folder = _folder_with_odd_entries(tmp_path)
    assert run_cli("add", picture).returncode == 0
    assert run_cli("sources", "add", "folder", "--name", "dl", "--set", f"path={folder}").returncode == 0
    checked = run_cli("check", "--source", "dl")
    assert checked.returncode == 0, checked.stderr
    assert "1 match" in checked.stdout and "3 could not be read" in checked.stdout
    for name, reason in (("loop-a", LINK_LOOP), ("loop-b", LINK_LOOP), ("pipe", NOT_A_FILE)):
        assert f"Could not read {(folder / name).as_uri()}: {reason}" in checked.stdout
    [source] = json.loads(run_cli("sources", "--json").stdout)
    assert sorted(item["url"] for item in source["unreadable"]) == [
        (folder / name).as_uri() for name in ("loop-a", "loop-b", "pipe")]

    (folder / "pipe").unlink()  # the creator cleared it away: no longer theirs to fix
    again = run_cli("check", "--source", "dl")
    assert again.returncode == 0 and "could not be read" not in again.stdout
    [source] = json.loads(run_cli("sources", "--json").stdout)
    assert [item["url"] for item in source["unreadable"]] == [(folder / n).as_uri() for n in ("loop-a", "loop-b")]


def test_a_link_to_a_device_is_not_called_a_link_to_a_missing_file(run_cli: CliRunner, tmp_path: Path) -> None:
    """A link to /dev/zero leads to something that exists: "points to a file that does not exist" sent the creator
    looking for a deleted file."""
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "zero.wav").symlink_to("/dev/zero")
    for named in (folder, folder / "zero.wav"):
        added = run_cli("add", named)
        assert added.returncode == 1
        assert f"skipped {folder / 'zero.wav'}: {LINK_TO_NOT_A_FILE}" in added.stdout
        assert "does not exist" not in added.stdout
