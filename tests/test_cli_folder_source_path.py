"""A folder source's path= is checked when it is given: a file is refused (it can never be a folder to watch), a
folder not there yet is accepted with a note (a drive not plugged in yet is normal), and a check of a source whose
path is a file says that, not "plug in the drive"."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import CliRunner


def test_a_file_is_refused_as_a_folder_to_watch(run_cli: CliRunner, tmp_path: Path) -> None:
    picture = tmp_path / "holiday.jpg"
    picture.write_bytes(b"\xff\xd8 not much of a picture")
    refused = run_cli("sources", "add", "folder", "--name", "dl", "--set", f"path={picture}")
    assert refused.returncode == 2
    assert f"{picture} is a file, not a folder" in refused.stderr
    assert json.loads(run_cli("sources", "--json").stdout) == []

    assert run_cli("sources", "add", "folder", "--name", "dl", "--set", f"path={tmp_path}").returncode == 0
    changed = run_cli("sources", "set", "dl", "--set", f"path={picture}")
    assert changed.returncode == 2 and "is a file, not a folder" in changed.stderr
    [source] = json.loads(run_cli("sources", "--json").stdout)
    assert source["settings"]["path"] == str(tmp_path)  # nothing changed


def test_a_folder_not_there_yet_is_accepted_with_a_note(run_cli: CliRunner, tmp_path: Path) -> None:
    drive = tmp_path / "drive" / "datasets"
    added = run_cli("sources", "add", "folder", "--name", "usb", "--set", f"path={drive}")
    assert added.returncode == 0
    [said] = added.stderr.splitlines()
    assert f"there is no folder at {drive} yet" in said
    drive.mkdir(parents=True)
    moved = run_cli("sources", "set", "usb", "--set", f"path={drive}")
    assert moved.returncode == 0 and moved.stderr == ""


def test_a_check_of_a_folder_source_whose_path_became_a_file_says_so(run_cli: CliRunner, tmp_path: Path) -> None:
    watched = tmp_path / "watched"
    watched.mkdir()
    assert run_cli("sources", "add", "folder", "--name", "dl", "--set", f"path={watched}").returncode == 0
    watched.rmdir()
    watched.write_text("a file where the folder was")
    checked = run_cli("check", "--source", "dl")
    assert checked.returncode == 1
    said = checked.stdout + checked.stderr
    assert f"{watched} is a file, not a folder" in said and "Plug in the drive" not in said
