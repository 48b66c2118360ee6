"""Commands for the creator's settings and licensed uses — what the window's Settings and Review pages change."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict, fields
from typing import Any

from creatorwatch.commands.registry import WRONG_USAGE, CommandAdder
from creatorwatch.core.records.allowlist import Allowlist
from creatorwatch.core.records.notice_details import SETTINGS_KEYS, set_identity, set_notice_detail, shown_identity
from creatorwatch.core.records.typed_contact import SAID, tidied_contact
from creatorwatch.core.store.db import open_database, transaction
from creatorwatch.core.store.preferences import SENSITIVITIES, Preferences, load_preferences, save_preferences
from creatorwatch.core.voice.installed import NOT_INSTALLED, voice_installed
from creatorwatch.core.wording.words import counted
from creatorwatch.paths import Paths


def register(command: CommandAdder) -> None:
    p = command("settings", run_settings, "show your settings, or change one: settings KEY VALUE")
    p.add_argument("--json", action="store_true")
    p.add_argument("key", nargs="?", metavar="KEY",
                   help="check_interval_minutes, sensitivity.image|audio|text, notify, notify_mentions, "
                        "creator_name, creator_contact, creator_address, creator_phone, appearance, "
                        "keep_fingerprints_days, remember_voices. Your name, email, postal address and telephone are "
                        "the Settings page's, for notices; '' clears one. The address's lines are shown joined by "
                        "' / ' (set them on lines of their own: $'12 Calle Mayor\\n28013 Madrid')")
    p.add_argument("value", nargs="?", metavar="VALUE")
    p = command("allow", run_allow, "licensed uses: sites or URL patterns whose findings never alert")
    p.add_argument("--json", action="store_true")
    p.add_argument("--add", metavar="PATTERN", help="allow a site (example.com) or URL pattern (https://x.org/art/*)")
    p.add_argument("--note", default="", help="why it is allowed (with --add)")
    p.add_argument("--remove", type=int, metavar="RULE_ID", action="append", help="stop allowing this rule")


def run_settings(args: argparse.Namespace, paths: Paths) -> int:
    db = open_database(paths.database)
    prefs = load_preferences(db)
    values = shown_identity(db, asdict(prefs))
    lines = _lines(values)
    if args.key is not None and args.value is None and not args.json:  # `settings KEY`: what it is set to now
        shown = [line for line in lines if line.partition(" = ")[0] == args.key]
        if not shown:
            print(f"creatorwatch: there is no setting called {args.key!r}; see them all with: creatorwatch settings",
                  file=sys.stderr)
            return 2
        print("\n".join(shown))
        return 0
    if args.key is not None:
        if args.value is None:
            print("creatorwatch: give the new value too: settings KEY VALUE", file=sys.stderr)
            return 2
        problem = None
        if args.key in SAID:  # the name and contact details every notice and protected copy carries
            args.value, problem = tidied_contact(args.key, args.value)
        problem = problem or (None if args.key in SETTINGS_KEYS else _change(prefs, args.key, args.value))
        if problem:
            print(f"creatorwatch: {problem}", file=sys.stderr)
            return 2
        with transaction(db):
            save_preferences(db, prefs, in_transaction=True)
            if args.key in ("creator_name", "creator_contact"):  # the window's Name and Email fields show these
                set_identity(db, **{args.key.removeprefix("creator_"): args.value})
            elif args.key in SETTINGS_KEYS:  # the window's Postal address and Telephone
                set_notice_detail(db, args.key, args.value)
        values = shown_identity(db, asdict(prefs))
        lines = _lines(values)
    if args.json:
        print(json.dumps(values, indent=2))
    else:
        print("\n".join(lines))
    return 0


def _lines(values: dict[str, object]) -> list[str]:
    """Each setting as it is typed back: "notify = on", "sensitivity.image = high"."""
    lines = []
    for key, value in values.items():
        if isinstance(value, dict):
            lines += [f"{key}.{sub} = {subvalue}" for sub, subvalue in value.items()]
        elif key == "remember_voices" and not voice_installed():
            lines.append(f"{key} = {'on' if value else 'off'} (no effect: {NOT_INSTALLED})")
        elif isinstance(value, bool):
            lines.append(f"{key} = {'on' if value else 'off'}")  # as it is typed: settings notify off
        elif key == "creator_address":  # one line per setting: the address's own lines joined
            lines.append(f"{key} = {' / '.join(str(value).splitlines())}")
        else:
            lines.append(f"{key} = {value}")
    return lines


def _change(prefs: Preferences, key: str, text: str) -> str | None:
    """Set one preference from its text form; returns what is wrong, or None."""
    name, _, sub = key.partition(".")
    if name == "sensitivity":
        if sub not in prefs.sensitivity or text not in SENSITIVITIES:
            return f"sensitivity.image|audio|text takes one of {', '.join(SENSITIVITIES)}"
        prefs.sensitivity[sub] = text
        return None
    kinds = {f.name: f.type for f in fields(Preferences)}
    if name not in kinds or sub:
        return f"there is no setting called {key!r}; see them all with: creatorwatch settings"
    current: Any = getattr(prefs, name)
    if isinstance(current, bool):
        if text.lower() not in ("true", "false", "yes", "no", "on", "off"):
            return f"{key} takes on or off"
        setattr(prefs, name, text.lower() in ("true", "yes", "on"))
    elif name == "keep_fingerprints_days":
        if not text.isdigit():
            return f"{key} takes a whole number of days (0: keep none)"
        setattr(prefs, name, int(text))
    elif isinstance(current, int):
        if not text.isdigit() or int(text) < 5:
            return f"{key} takes a whole number of minutes, at least 5"
        setattr(prefs, name, int(text))
    elif name == "appearance" and text not in ("system", "light", "dark"):
        return "appearance takes system, light or dark"
    else:
        setattr(prefs, name, text)
    return None


def run_allow(args: argparse.Namespace, paths: Paths) -> int:
    allowlist = Allowlist(open_database(paths.database))
    if args.add:
        rule, licensed = allowlist.add(args.add, args.note)
        print(f"allowed {rule.pattern!r} (rule {rule.id}); {len(licensed)} new findings there marked licensed")
    by_id = {rule.id: rule for rule in allowlist.all()}
    unknown = [rule_id for rule_id in args.remove or [] if rule_id not in by_id]
    for rule_id in unknown:
        print(f"creatorwatch: there is no rule {rule_id}; see them with: creatorwatch allow", file=sys.stderr)
    if args.remove:
        gone = [by_id[rule_id] for rule_id in dict.fromkeys(args.remove) if rule_id in by_id]
        back = allowlist.remove(args.remove)  # the finds those rules had marked licensed, new again
        if gone:
            said = ", ".join(f"{rule.id} ({rule.pattern!r})" for rule in gone)
            by = "it" if len(gone) == 1 else "they"
            print(f"removed {counted(len(gone), 'rule')}: {said}; " + (
                f"{counted(len(back), 'find')} {by} had marked licensed went back to new (review "
                f"{'it' if len(back) == 1 else 'them'} with: creatorwatch matches --status new)" if back
                else f"no find was licensed by {'it' if len(gone) == 1 else 'them'}"))
    if args.json:
        print(json.dumps([asdict(rule) for rule in allowlist.all()], indent=2))
    elif not args.add and not args.remove:
        rules = allowlist.all()
        if not rules:
            print("No licensed uses yet. Allow a site with: creatorwatch allow --add example.com")
        for rule in rules:
            print(f"{rule.id:>4}  {rule.pattern}" + (f"  — {rule.note}" if rule.note else ""))
    return WRONG_USAGE if unknown else 0
