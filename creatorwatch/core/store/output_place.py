"""The place a creator chose to write to (an evidence bundle's file, the folder for protected copies): checked before
anything is written, so a mistyped path is refused rather than made into new folders, and a place that refuses new
files is said in words, not as an operating-system error."""

from __future__ import annotations

import errno
from pathlib import Path

from creatorwatch.core.errors import CannotWriteThere, WrongPlace
from creatorwatch.core.store.db import DISK_FULL

NOTHING_WRITTEN = "Nothing was written."

_WHY = {
    errno.EACCES: "you do not have permission to write there",
    errno.EPERM: "you do not have permission to write there",
    errno.EROFS: "that disk can only be read",
    errno.EISDIR: "a folder there has that name",
    errno.ENOTDIR: "part of the path is a file, not a folder",
}


def check_file_place(target: Path, what: str, example: str) -> None:
    """`target` must be a file name (new, or an earlier file) in a folder that exists; `what` is what is written
    ("the evidence bundle"), `example` a file name for it ("evidence.zip")."""
    if target.is_dir():
        raise WrongPlace(f"{target} is a folder; give {what} a file name, e.g. {target / example}. {NOTHING_WRITTEN}")
    _check_folder_exists(target.parent)


def check_folder_place(folder: Path) -> None:
    """`folder` must be a folder, or a new one to be made in a folder that exists."""
    if folder.exists() and not folder.is_dir():
        raise WrongPlace(
            f"{folder} is a file, not a folder; name a folder for the copies (it is made if it is new, "
            f"inside a folder that exists). {NOTHING_WRITTEN}"
        )
    if not folder.exists():
        _check_folder_exists(folder.parent)


def cannot_write_there(where: Path, exc: OSError) -> CannotWriteThere | OSError:
    """`exc` in words when it means the chosen place (`where`: the file or the folder written to) takes no new files;
    `exc` itself for anything else (a full disk is said elsewhere; a file read for it is not the place)."""
    folder = where.parent
    touched = Path(exc.filename).parent if exc.filename else None
    if exc.errno in DISK_FULL or touched not in (folder, where):
        return exc
    why = _WHY.get(exc.errno or 0, "that place does not take new files")
    return CannotWriteThere(
        f"Cannot write {where.name} in {folder} ({why}). Choose a folder you can write to. {NOTHING_WRITTEN}"
    )


def _check_folder_exists(folder: Path) -> None:
    if folder.is_dir():
        return
    if folder.exists():
        raise WrongPlace(f"{folder} is a file, not a folder. {NOTHING_WRITTEN}")
    raise WrongPlace(f"There is no folder {folder}: check the path, or make the folder first. {NOTHING_WRITTEN}")
