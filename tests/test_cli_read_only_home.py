"""A data home the creator cannot write to (restored from a read-only backup, a disk mounted read-only, a folder
owned by another account) is named in plain words, with what to do, instead of a Python traceback. A library already
there is still read (tests/test_read_only_data.py); one that cannot even be started is named with the folder."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import CliRunner
from tests.media import make_picture
from tests.test_cli_library import _as_unprivileged  # root writes everywhere: a user namespace checks permissions


def _read_only(home: Path) -> list[Path]:
    folders = [p for p in home.rglob("*") if p.is_dir()] + [home]
    for path in home.rglob("*"):
        path.chmod(0o444 if path.is_file() else 0o555)
    home.chmod(0o555)
    return folders


def test_a_read_only_home_is_read_and_changes_refused_with_what_to_do(
    run_cli: CliRunner, home: Path, tmp_path: Path
) -> None:
    assert run_cli("add", make_picture(tmp_path / "harbour.png", seed=7)).returncode == 0
    folders = _read_only(home)
    try:
        works, remove = [run_cli(*args, prefix=_as_unprivileged()) for args in (("works",), ("remove", "1"))]
    finally:
        for folder in folders:
            folder.chmod(0o755)
    assert works.returncode == 0 and "harbour" in works.stdout, works.stderr
    assert remove.returncode == 1 and "Traceback" not in remove.stderr
    assert remove.stderr == (
        f"creatorwatch: You do not have permission to change your data file "
        f"({home / 'data' / 'creatorwatch.sqlite3'}) or its folder, so CreatorWatch cannot save "
        "changes. Make them writable for your account, then try again.\n"
    )


def test_a_read_only_home_without_a_library_is_named_with_what_to_do(run_cli: CliRunner, home: Path) -> None:
    for name in ("data", "config", "cache", "logs"):
        (home / name).mkdir(parents=True)
    folders = _read_only(home)
    try:
        result = run_cli("works", prefix=_as_unprivileged())
    finally:
        for folder in folders:
            folder.chmod(0o755)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert f"creatorwatch: cannot write to {home}" in result.stderr
    assert "make them writable, or choose another folder with --home DIR" in result.stderr
