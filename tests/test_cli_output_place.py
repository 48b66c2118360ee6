"""Where `export -o` and `protect -o` are told to write: a folder where a file name is wanted, or a folder that does
not exist, is wrong usage (exit 2) and no folder is made; a place that takes no new files is said in words (exit 1).
Never a traceback, never a half-written file."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import CliRunner
from tests.media import make_picture
from tests.one_find import a_find

UNWRITABLE = Path("/proc")  # no one, not even root, may make files here


def _said_plainly(done: object) -> str:
    stderr = str(getattr(done, "stderr", ""))
    assert "Traceback" not in stderr and "Errno" not in stderr and "Error:" not in stderr
    return stderr


def test_export_onto_a_folder_asks_for_a_file_name(run_cli: CliRunner, tmp_path: Path) -> None:
    match_id = str(a_find(run_cli, tmp_path))
    out = tmp_path / "out"
    out.mkdir()
    done = run_cli("export", match_id, "-o", out, "--no-timestamp")
    assert done.returncode == 2
    assert f"{out} is a folder; give the evidence bundle a file name" in _said_plainly(done)
    assert list(out.iterdir()) == [] and not [p for p in tmp_path.iterdir() if "partial" in p.name]


def test_export_into_a_folder_that_does_not_exist_makes_no_folders(run_cli: CliRunner, tmp_path: Path) -> None:
    match_id = str(a_find(run_cli, tmp_path))
    missing = tmp_path / "nonexistent" / "dir"
    done = run_cli("export", match_id, "-o", missing / "x.zip", "--no-timestamp")
    assert done.returncode == 2
    assert f"There is no folder {missing}" in _said_plainly(done)
    assert not (tmp_path / "nonexistent").exists()
    assert run_cli("export", match_id, "-o", tmp_path / "x.zip", "--no-timestamp").returncode == 0  # still exports


def test_export_where_nothing_can_be_written_says_so(run_cli: CliRunner, tmp_path: Path) -> None:
    match_id = str(a_find(run_cli, tmp_path))
    done = run_cli("export", match_id, "-o", UNWRITABLE / "x.zip", "--no-timestamp")
    assert done.returncode == 1
    assert f"Cannot write x.zip in {UNWRITABLE}" in _said_plainly(done)
    assert "Nothing was written" in done.stderr


def test_protect_into_a_place_that_cannot_be_one(run_cli: CliRunner, tmp_path: Path) -> None:
    picture = make_picture(tmp_path / "harbour.png", seed=7)
    assert run_cli("add", picture).returncode == 0
    work_id = str(json.loads(run_cli("works", "--json").stdout)[0]["id"])
    assert run_cli("settings", "creator_name", "Ada Lin").returncode == 0  # protect writes no copy without it
    unwritable = run_cli("protect", work_id, "-o", UNWRITABLE / "foo")
    assert unwritable.returncode == 1
    assert f"Cannot write foo in {UNWRITABLE}" in _said_plainly(unwritable)
    missing = run_cli("protect", work_id, "-o", tmp_path / "no" / "such" / "copies")
    assert missing.returncode == 2
    assert f"There is no folder {tmp_path / 'no' / 'such'}" in _said_plainly(missing)
    assert not (tmp_path / "no").exists()
    on_a_file = run_cli("protect", work_id, "-o", picture)
    assert on_a_file.returncode == 2 and f"{picture} is a file, not a folder" in _said_plainly(on_a_file)
    assert run_cli("protect", work_id, "-o", tmp_path / "copies").returncode == 0  # a new folder in one that exists
    assert len(list((tmp_path / "copies").iterdir())) >= 1


def test_a_takedown_draft_is_written_only_where_it_can_be(run_cli: CliRunner, tmp_path: Path) -> None:
    match_id = str(a_find(run_cli, tmp_path))
    out = tmp_path / "out"
    out.mkdir()
    on_a_folder = run_cli("takedown", "draft", match_id, "-o", out)
    assert on_a_folder.returncode == 2 and f"{out} is a folder" in _said_plainly(on_a_folder)
    missing = run_cli("takedown", "draft", match_id, "-o", tmp_path / "no" / "notice.txt")
    assert missing.returncode == 2 and f"There is no folder {tmp_path / 'no'}" in _said_plainly(missing)
    unwritable = run_cli("takedown", "draft", match_id, "-o", UNWRITABLE / "notice.txt")
    assert unwritable.returncode == 1 and f"Cannot write notice.txt in {UNWRITABLE}" in _said_plainly(unwritable)
    assert json.loads(run_cli("takedown", "list", "--json").stdout) == []  # no takedown was started by any of them
    assert not (tmp_path / "no").exists() and list(out.iterdir()) == []


def test_audit_refuses_a_folder_for_its_files_inside_one_that_does_not_exist(
    run_cli: CliRunner, tmp_path: Path
) -> None:
    missing = tmp_path / "no" / "upload"
    done = run_cli("audit", "http://127.0.0.1:9/", "-o", missing)  # refused before the site is asked
    assert done.returncode == 2 and f"There is no folder {tmp_path / 'no'}" in _said_plainly(done)
    assert not (tmp_path / "no").exists()
