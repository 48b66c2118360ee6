"""Turn the files and folders a creator named into the list of files to add, noting every one that cannot be."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Walked:
    files: list[Path] = field(default_factory=list)
    problems: list[tuple[Path, str]] = field(default_factory=list)


def collect_files(paths: Iterable[Path]) -> Walked:
    """Every regular file under `paths` (folders recursively, links followed once, loops broken), in order."""
    walked = Walked()
    seen_dirs: dict[tuple[int, int], Path] = {}  # each folder read, by identity, and where it was first reached
    seen_files: set[Path] = set()
    for path in paths:
        if path.is_dir():
            _walk_folder(path, walked, seen_dirs, seen_files)
        elif path.is_file():
            _take_file(path, walked, seen_files)
        elif path.is_symlink():
            walked.problems.append((path, broken_link(path)))
        elif path.exists():
            walked.problems.append((path, NOT_A_FILE))
        else:
            walked.problems.append((path, "there is no file or folder at this path"))
    return walked


def _take_file(path: Path, walked: Walked, seen_files: set[Path]) -> None:
    resolved = path.resolve()
    if resolved not in seen_files:
        seen_files.add(resolved)
        walked.files.append(path)


def _walk_folder(root: Path, walked: Walked, seen_dirs: dict[tuple[int, int], Path], seen_files: set[Path]) -> None:
    def on_error(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else root
        if isinstance(exc, PermissionError):
            walked.problems.append((where, "CreatorWatch is not allowed to open this folder (permission denied)"))
        else:
            walked.problems.append((where, f"this folder could not be read ({exc.strerror or exc})"))

    for folder, dirnames, filenames in os.walk(root, onerror=on_error, followlinks=True):
        here = Path(folder)
        try:
            info = here.stat()
        except OSError:
            dirnames[:] = []
            continue
        key = (info.st_dev, info.st_ino)
        if key in seen_dirs:  # read already: a link to a folder reached another way too needs no word
            if here.is_relative_to(seen_dirs[key]):
                walked.problems.append((here, "this link leads back to a folder it is in (a loop of folders); that "
                                              "folder's files were taken once"))
            dirnames[:] = []
            continue
        seen_dirs[key] = here
        dirnames.sort()
        for name in sorted(filenames):
            path = here / name
            if name.startswith("."):
                continue  # hidden files (.DS_Store, editor swap files) are not works
            if path.is_file():
                _take_file(path, walked, seen_files)
            elif path.is_symlink():
                walked.problems.append((path, broken_link(path)))
            else:  # a named pipe, a socket or a device: said, as when it is named itself
                walked.problems.append((path, NOT_A_FILE))


NOT_A_FILE = "this is not a regular file (a device, pipe or socket)"
LINK_LOOP = "the link leads to other links that lead back to it (a loop of links), never to a file"


LINK_TO_NOT_A_FILE = "the link points to something that is not a regular file (a device, pipe or socket)"


def broken_link(path: Path) -> str:
    """Why a link leads to no file: a loop of links, a link to a deleted file and a link to a device (/dev/zero)
    need different fixes."""
    try:
        os.stat(path)
    except OSError as exc:
        return LINK_LOOP if exc.errno == errno.ELOOP else "the link points to a file that does not exist"
    return LINK_TO_NOT_A_FILE
