"""The lines `check` prints as it goes agree with its summary: a source whose items seen before were matched again
(against works added since) does not read "0 matches", and a failed source's error is said once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import CliRunner
from tests.media import make_picture


@pytest.mark.parametrize("rescan", [False, True], ids=["works-added-since", "rescan"])
def test_new_matches_in_items_seen_before_are_on_their_sources_line(run_cli: CliRunner, tmp_path: Path,
                                                                    rescan: bool) -> None:
    picture = make_picture(tmp_path / "harbour.png", seed=7)
    watched = tmp_path / "watched"
    watched.mkdir()
    shutil.copy(picture, watched / "copy.png")
    assert run_cli("sources", "add", "folder", "--name", "dl", "--set", f"path={watched}").returncode == 0
    assert run_cli("check").returncode == 0  # seen, with no work yet to match it
    assert run_cli("add", picture).returncode == 0
    checked = run_cli("check", *(["--rescan"] if rescan else []))
    assert checked.returncode == 0, checked.stderr
    assert "dl: 0 new, 0 matches, 0 mentions; 1 new match in items seen before" in checked.stderr.splitlines()
    assert "1 new match." in checked.stdout


def test_a_failed_sources_error_is_said_once(run_cli: CliRunner, tmp_path: Path) -> None:
    gone = tmp_path / "unplugged"
    assert run_cli("sources", "add", "folder", "--name", "usb", "--set", f"path={gone}").returncode == 0
    checked = run_cli("check")
    assert checked.returncode == 1
    said = checked.stdout + checked.stderr
    assert said.count(f"there is no folder at {gone}") == 1
    as_json = run_cli("check", "--json")  # no summary in words: the progress line says it
    assert as_json.stderr.count(f"there is no folder at {gone}") == 1
