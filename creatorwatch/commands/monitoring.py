"""Commands for watching the world: terms, sources, secrets, check, run, matches, review."""

from __future__ import annotations

import argparse
import getpass
import json
import signal
import sys
import textwrap
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from sqlite_utils import Database

from creatorwatch.commands.registry import WRONG_USAGE, Command, CommandAdder
from creatorwatch.commands.source_names import unknown_source
from creatorwatch.core.errors import KeyringUnavailable
from creatorwatch.core.evidence.archive import KEYS_NAME as ARCHIVE_KEYS
from creatorwatch.core.evidence.candidate_provenance import ai_labelled, provenance_for, summary
from creatorwatch.core.records.findings import STATUSES, Finding, Findings
from creatorwatch.core.records.mention_words import mention_said, mention_terms, site_in_crawl
from creatorwatch.core.records.source_reports import SourceReport, source_reports, unread_items, unread_lines
from creatorwatch.core.records.source_store import (
    BadSetting,
    ConfiguredSource,
    NameTaken,
    SourceStore,
    iso,
    parse_iso,
)
from creatorwatch.core.records.terms import Terms
from creatorwatch.core.sources.about import about
from creatorwatch.core.sources.base import SourceConfig
from creatorwatch.core.sources.registry import TYPES, source_class, token_entry, token_wanted
from creatorwatch.core.store.db import open_database, transaction
from creatorwatch.core.store.events import Event, EventHub
from creatorwatch.core.store.preferences import load_preferences, monitoring_paused
from creatorwatch.core.store.secrets import get_secret, set_secret
from creatorwatch.core.watch.due import next_due
from creatorwatch.core.watch.monitor import CheckSummary, Monitor
from creatorwatch.core.wording.one_line import one_line
from creatorwatch.core.wording.times import local_minute
from creatorwatch.core.wording.words import counted
from creatorwatch.paths import Paths


def register(command: CommandAdder) -> None:
    p = command("terms", run_terms, "the watch terms: your names, aliases, work titles, characters")
    p.add_argument("--json", action="store_true")
    actions = p.add_subparsers(title="actions", metavar="ACTION")
    _action(actions, "add", run_terms_add, "add watch terms").add_argument("terms", nargs="+", metavar="TERM")
    _action(actions, "remove", run_terms_remove, "remove watch terms").add_argument("terms", nargs="+", metavar="TERM")

    p = command("sources", run_sources, "list configured sources with health, last and next run")
    p.add_argument("--json", action="store_true")
    actions = p.add_subparsers(title="actions", metavar="ACTION")
    add = _action(actions, "add", run_sources_add, "configure a source", epilog=source_types_help(TYPES),
                  formatter_class=argparse.RawDescriptionHelpFormatter, conflict_handler="resolve")
    add.add_argument("type", choices=TYPES, metavar="TYPE", help=" ".join(TYPES))
    add.add_argument("--name", required=True, help="your name for it (unique)")
    add.add_argument("--base-url", help="a mirror, self-hosted copy or test server instead of the public address")
    add.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", dest="settings",
                     help="a setting, e.g. url=… (feed, page), path=… (folder), interval=MINUTES, max_bytes=…")
    add.add_argument("-h", "--help", action=SourceTypeHelp, nargs=0,
                     help="show this help; after TYPE, what that source can and cannot see")
    change = _action(actions, "set", run_sources_set, "change a source's settings (an empty VALUE removes one)")
    change.add_argument("name", metavar="NAME")
    change.add_argument("--base-url", help="a new base address; an empty one goes back to the public address")
    change.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", dest="settings",
                        help="a setting to change, e.g. path=… (folder), url=… (feed, page), interval=MINUTES; "
                             "model endpoints probe weekly unless interval= says otherwise, each run within "
                             "max_requests= and max_tokens= (default 60 and 60000)")
    for name, enabled in (("remove", None), ("enable", True), ("disable", False)):
        action = _action(actions, name, _sources_change(enabled), f"{name} a source")
        action.add_argument("name", metavar="NAME")

    p = command("secret", _usage, "store a token in the system keyring")
    actions = p.add_subparsers(title="actions", metavar="ACTION")
    _action(actions, "set", run_secret_set, "read a token from standard input (or a hidden prompt)").add_argument(
        "name", metavar="NAME", help="your source's name, or the token's name, e.g. lumen, youtube, huggingface; a "
                                     "name no source reads is refused (exit status 2)")

    p = command("check", run_check, "run one monitoring cycle now and record what it finds")
    p.add_argument("--source", action="append", metavar="NAME", help="only this source (repeatable)")
    p.add_argument("--rescan", action="store_true",
                   help="first match every candidate still remembered against the library as it is now")
    p.add_argument("--json", action="store_true")
    command("run", run_scheduler, "headless: keep checking sources on their schedule until interrupted")
    p = command("matches", run_matches, "list recorded matches and likeness mentions")
    p.add_argument("--json", action="store_true")
    p.add_argument("--status", choices=STATUSES)
    p.add_argument("--ai-labelled", action="store_true",
                   help="only finds whose file says it was made by AI (Content Credentials or IPTC)")
    p = command("review", run_review, "record a decision about matches")
    p.add_argument("ids", nargs="+", type=int, metavar="MATCH_ID")
    # "new" takes a decision back (a dismissal made by mistake), as "Back to new" does in the window
    p.add_argument("--status", required=True, choices=[*STATUSES[1:], STATUSES[0]],
                   help="confirmed, dismissed or licensed; new takes a decision back")


