"""Commands about the creator's own works: add, works, remove, match."""

from __future__ import annotations

import argparse
import errno
import json
import logging
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from creatorwatch.commands.registry import WRONG_USAGE, CommandAdder
from creatorwatch.core.errors import SourceError, TooLarge, UnreadableMedia
from creatorwatch.core.files.file_url import path_of_file_url
from creatorwatch.core.files.walk import LINK_LOOP, collect_files
from creatorwatch.core.library.unfinished import CLI_CHOICE, forget, not_added, unfinished
from creatorwatch.core.library.works import FileOutcome, Library, unexpected_problem
from creatorwatch.core.net.download import fetch_to_file
from creatorwatch.core.store.db import cannot_store, open_database
from creatorwatch.core.wording.humanize import human_size
from creatorwatch.core.wording.one_line import one_line
from creatorwatch.core.wording.retry import tried_once
from creatorwatch.core.wording.words import counted
from creatorwatch.paths import Paths

if TYPE_CHECKING:
    from creatorwatch.core.matching.match import Matcher

log = logging.getLogger(__name__)


def register(command: CommandAdder) -> None:
    p = command("add", run_add, "add files or folders (recursively) to the library")
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    p.add_argument("--json", action="store_true", help="print what happened to each file as JSON")
    p.add_argument("--unfinished", action="store_true",
                   help="also add the files an earlier add did not finish (CreatorWatch closed halfway)")
    p.add_argument("--forget-unfinished", action="store_true",
                   help="let go of the files an earlier add did not finish, without adding them")
    p = command("works", run_works, "list the works in the library")
    p.add_argument("--json", action="store_true")
    p.add_argument("--kind", choices=["image", "audio", "text"])
    p = command("remove", run_remove, "take works out of the library (their files are not touched)")
    p.add_argument("work_ids", nargs="+", type=int, metavar="WORK_ID")
    p = command("match", run_match, "match candidate files (a folder: every file in it) against the library now, "
                                    "without recording them")
    p.add_argument("candidates", nargs="+", metavar="PATH_OR_URL")
    p.add_argument("--json", action="store_true", help="one JSON object per candidate, per line")


def open_library(paths: Paths) -> Library:
    return Library(open_database(paths.database))


def run_add(args: argparse.Namespace, paths: Paths) -> int:
    if not (args.paths or args.unfinished or args.forget_unfinished):
        print("creatorwatch add: name the files or folders to add", file=sys.stderr)
        return WRONG_USAGE
    library = open_library(paths)
    progress = _Progress() if sys.stderr.isatty() and not args.json else None
    if args.forget_unfinished:
        forget(library.db)
        print("The files an earlier add did not finish were let go.", file=sys.stderr)
        if not (args.paths or args.unfinished):
            return 0
    if args.unfinished:
        args.paths = [*args.paths, *unfinished(library.db)]

    added = 0

    def on_progress(done: int, total: int, outcome: FileOutcome) -> None:
        nonlocal added
        added += outcome.outcome == "added"
        if outcome.outcome == "skipped" and not args.json:
            _clear(progress)
            print(one_line(f"skipped {shown(outcome.path)}: {outcome.reason}"))
        if progress:
            progress.show(done, total)

    try:
        report = library.add_paths(args.paths, on_progress)
    except Exception as exc:  # a full disk, mid-way: the works added so far stay in the library
        _clear(progress)
        if added and cannot_store(exc) is not None:
            print(f"{counted(added, 'work')} added before this stopped; adding the same files again adds the rest "
                  "and skips those.")
        raise
    _clear(progress)
    if args.json:
        def rows(items: list[FileOutcome]) -> list[dict[str, Any]]:
            return [{"path": shown(o.path), "reason": o.reason, "work_id": o.work.id if o.work else None,
                     "warning": o.warning, "relinked_finds": o.relinked} for o in items]
        print(json.dumps({"added": rows(report.added), "already": rows(report.already),
                          "skipped": rows(report.skipped)}))
    else:
        for outcome in report.already:
            print(one_line(f"already there {shown(outcome.path)}: {outcome.reason}"))
        for outcome in report.added:
            if outcome.relinked:  # its content was removed before: the finds that named that work name this one
                print(one_line(f"added {shown(outcome.path)}: {outcome.reason}"))
        for outcome in report.warned:
            done = "was added" if outcome.outcome == "added" else "is in the library"
            print(one_line(f"{shown(outcome.path)} {done}, but {outcome.warning}."))
        print(one_line(report.summary()))  # each on one line: a line break in a file's name is shown as \n
    if left := unfinished(library.db):  # an add killed halfway, none of whose files this one took: said until
        print(f"{not_added(len(left))} {CLI_CHOICE}", file=sys.stderr)  # added or let go
    return 1 if report.skipped else 0


