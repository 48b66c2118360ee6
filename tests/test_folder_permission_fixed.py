"""A file in a watched folder that CreatorWatch was not allowed to read is read once its permissions are mended:
mending them changes neither its size nor its time, so it passed for a file already read and a copy in it was never
found."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import CliRunner
from tests.media import make_picture
from tests.test_cli_library import _as_unprivileged


def test_a_file_read_once_its_permissions_are_mended(run_cli: CliRunner, tmp_path: Path) -> None:
    picture = make_picture(tmp_path / "harbour.png", seed=7)
    watched = tmp_path / "watched"
    watched.mkdir()
    copy = watched / "copy.png"
    shutil.copy(picture, copy)
    copy.chmod(0)
    assert run_cli("add", picture).returncode == 0
    assert run_cli("sources", "add", "folder", "--name", "dl", "--set", f"path={watched}").returncode == 0

    locked = run_cli("check", prefix=_as_unprivileged())
    assert "CreatorWatch is not allowed to read this file" in locked.stdout, locked.stdout + locked.stderr
    assert "1 new match" not in locked.stdout

    copy.chmod(0o644)
    mended = run_cli("check")
    assert mended.returncode == 0, mended.stderr
    assert "1 match, 0 mentions." in mended.stdout, mended.stdout + mended.stderr
