"""The command line: the same core as the window, so everything can be scripted and tested.

Exit status: 0 success, 1 the command ran but found a problem the user must see, 2 wrong usage.
"""

from __future__ import annotations

import argparse
import errno
import importlib
import os
import sqlite3
import sys
from collections.abc import Sequence

from creatorwatch import __version__
from creatorwatch.commands.options_before_action import carry_options_before_actions, refuse_options_not_taken
from creatorwatch.commands.registry import WRONG_USAGE, Command
from creatorwatch.core.errors import CreatorWatchError, SourceError, WrongUsage
from creatorwatch.core.store.logs import setup_logging
from creatorwatch.core.store.read_only import read_only_because
from creatorwatch.core.wording.retry import tried_once
from creatorwatch.paths import Paths, resolve_paths

COMMAND_MODULES = ("library", "monitoring", "evidence", "preferences", "voice", "protect", "archive", "probe")
# Commands that write to the data home or for the user: each first sweeps what a killed run left (core/watch/sweep.py).
SWEEP_FIRST = frozenset({"run_add", "run_remove", "run_check", "run_scheduler", "run_export", "run_review",
                         "run_takedown_draft", "run_takedown_recheck", "run_protect", "run_probe", "run_archive"})


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv == ["--version"]:  # answered before the command modules are imported, so it is instant
        print(f"CreatorWatch {__version__}")
        return 0
    args = build_parser().parse_args(argv)
    refuse_options_not_taken(args)
    paths = resolve_paths(getattr(args, "home", None))
    command: Command = getattr(args, "run", run_gui)
    try:
        try:
            paths.ensure()
            setup_logging(paths.logs)
        except OSError as exc:  # a read-only or full disk, a folder owned by someone else: say so, not a traceback
            if read_only_because(paths.database) is not None:  # yet the library can be read: shown, without a log
                return command(args, paths)  # (a command that would change it stops at its first write, saying why)
            print(unwritable_home(paths, exc), file=sys.stderr)
            if command is run_gui:
                said = unwritable_home(paths, exc).removeprefix("creatorwatch: ")
                _tell_in_a_window(said[:1].upper() + said[1:])
            return 1
        if getattr(command, "__name__", "") in SWEEP_FIRST:
            sweep_home(paths)
        return command(args, paths)
    except WrongUsage as exc:  # an id, name or file that names nothing, a place that cannot be written to: exit 2
        print(f"creatorwatch: {exc}", file=sys.stderr)
        return WRONG_USAGE
    except CreatorWatchError as exc:  # a download's failure is said as for a command that tries once
        print(f"creatorwatch: {tried_once(exc) if isinstance(exc, SourceError) else exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("creatorwatch: stopped.", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader stopped early (`creatorwatch matches --json | head`): nothing is wrong
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the exit's flush does not fail again
        return 0
    except (sqlite3.DatabaseError, OSError) as exc:  # the data file damaged or read-only, a full disk
        if isinstance(exc, sqlite3.DatabaseError) and "readonly" in str(exc) and not read_only_because(paths.database):
            print(unwritable_home(paths, OSError(errno.EROFS, "the database is read-only", str(paths.database))),
                  file=sys.stderr)
            return 1
        from creatorwatch.core.store.db import cannot_store

        unstored = cannot_store(exc, paths.database if isinstance(exc, sqlite3.Error) else None)
        if unstored is None:
            raise  # a mistake in CreatorWatch itself (a programming error, an unforeseen failure): for us to see
        print(f"creatorwatch: {unstored}", file=sys.stderr)
        return 1


def _tell_in_a_window(text: str) -> None:
    """The window's command says it in a window too, when there is a screen to show one on."""
    from creatorwatch.ui.display import has_display

    if has_display():
        from creatorwatch.ui.cannot_start import tell_cannot_start

        tell_cannot_start(text)


def unwritable_home(paths: Paths, exc: OSError) -> str:
    """What to tell a creator whose data folders cannot be written: which folder, why, and what to do."""
    where = exc.filename or paths.data
    why = exc.strerror or str(exc)
    return (f"creatorwatch: cannot write to {where} ({why}). CreatorWatch keeps your library, findings and log "
            "in its data folders and must be able to write to them: make them writable, or choose another folder "
            "with --home DIR.")


def sweep_home(paths: Paths) -> None:
    """Clear what a killed CreatorWatch left half-done in this data home (quietly: the log says what went), and say
    which exports it found cut short: the creator looks for those bundles."""
    from creatorwatch.core.evidence.export_record import interrupted_sentence
    from creatorwatch.core.watch.sweep import sweep

    if said := interrupted_sentence(sweep(paths.database, [paths.data, paths.cache]).exports_dropped):
        print(f"creatorwatch: {said}", file=sys.stderr)


def gui_main() -> int:
    """Entry point for desktop launchers."""
    return main(sys.argv[1:] or ["gui"])


def run_gui(args: argparse.Namespace, paths: Paths) -> int:
    from creatorwatch.ui.display import NO_DISPLAY, has_display

    if not has_display():
        print(NO_DISPLAY, file=sys.stderr)
        return 2
    from creatorwatch.ui.crash import install_crash_handler

    install_crash_handler(paths.logs)  # before Qt is imported, so nothing escapes it
    from creatorwatch.ui.app import run_app

    return run_app(paths)


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--home", metavar="DIR", default=argparse.SUPPRESS,
                        help="keep all data under DIR (also: CREATORWATCH_HOME)")
    parser = argparse.ArgumentParser(
        prog="creatorwatch", parents=[common],
        description="Find out when AI systems reuse your work without consent. With no command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"CreatorWatch {__version__}")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    def command(name: str, run: Command, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=[common], help=help_text, description=help_text)
        p.set_defaults(run=run)
        return p

    command("gui", run_gui, "open the window (and the tray)")
    for name in COMMAND_MODULES:
        importlib.import_module(f"creatorwatch.commands.{name}").register(command)
    carry_options_before_actions(sub.choices)
    return parser
