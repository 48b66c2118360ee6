"""A data folder CreatorWatch can read but not write: the window and the reading commands show the library, finds and
settings as they are (in the creator's own appearance), say once and plainly that changes cannot be saved and why
(a read-only disk, or missing permission: the fixes differ), and every change is refused with that reason.

The read-only disk is a real one: a tmpfs remounted read-only in a user and mount namespace of its own (`unshare`),
so the test needs no privileges; root ignores permission bits, so missing permission is tested as an unprivileged
user (a user namespace without a mapping, where the process is "nobody")."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.media import make_picture

ROOT = Path(__file__).parent.parent


def _in_namespace(script: str, tmp_path: Path, *, as_nobody: bool = False) -> str:
    """Run the shell `script` with $CW the command line and $PY this Python, in a user and mount namespace (as root
    there, or as nobody); its standard output."""
    if not shutil.which("unshare"):
        pytest.fail("this test needs util-linux's unshare to mount a read-only disk of its own")
    lines = ["set -eu", f"PY={shlex.quote(sys.executable)}", f'CW="$PY -m creatorwatch --home {tmp_path}/home"', script]
    (tmp_path / "steps.sh").write_text("\n".join(lines) + "\n")
    namespace = ["unshare", "--user"] if as_nobody else ["unshare", "--user", "--map-root-user", "--mount"]
    done = subprocess.run(
        [*namespace, "sh", str(tmp_path / "steps.sh")],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr, done.stderr  # nothing failed unforeseen (logged or printed)
    return done.stdout


def _library(tmp_path: Path) -> str:
    """A home with one work and the dark appearance chosen, written while its disk could still be written."""
    picture = make_picture(tmp_path / "harbour.png", seed=7)
    return (
        f"$CW add {picture} > /dev/null\n$CW settings appearance dark > /dev/null\n"
        "$CW settings creator_name 'Marta Quiroga' > /dev/null\n"
    )


def _mounted_read_only(tmp_path: Path) -> str:
    data = tmp_path / "home" / "data"
    data.mkdir(parents=True)
    sources = f"$CW sources add folder --name found --set path={tmp_path} > /dev/null\n"  # due at once
    return f"mount -t tmpfs -o size=8m tmpfs {data}\n{_library(tmp_path)}{sources}mount -o remount,ro {data}\n"


def test_the_window_shows_a_read_only_library_and_says_why_changes_cannot_be_saved(tmp_path: Path) -> None:
    said = json.loads(
        _in_namespace(
            f"{_mounted_read_only(tmp_path)}rm {tmp_path}/harbour.png\n"  # a status to note, which cannot be saved
            f"$PY {ROOT}/tests/read_only_window.py {tmp_path}/home\n",
            tmp_path,
        ).splitlines()[-1]
    )
    assert said["unreadable"] == []  # no page says "could not be read": it could
    assert said["works"] == 1
    assert said["dark"], "the appearance the creator chose"
    database = tmp_path / "home" / "data" / "creatorwatch.sqlite3"
    assert said["banner"] == (
        f"<b>Changes cannot be saved.</b> The disk that holds your data file ({database}) is "
        "read-only, so CreatorWatch shows your library, finds and settings but cannot save any change, and "
        "monitoring is paused. Make the disk writable again, or copy the folder to one that is, then restart "
        "CreatorWatch."
    )
    assert said["watching"] and said["paused"], "a check could record nothing it found"
    assert not said["voice_enabled"]
    # what would write is greyed, saying why (Add files, Add folder, the term's Add were offered, to be refused)
    cannot = "Changes cannot be saved: your data file is read-only (the bar at the top of the window says why)"
    assert said["writing_enabled"] == [] and said["writing_tips"] == [cannot]
    assert not said["term_add_enabled"] and said["term_add_tip"] == cannot
    assert said["after_remove"] == [] and said["works_after_remove"] == 1
    # not "resume it from the tray icon's menu", which cannot help here
    assert said["checks"].endswith("Monitoring is paused: your data file is read-only, so nothing found could be "
                                   "saved (the bar at the top says why)"), said["checks"]


def _commands(*commands: str) -> str:
    return "".join(f'echo "== {c}"; $CW {c} 2>&1 && echo "rc=0" || echo "rc=$?"\n' for c in commands)


def _answers(out: str) -> dict[str, str]:
    parts = out.split("== ")[1:]
    return {part.split("\n", 1)[0]: part.split("\n", 1)[1] for part in parts}


def test_reading_commands_work_on_a_read_only_disk_and_writing_ones_say_why_not(tmp_path: Path) -> None:
    out = _answers(
        _in_namespace(
            _mounted_read_only(tmp_path)
            + _commands("works", "matches", "settings", "settings creator_name Ana", "remove 1", "check"),
            tmp_path,
        )
    )
    database = tmp_path / "home" / "data" / "creatorwatch.sqlite3"
    assert "harbour" in out["works"] and out["works"].endswith("rc=0\n")
    assert out["matches"].endswith("rc=0\n")
    assert "creator_name = Marta Quiroga" in out["settings"] and out["settings"].endswith("rc=0\n")
    for writing in ("settings creator_name Ana", "remove 1", "check"):
        assert out[writing] == (
            f"creatorwatch: The disk that holds your data file ({database}) is read-only, so "
            "CreatorWatch cannot save changes. Make the disk writable again, or copy the folder "
            "to one that is, then try again.\nrc=1\n"
        ), writing


def test_a_data_file_without_write_permission_is_read_and_the_reason_named(tmp_path: Path) -> None:
    _in_namespace(_library(tmp_path), tmp_path)  # as root: written while it may be
    home = tmp_path / "home"
    for path in [home, *home.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    (home / "data").chmod(0o555)
    (home / "logs" / "creatorwatch.log").chmod(0o666)
    os.chmod(tmp_path, 0o755)
    out = _answers(_in_namespace(_commands("works", "remove 1"), tmp_path, as_nobody=True))
    database = home / "data" / "creatorwatch.sqlite3"
    assert "harbour" in out["works"] and out["works"].endswith("rc=0\n")
    assert out["remove 1"] == (
        f"creatorwatch: You do not have permission to change your data file ({database}) or "
        "its folder, so CreatorWatch cannot save changes. Make them writable for your account, "
        "then try again.\nrc=1\n"
    )


def test_changes_a_killed_creatorwatch_left_in_the_write_ahead_log_are_shown(tmp_path: Path) -> None:
    """Killed before SQLite folded its -wal file into the data file: the latest changes are only there, and must be
    read too (`immutable=1` would skip them)."""
    database = tmp_path / "home" / "data" / "creatorwatch.sqlite3"
    killed = (
        f"$PY -c \"import os, sqlite3; c = sqlite3.connect('{database}'); c.execute('PRAGMA wal_autocheckpoint = 0');"
        ' c.execute(\\"UPDATE works SET title = \'harbour at dusk\'\\"); c.commit(); os._exit(0)"\n'
    )
    script = _mounted_read_only(tmp_path).replace("mount -o remount,ro", f"{killed}mount -o remount,ro")
    out = _answers(_in_namespace(script + _commands("works"), tmp_path))
    assert "harbour at dusk" in out["works"] and out["works"].endswith("rc=0\n"), out


def test_a_library_that_cannot_be_started_on_a_read_only_disk_says_so(tmp_path: Path) -> None:
    data = tmp_path / "home" / "data"
    data.mkdir(parents=True)
    out = _answers(_in_namespace(f"mount -t tmpfs -o size=1m,ro tmpfs {data}\n" + _commands("works"), tmp_path))
    assert out["works"] == (
        f"creatorwatch: The disk that holds your data file ({data / 'creatorwatch.sqlite3'}) is read-only, so "
        "CreatorWatch cannot save changes. Make the disk writable again, or copy the folder to one that is, then "
        "try again.\nrc=1\n"
    )