def source_types_help(types: Sequence[str]) -> str:
    """What each source type can and cannot see, wrapped for a terminal."""
    blocks = [f"{name}:\n" + textwrap.fill(about(name), width=100, initial_indent="  ", subsequent_indent="  ")
              for name in types]
    return "source types:\n\n" + "\n\n".join(blocks)


class SourceTypeHelp(argparse.Action):
    """`sources add TYPE --help` shows that type alone; `sources add --help` shows every type."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        chosen = getattr(namespace, "type", None)
        if chosen:
            parser.epilog = source_types_help([chosen])
        parser.print_help()
        parser.exit()


def _action(actions: Any, name: str, run: Command, help_text: str, **options: Any) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = actions.add_parser(name, help=help_text, description=help_text, **options)
    p.add_argument("--home", metavar="DIR", default=argparse.SUPPRESS, help="keep all data under DIR")
    p.set_defaults(run=run)
    return p


def _usage(args: argparse.Namespace, paths: Paths) -> int:
    print("creatorwatch: name an action, e.g. creatorwatch secret set NAME", file=sys.stderr)
    return 2


# -- terms --

def run_terms(args: argparse.Namespace, paths: Paths) -> int:
    terms = Terms(open_database(paths.database)).all()
    if args.json:
        print(json.dumps(terms))
    elif not terms:
        print("No watch terms yet. Add your names, aliases and work titles with: creatorwatch terms add TERM…")
    else:
        print("\n".join(terms))
    return 0


def run_terms_add(args: argparse.Namespace, paths: Paths) -> int:
    if any(not term.strip() for term in args.terms):  # nothing to watch for: refused, and nothing added
        print("creatorwatch: a watch term cannot be empty; give a name, alias, title or character, e.g. "
              "creatorwatch terms add \"Ada Lin\"", file=sys.stderr)
        return WRONG_USAGE
    added = Terms(open_database(paths.database)).add(args.terms)
    for term in args.terms:
        print(f"added {term!r}" if term in added else f"already watching {term!r}")
    return 0


def run_terms_remove(args: argparse.Namespace, paths: Paths) -> int:
    removed, unknown = Terms(open_database(paths.database)).remove(args.terms)
    for term in removed:
        print(f"removed {term!r}")
    for term in unknown:
        print(f"not a watch term: {term!r}", file=sys.stderr)
    return WRONG_USAGE if unknown else 0


# -- sources --

def run_sources(args: argparse.Namespace, paths: Paths) -> int:
    db = open_database(paths.database)
    sources, paused = _with_next_run(db, SourceStore(db).all()), monitoring_paused(db)
    reports = source_reports(db)  # what the window's Sources page says each found: a crawl, an opt-out, copies
    if args.json:
        print(json.dumps([{**s.as_json(), "monitoring_paused": paused,
                           "unreadable": [{"url": url, "reason": why} for url, why in unread_items(db, s.config.name)],
                           "report": _report_json(reports.get(s.config.name))}
                          for s in sources], indent=2))
        return 0
    if not sources:
        print("No sources yet. Add one with: creatorwatch sources add TYPE --name NAME …")
    elif paused:
        print("Monitoring is paused: scheduled checks wait until you resume it from the tray icon's menu.")
    now = datetime.now(UTC).replace(microsecond=0)
    kind_width = max([12] + [len(s.config.type) for s in sources])  # "openai-compatible" pushed its state out of line
    for s in sources:
        state = s.health.describe() if s.config.enabled else "disabled"
        print(f"{s.config.name:<20} {s.config.type:<{kind_width}} {state}")
        # times as the state above gives them ("2026-12-06 14:48", this computer's time), not stored ISO strings
        last = local_minute(s.health.last_run) if s.health.last_run else "never"
        upcoming = local_minute(s.health.next_try) if s.health.next_try else "when scheduled"
        if (planned := parse_iso(s.health.next_try)) is not None and planned <= now:
            upcoming = "now"
        if not s.config.enabled:
            upcoming = "none (disabled)"
        elif paused:
            upcoming = "paused"
        print(f"{'':<20} last run {last}, next run {upcoming}")
        if s.health.last_error and s.health.state != "ok":
            print(f"{'':<20} {s.health.last_error}")
        report = reports.get(s.config.name)
        for line in report.details if report else []:
            print(f"{'':<20} {line}")
    return 0


def _with_next_run(db: Database, sources: list[ConfiguredSource]) -> list[ConfiguredSource]:
    """Each enabled source with its next run: the one a running scheduler planned, else when it would be due (its
    last run plus its interval, or now), as `run` or the window would check it."""
    every, now = load_preferences(db).check_interval_minutes, datetime.now(UTC).replace(microsecond=0)
    shown = []
    for s in sources:
        due = next_due(s, every, now) if s.config.enabled else None
        if due is not None and due != parse_iso(s.health.next_run):
            s = replace(s, health=replace(s.health, next_run=iso(due)))
        shown.append(s)
    return shown


def _report_json(report: SourceReport | None) -> dict[str, Any] | None:
    """A source's report as the window shows it: a one-line headline and every line; null before it found anything."""
    return {"headline": report.headline, "details": report.details} if report else None


