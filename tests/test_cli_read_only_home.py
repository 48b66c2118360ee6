"""A data home the creator cannot write to (restored from a read-only backup, a disk mounted read-only, a folder
owned by another account) is named in plain words, with what to do, instead of a Python traceback."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import CliRunner
from tests.media import make_picture
from tests.test_cli_library import _as_unprivileged  # root writes everywhere: a user namespace checks permissions


def test_a_read_only_home_is_named_with_what_to_do(run_cli: CliRunner, home: Path, tmp_path: Path) -> None:
    assert run_cli("add", make_picture(tmp_path / "harbour.png", seed=7)).returncode == 0
    folders = [p for p in home.rglob("*") if p.is_dir()] + [home]
    for path in home.rglob("*"):
        path.chmod(0o444 if path.is_file() else 0o555)
    home.chmod(0o555)
    try:
        results = [run_cli(*args, prefix=_as_unprivileged()) for args in (("works",), ("remove", "1"))]
    finally:
        for folder in folders:
            folder.chmod(0o755)
    for result in results:
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr
        assert f"creatorwatch: cannot write to {home}" in result.stderr
        assert "make them writable, or choose another folder with --home DIR" in result.stderr