def run_works(args: argparse.Namespace, paths: Paths) -> int:
    library = open_library(paths)
    library.refresh_statuses()
    works = library.works(args.kind)
    if args.json:
        listed = [{**work.as_json(), "work_id": work.id, "work_path": work.path} for work in works]  # as `match`
        print(json.dumps(listed, indent=2))  # and `matches` name them, beside the plain "id" and "path"
        return 0
    if not works:
        print("The library is empty. Add your works with: creatorwatch add PATH…")
        return 0
    print(f"{'ID':>5}  {'KIND':<5}  {'SIZE':>9}  {'ADDED':<10}  TITLE")
    for work in works:
        flag = {"missing": "  [file missing]", "changed": "  [file changed since added]"}.get(work.status, "")
        title = one_line(work.title)  # a line break in a title would break the table
        print(f"{work.id:>5}  {work.kind:<5}  {human_size(work.size):>9}  {work.added_at[:10]}  {title}{flag}")
    return 0


def run_remove(args: argparse.Namespace, paths: Paths) -> int:
    library = open_library(paths)
    finds = {work_id: statuses for work_id in args.work_ids
             if (statuses := [s for (s,) in library.db.execute(
                 "SELECT status FROM matches WHERE type = 'match' AND work_id = ?", [work_id])])}
    removed, unknown = library.remove(args.work_ids)
    for work in removed:
        print(f"removed #{work.id} \"{work.title}\"")
        if work.id in finds:  # as the window's question says before it removes one
            statuses = finds[work.id]
            confirmed = statuses.count("confirmed")
            one = len(statuses) == 1
            print(f"  {counted(len(statuses), 'find')} ({confirmed or 'none'} confirmed) {'stays' if one else 'stay'} "
                  f"in Review but no longer {'names' if one else 'name'} the work; {'its' if one else 'their'} "
                  "evidence will not include it.")
    for work_id in unknown:
        print(f"no work #{work_id} in the library", file=sys.stderr)
    return WRONG_USAGE if unknown else 0


def run_match(args: argparse.Namespace, paths: Paths) -> int:
    from creatorwatch.core.matching.match import Matcher

    library = open_library(paths)
    matcher = Matcher(library, cache=paths.cache)
    # "no match" would read as "not a copy of your works" when there are none to compare with yet
    empty = library.db.execute("SELECT 1 FROM works LIMIT 1").fetchone() is None
    failed = False
    for candidate, problem in _each_file(args.candidates):
        line: dict[str, Any] = {"candidate": shown(candidate), "matches": []}
        try:
            if problem:
                line["error"] = problem
            elif candidate.startswith(("http://", "https://")):
                line.update(_match_url(matcher, candidate))
            elif _OTHER_SCHEME.match(candidate) and not path_of_file_url(candidate):
                line["error"] = "only http and https addresses are read; this is not one (download the file and " \
                                "match it by its path)"
            else:
                line.update(_match_path(matcher, path_of_file_url(candidate) or Path(candidate)))
        except TooLarge as exc:  # match has no limit to raise: the file itself can be matched
            line["error"] = (f"{str(exc).rstrip('.')}. Download it yourself and match the file by its path: "
                             "creatorwatch match FILE")
        except SourceError as exc:  # a URL that could not be downloaded; the message says why
            line["error"] = tried_once(exc)
        except UnreadableMedia as exc:
            line["error"] = str(exc)
        except FileNotFoundError:
            line["error"] = "there is no file at this path"
        except OSError as exc:
            line["error"] = LINK_LOOP if exc.errno == errno.ELOOP else \
                f"the file could not be read ({exc.strerror or exc})"
        except MemoryError:
            line["error"] = "the file is too large to analyse on this computer"
        except Exception as exc:  # one bad candidate stays one bad candidate: the others are still matched
            log.exception("could not match %r", candidate)
            line["error"] = unexpected_problem(exc)
        failed = failed or "error" in line
        if empty and "error" not in line:
            line["note"] = EMPTY_LIBRARY
        _print_match(line, args.json)
    return 1 if failed else 0