def _settings(items: list[str]) -> dict[str, str] | None:
    """--set KEY=VALUE pairs as a dict; None (after saying why) when one is not KEY=VALUE."""
    settings = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            print(f"creatorwatch: --set takes KEY=VALUE, not {item!r}", file=sys.stderr)
            return None
        settings[key.strip()] = value.strip()
    return settings


def run_sources_add(args: argparse.Namespace, paths: Paths) -> int:
    settings = _settings(args.settings)
    if settings is None:
        return 2
    try:
        source = SourceStore(open_database(paths.database)).add(
            SourceConfig(args.name, args.type, args.base_url, settings))
    except (BadSetting, NameTaken) as exc:  # wrong usage, as a misspelt setting is
        print(f"creatorwatch: {exc}", file=sys.stderr)
        return 2
    print(f"added source {source.config.name!r} ({source.config.type})")
    _note_settings(source.config)
    _note_token(source.config)
    return 0


def _note_token(config: SourceConfig) -> None:
    """A source that cannot work without a token says so when it is added, not only at its first check."""
    if not source_class(config.type).needs_token(config):
        return
    entry = token_entry(config.type, config.settings)
    try:
        token = get_secret(entry) if entry else None
    except KeyringUnavailable as exc:
        print(f"note: {config.name} ({config.type}) needs a token, kept in the system keyring, before it can be "
              f"checked; but {str(exc)[:1].lower()}{str(exc)[1:]}", file=sys.stderr)
        return
    if message := token_wanted(config, token):
        print(f"note: {message} (it is kept in the system keyring; the source waits for it until then)",
              file=sys.stderr)


def _note_settings(config: SourceConfig) -> None:
    """What the creator should know about settings that were accepted (a folder on a drive not plugged in yet)."""
    if note := source_class(config.type).settings_note(config.settings):
        print(f"note: {config.name}: {note}", file=sys.stderr)


