"""One find to act on from the command line: a work ("harbour") and a folder source holding a copy of it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.conftest import CliRunner
from tests.media import make_picture


def a_find(run_cli: CliRunner, tmp_path: Path) -> int:
    """Adds the work, watches a folder with its copy, checks once; the one match's id."""
    picture = make_picture(tmp_path / "harbour.png", seed=7)
    watched = tmp_path / "watched"
    watched.mkdir()
    shutil.copy(picture, watched / "copy.png")
    assert run_cli("add", picture).returncode == 0
    assert run_cli("sources", "add", "folder", "--name", "dl", "--set", f"path={watched}").returncode == 0
    assert run_cli("check").returncode == 0
    found = json.loads(run_cli("matches", "--json").stdout)
    assert len(found) == 1
    return int(found[0]["id"])
