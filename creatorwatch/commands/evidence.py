"""Commands for evidence and takedowns: export, verify, evidence-settings and takedown …"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from creatorwatch.commands.registry import WRONG_USAGE, Command, CommandAdder
from creatorwatch.core.evidence.takedown import STEPS
from creatorwatch.core.net.guard import is_web_address
from creatorwatch.core.store.db import open_database
from creatorwatch.core.store.keep_earlier import keep_earlier
from creatorwatch.core.store.output_place import cannot_write_there, check_file_place
from creatorwatch.core.wording.words import counted
from creatorwatch.paths import Paths


# The heavier evidence modules (PDF, timestamps) are imported by the commands that use them, so that every
# other command starts without paying for them.
def register(command: CommandAdder) -> None:
    p = command("export", run_export, "write an evidence bundle (ZIP) for recorded matches")
    p.add_argument("ids", nargs="+", type=int, metavar="MATCH_ID")
    p.add_argument("-o", "--output", required=True, type=Path, metavar="FILE.zip")
    p.add_argument("--work", choices=["original", "hash"], default="original",
                   help="include your original work files (default), or for privacy only their hash and a preview")
    p.add_argument("--tsa", metavar="URL",
                   help="an RFC 3161 timestamp authority (default: evidence-settings); when its timestamp cannot be "
                        "had, the bundle is written without one and the exit status is 1")
    p.add_argument("--no-timestamp", action="store_true", help="do not ask for a trusted timestamp")
    p.add_argument("--to", default="", metavar="RECIPIENT", help="address the notice draft to RECIPIENT")
    p = command("verify", run_verify, "check an evidence bundle; exit status 0 only if nothing in it changed")
    p.add_argument("bundle", type=Path, metavar="FILE.zip")
    p.add_argument("--json", action="store_true")
    p.add_argument("--tsa-cert", type=Path, metavar="FILE",
                   help="trust only this timestamp authority certificate (PEM or DER, e.g. its root saved from the "
                        "authority's site); default: this computer's trust store")

    p = command("evidence-settings", run_settings, "your details for notices, and the timestamp authority")
    for field in ("name", "address", "phone", "email", "on-behalf-of"):
        p.add_argument(f"--{field}", metavar="TEXT")
    p.add_argument("--tsa", metavar="URL", help="timestamp authority for every export ('' to stop using one)")
    p.add_argument("--tsa-cert", metavar="FILE", help="the timestamp authority certificate verify trusts from now on "
                                                      "(PEM or DER; '' for this computer's trust store)")
    p.add_argument("--json", action="store_true")

    p = command("takedown", run_takedown_list, "follow takedowns: list, draft, sent, acknowledged, removed …")
    p.add_argument("--json", action="store_true")
    p.add_argument("--all", action="store_true", help="closed takedowns too")
    actions = p.add_subparsers(title="actions", metavar="ACTION")
    a = _action(actions, "list", run_takedown_list, "list open takedowns with days since sent")
    a.add_argument("--json", action="store_true")
    a.add_argument("--all", action="store_true", help="closed takedowns too")
    a = _action(actions, "show", run_takedown_show, "a takedown and the full custody log of its match")
    a.add_argument("id", type=int, metavar="MATCH_ID")
    a.add_argument("--json", action="store_true")
    a = _action(actions, "draft", run_takedown_draft,
                "print (or save) the notice draft; it starts following a takedown only with --follow (or once you "
                "record it as sent). A takedown already followed notes the draft in its log")
    a.add_argument("id", type=int, metavar="MATCH_ID")
    a.add_argument("-o", "--output", type=Path, metavar="FILE.txt")
    a.add_argument("--to", default="", metavar="RECIPIENT")
    a.add_argument("--follow", action="store_true",
                   help="also start following its takedown (drafted), as Review's Follow takedown… does")
    a = _action(actions, "sent", run_takedown_step, "record that the notice was sent")
    a.add_argument("id", type=int, metavar="MATCH_ID")
    a.add_argument("--channel", required=True, help="how: email, web form, post …")
    a.add_argument("--to", required=True, dest="recipient", metavar="RECIPIENT")
    a.add_argument("--date", type=_date, help="when it was sent, YYYY-MM-DD (default: now)")
    a.add_argument("--note", default="")
    for step in STEPS[2:]:
        a = _action(actions, step, run_takedown_step, f"record that the takedown was {step.replace('-', ' ')}"
                    if step != "counter-notice" else "record a counter-notice")
        a.add_argument("id", type=int, metavar="MATCH_ID")
        a.add_argument("--date", type=_date, help="when, YYYY-MM-DD (default: now)")
        a.add_argument("--note", default="")
    a = _action(actions, "note", run_takedown_note, "add a note to a takedown's record")
    a.add_argument("id", type=int, metavar="MATCH_ID")
    a.add_argument("text", metavar="TEXT")
    a = _action(actions, "recheck", run_takedown_recheck, "fetch the infringing URLs again and record what changed")
    a.add_argument("ids", nargs="*", type=int, metavar="MATCH_ID")
    a.add_argument("--json", action="store_true")


def _action(actions: Any, name: str, run: Command, help_text: str) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = actions.add_parser(name, help=help_text, description=help_text)
    p.add_argument("--home", metavar="DIR", default=argparse.SUPPRESS, help="keep all data under DIR")
    p.set_defaults(run=run, step=name)
    return p


# -- export and verify --

def run_export(args: argparse.Namespace, paths: Paths) -> int:
    from creatorwatch.core.evidence.bundle import ExportOptions, export_bundle
    from creatorwatch.core.evidence.timestamp import NOT_STAMPED, saved_tsa_url
    from creatorwatch.core.records.source_store import stored_secrets

    if args.tsa and not args.no_timestamp and not is_web_address(args.tsa):
        print(_not_a_tsa(args.tsa, "Nothing was exported."), file=sys.stderr)
        return WRONG_USAGE
    db = open_database(paths.database)
    tsa = None if args.no_timestamp else (args.tsa or saved_tsa_url(db))
    options = ExportOptions(include_work=args.work == "original", tsa_url=tsa, recipient=args.to)
    result = export_bundle(db, args.ids, args.output, options, secrets=stored_secrets(db))
    for warning in result.warnings:
        print(f"note: {warning}", file=sys.stderr)
    # counted as `verify` counts them ("all 14 files match the manifest"): the manifest itself is not one of them
    print(f"wrote the evidence bundle {result.path} ({len(result.manifest.files)} files and the manifest listing "
          f"them, SHA-256 {result.sha256})")
    if result.notice_copy is not None:
        print(f"wrote a copy of its notice draft to fill in and sign: {result.notice_copy} (notice.txt inside the "
              "bundle must stay as it is, or verify reports the bundle as changed)")
    print(result.timestamp)
    if result.timestamp_missed:  # asked for (--tsa, or evidence-settings for every export) and not had
        asked = "--tsa" if args.tsa else "evidence-settings --tsa"
        print(f"creatorwatch: the bundle was written WITHOUT the trusted timestamp you asked for ({asked}): "
              f"{result.timestamp_missed.removeprefix(NOT_STAMPED).rstrip(' .')}. The bundle holds no timestamp. "
              "Export again when the authority can be reached, choose another with --tsa URL, or export without "
              "one with --no-timestamp.", file=sys.stderr)
        return 1
    return 0


def run_verify(args: argparse.Namespace, paths: Paths) -> int:
    from creatorwatch.core.evidence.verify import verify_bundle

    if not Path(args.bundle).exists():  # a pipe or a device exists: verify itself refuses those, as damaged
        print(f"creatorwatch: there is no file at {args.bundle}; name the bundle (.zip) that export wrote",
              file=sys.stderr)
        return 2
    trust = None
    if args.tsa_cert is not None:
        from creatorwatch.core.evidence.timestamp import authority_roots

        try:
            trust = authority_roots(args.tsa_cert)
        except (OSError, ValueError) as exc:
            print(_not_a_certificate(args.tsa_cert, exc), file=sys.stderr)
            return 2
    elif paths.database.is_file():  # the certificate saved with evidence-settings, if any (nothing is created)
        from creatorwatch.core.evidence.timestamp import saved_tsa_roots

        db = open_database(paths.database)
        try:
            trust = saved_tsa_roots(db)
        finally:
            db.conn.close()
    result = verify_bundle(args.bundle, trust)
    if args.json:
        print(json.dumps(result.as_json(), indent=2))
        return 0 if result.ok else 1
    for problem in result.problems:  # what changed in content first
        print(problem)
    if result.repacked:  # then, in one line, that the ZIP itself was only re-packed: nothing in it changed
        print(f"note: {result.repacked_note}")
    if result.ok:
        made = f", made {result.manifest.created_at}" if result.manifest else ""
        print(f"ok: all {result.checked} files match the manifest{made}; nothing changed.")
    elif result.manifest_changed:  # a bundle all the same: what the creator needs to know is that it was altered
        print(f"FAILED: {args.bundle} is an evidence bundle that was changed after it was made: its manifest no "
              "longer checks out, so none of its files can be trusted as they were exported.")
        return 1
    elif result.manifest is None:  # not a bundle at all (a picture, a truncated download): no timestamp to speak of
        print(f"FAILED: {args.bundle} is not an evidence bundle that CreatorWatch can read.")
        return 1
    else:
        print(f"FAILED: {counted(len(result.problems), 'problem')} — this bundle is not as it was made.")
    print(result.timestamp)
    return 0 if result.ok else 1


# -- settings --

def run_settings(args: argparse.Namespace, paths: Paths) -> int:
    from creatorwatch.core.evidence.timestamp import (
        certificate_name,
        save_tsa_cert,
        save_tsa_url,
        saved_tsa_roots,
        saved_tsa_url,
    )
    from creatorwatch.core.records.notice_details import load_notice_details, save_notice_details, set_identity
    from creatorwatch.core.records.typed_contact import AS_TYPED, tidied_contact

    if args.tsa and not is_web_address(args.tsa):  # kept, every export would then go unstamped
        print(_not_a_tsa(args.tsa, "Nothing was saved."), file=sys.stderr)
        return WRONG_USAGE
    typed = {}
    for field, key in AS_TYPED.items():  # trimmed; a line break only between the address's lines
        if getattr(args, field) is not None:
            typed[field], problem = tidied_contact(key, getattr(args, field))
            if problem:
                print(f"creatorwatch: {problem}", file=sys.stderr)
                return WRONG_USAGE
    db = open_database(paths.database)
    details = load_notice_details(db)
    changed = False
    for field, value in typed.items():
        setattr(details, field, value)
        changed = True
    if changed:
        save_notice_details(db, details)
    if args.name is not None or args.email is not None:  # what `settings` shows as creator_name, creator_contact
        set_identity(db, typed.get("name"), typed.get("email"))
    if args.tsa is not None:
        save_tsa_url(db, args.tsa)
    if args.tsa_cert is not None:
        try:
            save_tsa_cert(db, Path(args.tsa_cert) if args.tsa_cert else None)
        except (OSError, ValueError) as exc:
            print(_not_a_certificate(args.tsa_cert, exc), file=sys.stderr)
            return 2
    saved = saved_tsa_roots(db)
    shown = {**vars(details), "tsa": saved_tsa_url(db) or "",
             "tsa_cert": ", ".join(certificate_name(c) for c in saved.certificates) if saved else ""}
    if args.json:
        print(json.dumps(shown, indent=2))
    else:
        for key, value in shown.items():
            print(f"{key.replace('_', ' '):>13}: {value or '(not set)'}")
    return 0


def _not_a_certificate(given: object, exc: Exception) -> str:
    """Why a file named as the timestamp authority's certificate cannot be used, in words (not "[Errno 2] …")."""
    if isinstance(exc, FileNotFoundError):
        why = "there is no file at that path"
    elif isinstance(exc, IsADirectoryError):
        why = "that is a folder; name the certificate file in it"
    elif isinstance(exc, PermissionError):
        why = "you are not allowed to read that file"
    elif isinstance(exc, OSError):
        why = f"the file could not be read ({exc.strerror or type(exc).__name__})"
    else:
        why = str(exc)
    return (f"creatorwatch: cannot use {given} as the timestamp authority's certificate: {why}. Give the PEM or "
            "DER file saved from the authority's site.")