def run_sources_set(args: argparse.Namespace, paths: Paths) -> int:
    settings = _settings(args.settings)
    if settings is None:
        return 2
    if not settings and args.base_url is None:
        print("creatorwatch: say what to change, e.g. --set path=… or --base-url URL", file=sys.stderr)
        return 2
    db = open_database(paths.database)
    try:
        changed = SourceStore(db).change(args.name, settings, args.base_url)
    except BadSetting as exc:
        print(f"creatorwatch: {exc}", file=sys.stderr)
        return 2
    if changed is None:
        unknown_source(db, [args.name])  # says so
        return WRONG_USAGE
    shown = ", ".join(f"{k}={v}" for k, v in changed.config.settings.items()) or "no settings"
    print(f"changed {args.name!r}: {shown}" + (f", base address {changed.config.base_url}"
                                                 if changed.config.base_url else ""))
    _note_settings(changed.config)
    return 0


def _sources_change(enabled: bool | None) -> Command:
    def run(args: argparse.Namespace, paths: Paths) -> int:
        db = open_database(paths.database)
        if unknown_source(db, [args.name]):
            return WRONG_USAGE
        store = SourceStore(db)
        if enabled is None:
            store.remove(args.name)
        else:
            store.set_enabled(args.name, enabled)
        print(f"{['removed', 'disabled', 'enabled'][0 if enabled is None else 1 + enabled]} {args.name!r}")
        return 0

    return run


def run_secret_set(args: argparse.Namespace, paths: Paths) -> int:
    db = open_database(paths.database)
    store = SourceStore(db)
    entry, named_source = _keyring_entry(args.name, store)
    if not named_source and (refused := _nothing_reads(args.name, store)):
        print(f"creatorwatch: {refused} Nothing was stored.", file=sys.stderr)  # before asking for the token
        return WRONG_USAGE
    prompt = f"Token for {args.name} (not shown): "
    value = getpass.getpass(prompt) if sys.stdin.isatty() else sys.stdin.readline()
    set_secret(entry, value.strip())
    with transaction(db):
        store.clear_retry()
    if named_source:
        print(f"stored the token for the source {args.name} in the system keyring, as {entry!r}, where it reads it")
        return 0
    print(f"stored the token for {entry} in the system keyring")
    return 0


def _nothing_reads(name: str, store: SourceStore) -> str:
    """Why a token stored as `name` would never be read ("" when a source reads it, or the name is one a source
    type reads by default, e.g. lumen, or the archive.org keys): a typo must not pass for a stored token."""
    readers = _entries_read(store)
    if name in readers or name in _known_entries():
        return ""
    source = store.get(name)
    if source is not None:
        return f"the source {name!r} ({source.config.type}) takes no token."
    hint = "; ".join(f"{entry} for {', '.join(sources)}" for entry, sources in sorted(readers.items()))
    return (f"there is no source called {name!r}, and no source reads a token by that name. "
            + (f"Your sources read: {hint}." if hint else
               "Name the source (see them with: creatorwatch sources), or its type, e.g. lumen."))


def _known_entries() -> set[str]:
    """The entries the connectors read by default, and the archive.org keys."""
    return {entry for kind in TYPES if (entry := token_entry(kind, {}))} | {ARCHIVE_KEYS}


def _entries_read(store: SourceStore) -> dict[str, list[str]]:
    """Each keyring entry the configured sources read, with the names of the sources reading it."""
    readers: dict[str, list[str]] = {}
    for source in store.all():
        entry = token_entry(source.config.type, source.config.settings)
        if entry:
            readers.setdefault(entry, []).append(source.config.name)
    return readers


def _keyring_entry(name: str, store: SourceStore) -> tuple[str, bool]:
    """Where a token given as `name` belongs: a creator who names their own source ("takedowns") means the entry
    that source reads ("lumen"), unless some source reads an entry called `name` itself. True if it was a source."""
    source = store.get(name)
    if source is None or name in _entries_read(store) or name in _known_entries():
        return name, False
    entry = token_entry(source.config.type, source.config.settings)
    return (entry, True) if entry else (name, False)


# -- checking --

