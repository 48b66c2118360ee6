"""A file about to be written where one already is: the one there is kept beside it under a new name.

Why: a creator's evidence bundle may be the only record of a copy that has since been taken down; writing a
new one to the same name must not lose it. The new file still lands where it was asked to (scripts rely on
that), and the earlier one becomes `NAME (earlier N).EXT`, N the first number free.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
from pathlib import Path


def keep_earlier(target: Path) -> Path | None:
    """Give the file at `target` a free `(earlier N)` name beside it; returns that name, None if there was none.
    Hard-linked where the disk allows, else copied: `target` is never missing until its replacement is renamed
    over it."""
    if not target.is_file():
        return None
    for number in range(1, 10_000):
        earlier = target.with_name(f"{target.stem} (earlier {number}){target.suffix}")
        try:
            os.link(target, earlier, follow_symlinks=False)
            return earlier
        except FileExistsError:
            continue
        except OSError as exc:  # a disk without hard links (FAT, exFAT, some network shares): a copy then
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
                raise
            if not os.path.lexists(earlier):
                shutil.copy2(target, earlier)
                return earlier
    raise FileExistsError(errno.EEXIST, "no free name to keep the earlier file under", str(target))


def earlier_name(target: Path) -> Path | None:
    """The name `keep_earlier(target)` will give the file at `target` now (None if there is none): the first free
    `(earlier N)`, as it tries them."""
    if not target.is_file():
        return None
    for number in range(1, 10_000):
        earlier = target.with_name(f"{target.stem} (earlier {number}){target.suffix}")
        if not os.path.lexists(earlier):
            return earlier
    return None


def earlier_files(target: Path) -> list[Path]:
    """The files `keep_earlier` kept beside `target` so far, `(earlier 1)` first."""
    pattern = re.compile(re.escape(target.stem) + r" \(earlier (\d+)\)" + re.escape(target.suffix))
    try:
        found = [(int(m.group(1)), p) for p in target.parent.iterdir() if (m := pattern.fullmatch(p.name))]
    except OSError:
        return []
    return [p for _, p in sorted(found) if p.is_file()]