def _not_a_tsa(given: str, outcome: str) -> str:
    """The window's words (settings_view) for a timestamp authority that is not a web address."""
    return (f"creatorwatch: \u201c{given}\u201d is not a web address, so it cannot be a timestamp authority: give one "
            f"that starts with https:// or http://, such as https://freetsa.org/tsr, or '' for none. {outcome}")


# -- takedowns --

def run_takedown_list(args: argparse.Namespace, paths: Paths) -> int:
    from creatorwatch.core.evidence.takedown import Takedowns

    takedowns = Takedowns(open_database(paths.database)).all(open_only=not args.all)
    if args.json:
        print(json.dumps([t.as_json() for t in takedowns], indent=2))
        return 0
    if not takedowns:
        print("No open takedowns. Start one with: creatorwatch takedown draft MATCH_ID --follow")
        return 0
    print(f"{'MATCH':>5}  {'STATUS':<14}  {'SENT':<10}  {'DAYS':>4}  {'LAST CHECK':<24}  URL")
    for t in takedowns:
        days = t.days_since_sent()
        print(f"{t.match_id:>5}  {t.status:<14}  {(t.sent_at or '')[:10]:<10}  {'' if days is None else days:>4}  "
              f"{(t.check_result or ''):<24}  {t.media_url or t.candidate_url}")
    return 0