def run_check(args: argparse.Namespace, paths: Paths) -> int:
    hub = EventHub()
    hub.subscribe(_Progress(summary_follows=not args.json))
    db = open_database(paths.database)
    if unknown_source(db, args.source or []):
        return WRONG_USAGE
    monitor = Monitor(db, hub=hub, cache=paths.cache)
    stop = threading.Event()
    with _stopped_by_signals(stop):
        rescanned = monitor.rescan() if args.rescan else None
        summary = monitor.check(args.source, stop=stop)
    summary.rescan = rescanned or summary.rescan
    all_busy = bool(summary.busy) and len(summary.busy) == len(summary.sources)
    if args.json:
        print(json.dumps(summary.as_json()))
    elif not all_busy:  # "Checked 0 of 4 sources: 0 matches" would read as nothing found
        _print_summary(summary)
    if all_busy:
        print("creatorwatch: a check is already running on this data folder (in the window, `creatorwatch run` or "
              "another `creatorwatch check`), and it records what it finds. Run this check again when it has "
              "finished.", file=sys.stderr)
    if stop.is_set():
        print("creatorwatch: stopped; what was already checked is kept.", file=sys.stderr)
        return 130
    return 1 if summary.failed or summary.busy else 0


@contextmanager
def _stopped_by_signals(stop: threading.Event) -> Iterator[None]:
    """Ctrl+C and SIGTERM set `stop` instead of raising wherever the main thread happens to be: every wait and read
    of the check sees it within a fraction of a second, and what was finished is still recorded."""
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


class _Progress:
    """The lines `check` and `run` print on stderr as they go. A source's new items are one count, the new matches of
    items it showed before (matched again against works added since) another, so neither reads as "0 matches" when
    the other found some. `summary_follows`: `check` says a failed source's error in its summary, so not here too."""

    def __init__(self, *, summary_follows: bool) -> None:
        self.summary_follows = summary_follows
        self.found_again: dict[str, int] = {}  # by source

    def __call__(self, event: Event) -> None:
        d = event.data
        if event.name == "match_found" and d.get("rescan"):
            self.found_again[d["source"]] = self.found_again.get(d["source"], 0) + 1
        elif event.name == "source_checked" and d["state"] == "ok":
            line = f"{d['new']} new, {counted(d['matches'], 'match', 'matches')}, {counted(d['mentions'], 'mention')}"
            if d["problems"]:
                line += f", {d['problems']} could not be read"
            if again := self.found_again.pop(d["source"], 0):
                line += f"; {counted(again, 'new match', 'new matches')} in items seen before"
            print(f"{d['source']}: {line}", file=sys.stderr, flush=True)
        elif event.name == "source_checked" and d["state"] != "skipped" and not self.summary_follows:
            print(d["error"] or f"{d['source']}: {d['state']}", file=sys.stderr, flush=True)
        else:
            _print_progress(event)


def _print_progress(event: Event) -> None:
    d = event.data
    if event.name == "source_started":
        print(f"checking {d['source']}…", file=sys.stderr, flush=True)
    elif event.name == "source_slow":  # a trickling server: say why the check is still going
        print(f"still waiting for “{d['source']}”: it is answering very slowly", file=sys.stderr, flush=True)
    elif event.name == "check_failed":  # nothing of it could be recorded (a full disk)
        print(f"{d['source']}: {d['text']}", file=sys.stderr, flush=True)
    elif event.name == "optout_weakened":  # a watched site of the creator's (`audit URL --remember`)
        print(f"ALERT: {d['text']}", file=sys.stderr, flush=True)


def _print_summary(summary: CheckSummary) -> None:
    if not summary.sources and not (summary.rescan and summary.rescan.candidates):
        print("There are no sources to check yet. Add one with: creatorwatch sources add TYPE --name NAME … "
              "(for example a folder: creatorwatch sources add folder --name downloads --set path=~/Downloads)")
        return
    checked = len(summary.sources) - len(summary.failed) - len(summary.busy)
    unread = summary.total("problems")  # said on the progress line; the summary left it out
    print(f"Checked {checked} of {counted(len(summary.sources), 'source')}: "
          f"{counted(summary.total('new'), 'new item')}, {counted(summary.total('matches'), 'match', 'matches')}, "
          f"{counted(summary.total('mentions'), 'mention')}"
          f"{f', {unread} could not be read' if unread else ''}.")
    for outcome in summary.failed + summary.busy:
        print(f"  {outcome.error}")
    for line in unread_lines([(item["url"], item["reason"]) for o in summary.sources
                              for item in o.unreadable]):
        print(f"  {line}")
    found_again = summary.rescan.matches if summary.rescan else 0
    if summary.rescan and summary.rescan.candidates:
        voices = summary.rescan.voices
        against = counted(summary.rescan.works, "work") + (f" and {counted(voices, 'voice')}" if voices else "")
        print(f"Matched {counted(summary.rescan.candidates, 'item')} seen before against {against}: "
              f"{counted(found_again, 'new match', 'new matches')}.")
    if summary.rescan and summary.rescan.voice_note:
        print(f"Voices: {summary.rescan.voice_note}.")
    if summary.total("matches") or summary.total("mentions") or found_again:
        print("Review them with: creatorwatch matches --status new")


