"""Commands about the creator's voice: enrol works as "my voice", list the voices, remove works from them."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

import sqlite_utils

from creatorwatch.commands.registry import WRONG_USAGE, Command, CommandAdder
from creatorwatch.core.store.db import open_database
from creatorwatch.core.voice.enrol_works import NO_SUCH_WORK, enrol_works
from creatorwatch.core.voice.store import DEFAULT_NAME, VoiceStore
from creatorwatch.core.watch.rescan import rescan_voices
from creatorwatch.paths import Paths


def register(command: CommandAdder) -> None:
    p = command("voice", run_list, "your voice: recognise it in AI speech that says words you never said")
    p.add_argument("--json", action="store_true")
    actions = p.add_subparsers(title="actions", metavar="ACTION")
    enrol = _action(actions, "enrol", run_enrol, "learn a voice from audio works already in the library")
    enrol.add_argument("work_ids", nargs="+", type=int, metavar="WORK_ID")
    enrol.add_argument("--name", default=DEFAULT_NAME, help=f'whose voice it is (default: "{DEFAULT_NAME}")')
    _action(actions, "list", run_list, "list the enrolled voices").add_argument("--json", action="store_true")
    remove = _action(actions, "remove", run_remove, "stop using works as voice samples (the works stay)")
    remove.add_argument("work_ids", nargs="+", type=int, metavar="WORK_ID")


def _action(actions: Any, name: str, run: Command, help_text: str) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = actions.add_parser(name, help=help_text, description=help_text)
    p.add_argument("--home", metavar="DIR", default=argparse.SUPPRESS, help="keep all data under DIR")
    p.set_defaults(run=run)
    return p


def run_enrol(args: argparse.Namespace, paths: Paths) -> int:
    failed = learnt = unknown = False
    db = open_database(paths.database)
    for result in enrol_works(db, args.work_ids, args.name):
        unknown = unknown or result.message == NO_SUCH_WORK
        if result.ok:
            learnt = True
            print(f"enrolled #{result.work_id} \"{result.title}\" as {args.name!r}: "
                  f"{result.speech_seconds:.0f} s of speech")
        else:
            failed = True
            print(f"not enrolled #{result.work_id}: {result.message}", file=sys.stderr)
    if learnt:
        _match_what_was_heard(db, args.name)
    return WRONG_USAGE if unknown else 1 if failed else 0


def _match_what_was_heard(db: sqlite_utils.Database, name: str) -> None:
    """The voice just learnt is matched against the voices kept from recordings the sources showed before."""
    summary = rescan_voices(db, [v.id for v in VoiceStore(db).voices() if v.name == name])
    if summary.candidates:
        found = f"{summary.matches} new {'find' if summary.matches == 1 else 'finds'}"
        print(f"Matched {name!r} against {summary.candidates} recordings heard before: {found}.")
    if summary.matches:
        print("Review them with: creatorwatch matches --status new")


def run_list(args: argparse.Namespace, paths: Paths) -> int:
    voices = VoiceStore(open_database(paths.database)).voices()
    if args.json:
        print(json.dumps([voice.as_json() for voice in voices], indent=2))
    elif not voices:
        print("No voice is enrolled. Enrol audio works of your own speech with: creatorwatch voice enrol WORK_ID…")
    for voice in voices if not args.json else []:
        works = ", ".join(f"#{w}" for w in sorted(voice.works))
        print(f"{voice.name}: {voice.speech_seconds:.0f} s of speech from {works}")
    return 0


def run_remove(args: argparse.Namespace, paths: Paths) -> int:
    removed = VoiceStore(open_database(paths.database)).unenrol(args.work_ids)
    for work_id in args.work_ids:
        if work_id in removed:
            print(f"#{work_id} is no longer a voice sample")
        else:
            print(f"#{work_id} was not enrolled as a voice", file=sys.stderr)
    return 0 if len(removed) == len(args.work_ids) else WRONG_USAGE