def run_takedown_show(args: argparse.Namespace, paths: Paths) -> int:
    from creatorwatch.core.evidence.custody import history
    from creatorwatch.core.evidence.gather import gather
    from creatorwatch.core.evidence.takedown import Takedowns

    db = open_database(paths.database)
    gather(db, [args.id])  # a clear message for an unknown match
    takedown = Takedowns(db).get(args.id)
    entries = history(db, args.id)
    if args.json:
        print(json.dumps({"takedown": takedown.as_json() if takedown else None,
                          "custody": [e.as_json() for e in entries]}, indent=2))
        return 0
    print(f"match #{args.id}: " + (f"takedown {takedown.status}" if takedown else "no takedown yet"))
    for e in entries:
        detail = ", ".join(f"{k}: {v}" for k, v in e.detail.items() if k != "sha256")
        print(f"  {e.at}  {e.action}" + (f" — {detail}" if detail else ""))
    return 0


def run_takedown_draft(args: argparse.Namespace, paths: Paths) -> int:
    from creatorwatch.core.evidence.draft import draft_to_send
    from creatorwatch.core.evidence.gather import gather
    from creatorwatch.core.evidence.takedown import Takedowns
    from creatorwatch.core.records.notice_details import load_notice_details

    db = open_database(paths.database)
    decided = db.execute("SELECT status FROM matches WHERE id = ?", [args.id]).fetchone()
    if decided and decided[0] in ("dismissed", "licensed"):
        print(f"creatorwatch: match #{args.id} is {decided[0]}: you decided it needs no takedown, so none was "
              f"drafted. If that changed, first run: creatorwatch review {args.id} --status confirmed",
              file=sys.stderr)
        return 1
    notice = draft_to_send(gather(db, [args.id]), load_notice_details(db), args.to)
    if args.output:  # written before the takedown is recorded: a place that cannot take it records nothing
        check_file_place(args.output, "the notice draft", "notice.txt")
        if earlier := keep_earlier(args.output):  # a draft completed and signed by hand must not be lost
            print(f"note: a file was already at {args.output.name}: it is kept beside the new draft as {earlier.name}",
                  file=sys.stderr)
        _write_atomically(args.output, notice)
    takedowns = Takedowns(db)
    said = f"notice saved to {args.output.name}" if args.output else ""
    followed = takedowns.get(args.id)
    if followed is None and not args.follow:  # reading a draft is not sending it: nothing is followed yet
        print(f"note: the takedown of match #{args.id} is not followed; once you send the notice, record it with: "
              f"creatorwatch takedown sent {args.id} --channel … --to … (or draft with --follow to follow it now)",
              file=sys.stderr)
    elif followed is None or followed.status == "drafted":
        takedowns.record(args.id, "drafted", note=said)
    else:  # a notice drafted again never takes back a step that happened (sent, acknowledged, removed …)
        takedowns.note(args.id, f"notice drafted again{': ' + said if said else ''}")
        print(f"note: the takedown of match #{args.id} is already {followed.status.replace('-', ' ')}; it stays so "
              "(only the notice was drafted again)", file=sys.stderr)
    if args.output:
        print(f"wrote the notice draft to {args.output}; check it, complete it and sign it before sending.")
    else:
        print(notice, end="")
    return 0