def _each_file(candidates: list[str]) -> Iterator[tuple[str, str]]:
    """The candidates as named, a folder's files (recursively, links followed once) in its place; each with the
    reason a file in a folder cannot be read, or ""."""
    for candidate in candidates:
        folder = None if _OTHER_SCHEME.match(candidate) else path_of_file_url(candidate) or Path(candidate)
        if folder is None or not folder.is_dir():
            yield candidate, ""
            continue
        walked = collect_files([folder])
        yield from ((str(path), "") for path in walked.files)
        yield from ((str(path), reason) for path, reason in walked.problems)
        if not walked.files and not walked.problems:
            yield candidate, "this folder holds no files to match"


EMPTY_LIBRARY = ("your library is empty, so there is nothing to match against; add your works first with: "
                 "creatorwatch add PATH…")
_OTHER_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")  # ftp://, sftp://, s3://: an address, not a path


def _match_url(matcher: Matcher, url: str) -> dict[str, Any]:
    """Download `url` within the caps to a temporary file, match it, and delete it: a web page by its words and
    the pictures and recordings on it (page_match)."""
    from creatorwatch.core.matching.page_match import is_page, page_matches

    path = fetch_to_file(url)
    try:
        if is_page(path):
            return {"matches": [m.as_json() for m in page_matches(matcher, path, url)]}
        return _match_path(matcher, path)
    finally:
        path.unlink(missing_ok=True)


def _match_path(matcher: Matcher, path: Path) -> dict[str, Any]:
    """The line's "matches", and a "note" when none could be: a recording too short to compare."""
    from creatorwatch.core.matching.too_short import too_short_note

    matches = [m.as_json() for m in matcher.match_file(path)]
    note = "" if matches else too_short_note(path)
    return {"matches": matches, **({"note": note} if note else {})}


def shown(path: object) -> str:
    """A path as text that can always be printed: bytes of a name that are not UTF-8 appear as \\xNN."""
    return os.fsencode(str(path)).decode("utf-8", "backslashreplace")


def _print_match(line: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print(json.dumps(line), flush=True)
        return
    if "error" in line:
        print(f"{line['candidate']}: could not be read — {line['error']}")
    elif line.get("note") == EMPTY_LIBRARY:
        print(f"{line['candidate']}: no match: {EMPTY_LIBRARY}")
    elif not line["matches"]:
        print(f"{line['candidate']}: no match in your library" + (f", but {line['note']}" if "note" in line else ""))
    else:
        print(f"{line['candidate']}:")
        for m in line["matches"]:
            print(f"  matches #{m['work_id']} \"{m['work_title']}\" ({m['kind']}, score {m['score']:.2f})")




class _Progress:
    """A one-line progress counter on a terminal."""

    def show(self, done: int, total: int) -> None:
        print(f"\radding {done}/{total}…", end="", file=sys.stderr, flush=True)


def _clear(progress: _Progress | None) -> None:
    if progress:
        print("\r\033[K", end="", file=sys.stderr, flush=True)
