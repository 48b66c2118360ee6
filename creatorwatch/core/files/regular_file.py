"""Open only regular files: a named pipe would block for ever and a device (/dev/zero) never ends.

The file is opened without waiting (O_NONBLOCK) and checked on the open descriptor, so nothing can swap a pipe
in between the check and the read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from creatorwatch.core.errors import UnreadableMedia

NOT_REGULAR = "this is not a regular file (it is a pipe, a device or a socket), so CreatorWatch does not read it"


class NotRegularFile(UnreadableMedia):
    """A path that names a pipe, a device or a socket rather than a file."""


def open_regular(path: Path) -> BinaryIO:
    """`path` opened for binary reading, or NotRegularFile; OSError (missing, permission denied) as usual."""
    _check(os.stat(path).st_mode, path)  # some devices act on being opened at all (a watchdog, a tape)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        _check(os.fstat(fd).st_mode, path)  # and again on what was opened, in case it was swapped meanwhile
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _check(mode: int, path: Path) -> None:
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(21, "Is a directory", str(path))
    if not stat.S_ISREG(mode):
        raise NotRegularFile(NOT_REGULAR)


def require_regular(path: Path) -> None:
    """Raise NotRegularFile unless `path` is a regular file (for readers that must be given a name)."""
    open_regular(path).close()
