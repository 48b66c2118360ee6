"""What another CreatorWatch process is doing with one data folder this moment: two checks at once (the window's
scheduler, `creatorwatch run`, a script's `creatorwatch check`) each claim the sources they read, so the second is
told plainly that the first is reading them instead of counting its finds as nothing new; an add claims itself, so
its files still to be added are not taken for those of an add that closed halfway. The claims are the operating
system's file locks (flock) on small files in the data folder: they go with the process that held them, so a
process killed with kill -9 leaves nothing claimed."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

import sqlite_utils

try:
    import fcntl
except ImportError:  # Windows: no claims; checks run as they did, and every add counts as no longer running
    fcntl = None  # type: ignore[assignment]

LOCK_FOLDER = "locks"
log = logging.getLogger(__name__)


def data_folder(db: sqlite_utils.Database) -> Path | None:
    """The folder of the data file `db` was opened from (None for one in memory)."""
    for _seq, name, file in db.conn.execute("PRAGMA database_list"):
        if name == "main" and file:
            return Path(file).parent
    return None


@contextlib.contextmanager
def claimed(folder: Path | None, keys: Iterable[str]) -> Iterator[set[str]]:
    """The keys of `keys` (source names, say) this process now holds, until the block ends; a key another process
    (or another claim in this one) holds is left out. All are taken under one short gate lock, so two checks
    started together do not split the sources between them: the first takes every free one, the second none."""
    keys = list(keys)
    if folder is None or fcntl is None:
        yield set(keys)
        return
    held: dict[str, int] = {}
    try:
        held = _take(folder / LOCK_FOLDER, keys)
        mine = set(held)
    except OSError as exc:  # a read-only data folder, say: go on as before, unclaimed
        log.info("could not claim %s in %s (%s)", ", ".join(keys), folder, exc)
        mine = set(keys)
    try:
        yield mine
    finally:
        for fd in held.values():
            os.close(fd)  # closing lets go of the lock


def held_now(folder: Path | None, keys: Iterable[str], once_only: bool = False) -> set[str]:
    """The keys of `keys` some claim holds this moment (another process's, or one in this process). Where there are
    no claims (Windows, a data folder in memory or that cannot be read) none is. `once_only`: the keys are never
    claimed again once let go (one add's), so the file of a free one is removed, not left behind by a killed
    process."""
    keys = list(keys)
    if folder is None or fcntl is None or not keys:
        return set()
    busy = set()
    for key in keys:
        path = _lock_path(folder / LOCK_FOLDER, key)
        try:
            fd = os.open(path, os.O_RDWR | getattr(os, "O_CLOEXEC", 0))
        except OSError:  # never claimed here, or its claim is over
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            busy.add(key)
        except OSError as exc:
            log.info("could not tell whether %s is claimed in %s (%s)", key, folder, exc)
        else:
            if once_only:
                with contextlib.suppress(OSError):
                    path.unlink()
        finally:
            os.close(fd)
    return busy


def let_go_for_good(folder: Path | None, key: str) -> None:
    """Remove the file of a key claimed once only, its claim over (an add that finished)."""
    if folder is not None and fcntl is not None:
        with contextlib.suppress(OSError):
            _lock_path(folder / LOCK_FOLDER, key).unlink()


def _take(locks: Path, keys: list[str]) -> dict[str, int]:
    assert fcntl is not None
    locks.mkdir(exist_ok=True)
    held: dict[str, int] = {}
    gate = _open(locks / "gate.lock")
    try:
        fcntl.flock(gate, fcntl.LOCK_EX)  # held for a moment only: while the free keys are taken
        for key in keys:
            fd = _open(_lock_path(locks, key))
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                continue
            held[key] = fd
    except BaseException:
        for fd in held.values():
            os.close(fd)
        raise
    finally:
        os.close(gate)
    return held


def _lock_path(locks: Path, key: str) -> Path:
    return locks / f"{hashlib.sha256(key.encode()).hexdigest()[:24]}.lock"


def _open(path: Path) -> int:
    return os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o600)