def run_takedown_step(args: argparse.Namespace, paths: Paths) -> int:
    from creatorwatch.core.evidence.takedown import Takedowns

    takedown = Takedowns(open_database(paths.database)).record(
        args.id, args.step, note=args.note, channel=getattr(args, "channel", "") or "",
        recipient=getattr(args, "recipient", "") or "", when=args.date)
    print(f"match #{takedown.match_id}: takedown {takedown.status}")
    return 0


def run_takedown_note(args: argparse.Namespace, paths: Paths) -> int:
    from creatorwatch.core.evidence.takedown import Takedowns

    Takedowns(open_database(paths.database)).note(args.id, args.text)
    print(f"match #{args.id}: note added")
    return 0


def run_takedown_recheck(args: argparse.Namespace, paths: Paths) -> int:
    from creatorwatch.core.evidence.takedown import Takedowns
    from creatorwatch.core.net.client import HttpClient

    takedowns = Takedowns(open_database(paths.database))
    open_ids = {t.match_id for t in takedowns.all(open_only=True)}
    unknown = [match_id for match_id in args.ids if match_id not in open_ids]
    for match_id in unknown:
        print(f"creatorwatch: match #{match_id} has no open takedown to re-check. See them with: creatorwatch "
              "takedown list", file=sys.stderr)
    with HttpClient(source="takedown re-check") as http:
        results = takedowns.recheck(http, args.ids or None)
    if args.json:
        print(json.dumps([vars(r) for r in results], indent=2))
    else:
        for r in results:
            print(f"match #{r.match_id}: {r.result}{f' ({r.detail})' if r.detail else ''} — {r.url}")
        if not results and not unknown:
            print("No open takedowns to re-check.")
    if unknown:
        return WRONG_USAGE
    return 1 if any(r.result == "could not check" for r in results) else 0


def _date(text: str) -> str:
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-03-01") from None
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).isoformat(timespec="seconds")


def _write_atomically(path: Path, text: str) -> None:
    from creatorwatch.core.store.atomic import write_text

    try:
        write_text(path, text)
    except OSError as exc:
        if (said := cannot_write_there(path, exc)) is exc:
            raise
        raise said from exc