def run_scheduler(args: argparse.Namespace, paths: Paths) -> int:
    from creatorwatch.core.watch.scheduler import MonitorScheduler

    hub = EventHub()
    hub.subscribe(_Progress(summary_follows=False))
    stop = threading.Event()
    # Both signals stop it cleanly, also when started from a script that ignores Ctrl+C for background jobs.
    for stopping in (signal.SIGINT, signal.SIGTERM):
        signal.signal(stopping, lambda *_: stop.set())
    scheduler = MonitorScheduler(paths.database, hub=hub, cache=paths.cache)
    scheduler.start()
    if monitoring_paused(open_database(paths.database)):
        print("Monitoring is paused in the window (tray icon's menu); this command checks on schedule anyway.",
              file=sys.stderr)
    print("CreatorWatch is checking your sources on their schedule. Press Ctrl+C to stop.", file=sys.stderr)
    try:
        while not stop.wait(30):
            scheduler.sync()
    finally:
        print("stopping…", file=sys.stderr)
        scheduler.stop()
    return 0


# -- findings --

def run_matches(args: argparse.Namespace, paths: Paths) -> int:
    db = open_database(paths.database)
    findings = Findings(db).all(args.status)
    provenance = provenance_for(db, [f.candidate_id for f in findings])
    if args.ai_labelled:
        findings = [f for f in findings if ai_labelled(provenance.get(f.candidate_id))]
    titles = dict(db.execute("SELECT id, title FROM works").fetchall())
    if args.json:
        print(json.dumps([{**f.as_json(), "ai_labelled": ai_labelled(provenance.get(f.candidate_id)),
                           "provenance": summary(provenance.get(f.candidate_id)), **_mention_json(f)}
                          for f in findings], indent=2))
        return 0
    if not findings:
        if args.ai_labelled:
            print("No find is labelled as made by AI.")
        else:
            print("Nothing recorded yet." if not args.status else f"Nothing with status {args.status}.")
    for f in findings:
        work = (f"“{one_line(titles[f.work_id])}”" if f.work_id in titles else
                "a work since removed from your library" if f.work_id is None else f"work #{f.work_id} (removed)")
        what = f"{work} ({f.kind}, score {f.score:.2f})" if f.type == "match" else mention_said(f)
        label = " [labelled as AI-generated]" if ai_labelled(provenance.get(f.candidate_id)) else ""
        page = f" on the page {f.page_url}" if f.page_url and f.page_url != f.candidate_url else ""
        print(one_line(f"#{f.id:<5} {f.type:<7} {f.status:<9} {what} — {f.candidate_url}{page} [{f.source}]{label}"))
    return 0


def _mention_json(f: Finding) -> dict[str, Any]:
    """A mention's every watch term (`term` is the most specific) and what it found in words; for a Common Crawl
    find, the site found in the crawl."""
    if f.type != "mention":
        return {}
    crawl = site_in_crawl(f)
    return {"terms": mention_terms(f), "found": mention_said(f),
            **({"site_in_crawl": crawl[0], "crawl": f.meta.get("crawl")} if crawl else {})}


def run_review(args: argparse.Namespace, paths: Paths) -> int:
    changed, unknown = Findings(open_database(paths.database)).review(args.ids, args.status)
    for finding_id in changed:
        print(f"#{finding_id}: {args.status}")
    for finding_id in unknown:
        print(f"creatorwatch: no match #{finding_id}", file=sys.stderr)
    if unknown and len(args.ids) > len(unknown):
        print("creatorwatch: nothing was changed; give only ids that `creatorwatch matches` lists", file=sys.stderr)
    return WRONG_USAGE if unknown else 0
