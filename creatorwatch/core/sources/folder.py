"""A local folder the creator points at (a downloaded dataset, AI outputs they collected): each run offers the
files that are new or changed since the last one, and runs come every few minutes (PACE_MINUTES)."""

from __future__ import annotations

import os
from pathlib import Path

from creatorwatch.core.errors import SourceError
from creatorwatch.core.files.walk import collect_files
from creatorwatch.core.sources.base import Candidate, Cursor, PollResult, Source
from creatorwatch.core.wording.words import counted

PACE_MINUTES = 5  # a folder is read on this computer, and unchanged files are not read again: look often


class FolderSource(Source):
    TYPE = "folder"
    REQUIRED_SETTINGS = ("path",)
    OWN_PACE_MINUTES = PACE_MINUTES

    @classmethod
    def settings_problem(cls, settings: dict[str, str]) -> str | None:
        root = _root(settings)
        if root is None or root.is_dir() or not root.exists():
            return None
        return f"{_not_a_folder(root)}: name the folder that holds the files to check."

    @classmethod
    def settings_note(cls, settings: dict[str, str]) -> str | None:
        """A folder not there yet is normal (a drive not plugged in): accepted, and said."""
        root = _root(settings)
        if root is None or os.path.lexists(root):
            return None
        return f"there is no folder at {root} yet; it is checked once it is there (a drive plugged in, a folder made)."

    def poll(self, cursor: Cursor) -> PollResult:
        root = Path(self.config.settings["path"]).expanduser()
        if root.exists() and not root.is_dir():
            raise SourceError(f"{self.config.name} (folder): {_not_a_folder(root)}. Point the source at a folder "
                              f"with: creatorwatch sources set {self.config.name} --set path=…")
        if not root.is_dir():
            raise SourceError(f"{self.config.name} (folder): there is no folder at {root}. Plug in the drive, or "
                              "point the source elsewhere with: "
                              f"creatorwatch sources set {self.config.name} --set path=…")
        before: dict[str, str] = cursor.get("files", {})
        walked = collect_files([root])
        files = walked.files
        if before and not files and not walked.problems:  # an unplugged drive leaves its mount point: empty
            raise SourceError(f"{self.config.name} (folder): the folder {root} is empty now; if it is on a drive, "
                              "is the drive connected?")
        now: dict[str, str] = {}
        candidates = []
        for path, unreadable in [*((path, None) for path in files), *walked.problems]:  # listed as `add` lists them
            revision = _revision(path, follow=unreadable is None)
            if revision is None:
                continue
            key = str(path.absolute())
            now[key] = revision
            if before.get(key) != revision:
                candidates.append(Candidate(url=path.absolute().as_uri(), source=self.config.name, title=path.name,
                                            path=None if unreadable else path, unreadable=unreadable,
                                            meta={"revision": revision, "title_is_file_name": True}))
        return PollResult(candidates, {"files": now})


def how_soon(settings: dict[str, str]) -> str:
    """How soon files dropped into a watched folder are looked at, in the window's words (the Add-source dialog and
    the Sources page)."""
    own = settings.get("interval", "")
    minutes = round(float(own)) if own.replace(".", "", 1).isdigit() else PACE_MINUTES
    return (f"New or changed files in the folder are looked at every {counted(minutes, 'minute')} while CreatorWatch "
            "is open; files already looked at are not read again. \u201cCheck this source now\u201d looks at once.")


def _revision(path: Path, *, follow: bool) -> str | None:
    """A file's size and time, so it is offered again once it changes; of an entry that cannot be read (a loop of
    links, a named pipe) its own, not what it leads to. None if it went meanwhile. A file this process may not read
    is marked so: mending its permissions changes neither size nor time, and it must be offered again then."""
    try:
        info = path.stat() if follow else path.lstat()
    except OSError:
        return None
    return f"{info.st_size}-{info.st_mtime_ns}" + ("" if not follow or os.access(path, os.R_OK) else "-not-allowed")


def _root(settings: dict[str, str]) -> Path | None:
    return Path(settings["path"]).expanduser() if settings.get("path") else None


def _not_a_folder(path: Path) -> str:
    return f"{path} is a file, not a folder"


def urls_found(cursor: Cursor) -> set[str] | None:
    """The files a folder's latest check found there, as their candidates' URLs (None: it was never checked)."""
    files = cursor.get("files")
    return None if files is None else {Path(key).as_uri() for key in files}
