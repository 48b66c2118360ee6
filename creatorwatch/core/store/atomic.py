"""The one way CreatorWatch writes a file: into `.NAME.creatorwatch-partial` in the same folder, flushed and
fsynced, then renamed over NAME (and the folder fsynced), so that a crash, a full disk or kill -9 leaves
either the old file or the new one, never half of one.

Why a fixed, recognisable partial name: the start-up sweep (core/watch/sweep.py) must find what a killed process
left behind. Why a lock: the sweep must not take a partial that a live process (the window, another command)
is still writing. The writer holds an advisory lock on the partial (and on a temporary folder, see `owned`)
for as long as it works on it; the kernel drops the lock when the process dies, however it dies, so a partial
whose lock is free is one nobody will finish. Where the system has no such locks (Windows), an open file
cannot be deleted anyway, and a partial counts as abandoned only once it is `GRACE_SECONDS` old.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

PARTIAL_SUFFIX = ".creatorwatch-partial"
OWNED_SUFFIX = "-owned"  # a temporary folder locked by its process while in use (see owned_temp_folder)
GRACE_SECONDS = 600.0  # without locks: how old an unfinished partial must be before it counts as abandoned


def partial_path(target: Path) -> Path:
    """Where `target` is written before it is renamed into place."""
    return target.with_name(f".{target.name}{PARTIAL_SUFFIX}")


def is_partial(path: Path) -> bool:
    return path.name.startswith(".") and path.name.endswith(PARTIAL_SUFFIX)


class PartialInUse(OSError):
    """Another live process is writing the same file right now."""


class AtomicFile:
    """A partial file open for writing; `commit()` puts it in place, `discard()` (or leaving without commit in
    a `with`) removes it. `handle` is a binary file object; the lock lives as long as it is open."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.partial = partial_path(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        self.handle: IO[bytes] = _create_locked(self.partial)
        self.done = False
        self.committed = False

    def sync(self) -> None:
        """Flush and fsync what was written (commit does it too; call it early to hash the finished bytes)."""
        self.handle.flush()
        os.fsync(self.handle.fileno())

    def commit(self) -> None:
        self.sync()
        os.replace(self.partial, self.target)
        self.done = self.committed = True
        self.handle.close()  # only now: until the rename the lock tells the sweep the partial is alive
        fsync_folder(self.target.parent)

    def discard(self) -> None:
        if not self.done:
            with contextlib.suppress(OSError):  # closing flushes what is buffered: on a full disk that fails again,
                self.handle.close()  # and the partial must still go, or it keeps the disk full
            self.partial.unlink(missing_ok=True)
            self.done = True

    def __enter__(self) -> AtomicFile:
        return self

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        if kind is not None or not self.done:
            self.discard()


@contextlib.contextmanager
def atomic_write(target: Path) -> Iterator[IO[bytes]]:
    """`with atomic_write(path) as out: out.write(...)` — `path` appears complete on leaving, or not at all."""
    with AtomicFile(target) as file:
        yield file.handle
        file.commit()


def write_bytes(target: Path, data: bytes) -> None:
    with atomic_write(target) as out:
        out.write(data)


def write_text(target: Path, text: str) -> None:
    write_bytes(target, text.encode("utf-8"))


def place(finished: Path, target: Path) -> None:
    """Rename a file some other writer finished (a download) into place, durably."""
    with open(finished, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(finished, target)
    fsync_folder(target.parent)


def place_folder(finished: Path, target: Path) -> None:
    """Rename a folder whose files are all written (a capture) into place, durably: its files are fsynced, then
    the folder's name changes in one step, so a reader sees it whole or not at all."""
    for entry in finished.iterdir():
        if entry.is_file() and not entry.is_symlink():
            with open(entry, "rb") as handle:
                os.fsync(handle.fileno())
    os.rename(finished, target)
    fsync_folder(target.parent)


def replace_folder(fresh: Path, folder: Path) -> None:
    """Put the finished folder `fresh` where `folder` is: the old one moves aside first and goes once the new one
    is in place (a crash between the two renames leaves `folder.old`, never half of either)."""
    old = folder.with_name(folder.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if folder.exists():
        os.replace(folder, old)
    os.replace(fresh, folder)
    fsync_folder(folder.parent)
    shutil.rmtree(old, ignore_errors=True)


def fsync_folder(folder: Path) -> None:
    """Make a rename in `folder` survive a power cut (a no-op where folders cannot be opened, i.e. Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextlib.contextmanager
def owned_temp_folder(prefix: str) -> Iterator[Path]:
    """A temporary folder (like tempfile.TemporaryDirectory) that the sweep can tell from a dead one: its name
    ends in OWNED_SUFFIX, and it is locked while in use."""
    folder, fd = make_owned_folder(lambda: Path(tempfile.mkdtemp(OWNED_SUFFIX, prefix)))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if fd is not None:
            os.close(fd)


def make_owned_folder(make: Callable[[], Path]) -> tuple[Path, int | None]:
    """Create a folder with `make` and lock it (close the returned descriptor to let go). A sweep that took the
    fresh folder before it was locked would have removed it: then it is made again."""
    while True:
        folder = make()
        fd = _lock(folder)
        if _same(folder, fd):
            return folder, fd
        if fd is not None:
            os.close(fd)


def abandoned(path: Path, now: float | None = None) -> bool:
    """Whether the partial file or folder at `path` belongs to no live writer (so may be removed)."""
    if fcntl is None:
        try:
            return (now or time.time()) - path.stat().st_mtime > GRACE_SECONDS
        except OSError:
            return False
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    else:
        return True
    finally:
        os.close(fd)  # closing drops the lock we took


def _create_locked(partial: Path) -> IO[bytes]:
    """Create `partial` exclusively and lock it; an abandoned one in the way is removed first."""
    for _ in range(3):
        try:
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o644)
        except FileExistsError:
            if not abandoned(partial):
                raise PartialInUse(f"{partial.name[1:-len(PARTIAL_SUFFIX)]} is being written by another "
                                   "CreatorWatch right now; try again when it has finished") from None
            partial.unlink(missing_ok=True)
            continue
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        if _same(partial, fd):  # a sweep that took it between create and lock removed it: start again
            return os.fdopen(fd, "wb")
        os.close(fd)
    raise PartialInUse(f"could not start writing {partial}")


def _lock(path: Path) -> int | None:
    if fcntl is None:
        return None
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return None
    fcntl.flock(fd, fcntl.LOCK_EX)
    return fd


def _same(path: Path, fd: int | None) -> bool:
    if fd is None:
        return fcntl is None and path.exists()
    try:
        return os.stat(path).st_ino == os.fstat(fd).st_ino
    except OSError:
        return False
