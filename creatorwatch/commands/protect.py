"""Commands that say "do not train" machine-readably: audit the creator's website, protect copies of works."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from creatorwatch.commands.registry import WRONG_USAGE, CommandAdder
from creatorwatch.core.store.output_place import cannot_write_there, check_folder_place
from creatorwatch.core.wording.times import local_minute
from creatorwatch.core.wording.words import counted
from creatorwatch.paths import Paths

AUDIT_HELP = """\
Which AI crawlers may fetch your site, what its other opt-out signals say, and (with -o) the files that
close the gaps: robots.txt, .well-known/tdmrep.json, ai.txt and a README saying where each goes.

Exit status: 0 when every signal already says "do not train" (no gaps, and each was read), 1 when there are
gaps to close, or the site or part of it could not be read (the table says which), 2 for wrong usage.

--json prints one object:
  url, site, checked_at, paths          what was audited (paths: those checked for each crawler)
  protected                             true when there are no gaps and nothing was left unchecked
  gaps                                  list of plain sentences: what was seen missing
  not_checked                           list of plain sentences: what could not be read (a page that answered
                                        500 or 429: its meta tags), with why; never a gap, and -o writes no
                                        file for it
  robots        {url, mode, status, size, final_url, notes}; mode: "rules" (the file decides),
                "allow_all" (no robots.txt: 4xx), "disallow_all" (5xx or unreachable, RFC 9309)
  crawlers      [{token, operator, uses: ["training"|"search"|"user"], honours_robots, token_only,
                  may_fetch: {path: bool}, named_in_robots, blocking_stops, blocking_does_not_stop,
                  documentation}]
  tdmrep        {reserved, well_known: {url, state, status, note, rules: [{location, tdm-reservation,
                  tdm-policy}]}}
  page          {url, status, final_url, problem, tdm_reservation_header, tdm_policy_header,
                 tdm_reservation_meta, tdm_policy_meta, noai, noimageai, images_covered, x_robots_tag};
                noai and noimageai: each true only when that word itself is there; images_covered: either is
                (noai covers the pictures too)
  ai_txt        {url, state, status, allowed: {kind: bool}, blocks_all, note}
  written       paths of the files written with -o (absent without -o)
  blocked, still_open   with -o: crawlers the new robots.txt blocks, and those older lines still allow
  watched       with --remember: {url, every_days, added_at, checked_at, protected, gaps, weakened}

Watching your site: --remember keeps it (this audit is the baseline) and the scheduler (the window or
`creatorwatch run`) audits it again daily or weekly (--every); when its opt-out weakens (a crawler kept out
may now fetch, a TDMRep or noai signal is gone) you get an alert, like a new find. `audit --list` shows the
watched sites and what weakened at their last audit (--json: one object per site with the fields of
"watched"; exit status 1 when one weakened); `audit --recheck` audits every watched site again now;
`audit URL --forget` stops watching it.
"""


PROTECT_HELP = """\
Write copies of works that carry every machine-readable "do not train" signal their format can hold; the
originals are only read. Pictures (PNG, JPEG, WebP) get XMP with IPTC/PLUS Data Mining = prohibited for AI/ML
training, copyright and your contact (creator_name and creator_contact in settings: without your name, nothing
is written and the exit status is 2, as the copies must say who holds the rights); MP3s get ID3 tags and the
same XMP; FLAC, Ogg Vorbis and Opus get Vorbis comments; PDFs get document info and XMP; plain text gets a notice
at the top. Other formats are copied with an .xmp file beside them. With --c2pa, PNG, JPEG, WebP and MP3 copies
are also signed with C2PA Content Credentials (c2pa.training-mining and cawg.training-mining: notAllowed) using a
certificate made on the spot and labelled untrusted (it shows the file is unchanged, not who signed it; its key is
not kept). Each copy is read back and checked before it is kept, and recorded in the library linked to its work
(so a find of the copy is matched as the work).

Exit status: 0 when every work was protected, 1 when some could not be (each says why) or, with --c2pa, a copy
that should carry Content Credentials could not be signed (the copy is still written, with every other signal;
it says why), 2 for wrong usage. A file already at a copy's name is kept beside it as NAME (earlier N).EXT, as
`export` keeps an earlier bundle.
The rights statement carries the year the work was made: from its own metadata (EXIF DateTimeOriginal, IPTC
Date Created, ID3 or Vorbis date, a PDF's creation date), else from the file's modification time.
--json prints one object per work: work_id, work_path, copy, sidecar, signals, matches_work, notes, error, rights,
year_from, c2pa_error (why the copy is not signed, with --c2pa; null when it is or cannot be), earlier (where a
file already at the copy's name was kept; null when there was none).
"""


def register(command: CommandAdder) -> None:
    p = command("protect", run_protect, "write copies of works that carry every machine-readable \"do not train\" "
                                        "signal; originals untouched")
    p.formatter_class = argparse.RawDescriptionHelpFormatter
    p.description = PROTECT_HELP
    p.add_argument("ids", nargs="+", type=int, metavar="WORK_ID")
    p.add_argument("-o", "--output", required=True, type=Path, metavar="DIR", help="the folder for the copies")
    p.add_argument("--policy", default="", metavar="URL", help="your licensing terms page, written into the copies")
    p.add_argument("--all-mining", action="store_true",
                   help="prohibit all text and data mining, not only AI/ML training (PLUS DMI-PROHIBITED)")
    p.add_argument("--c2pa", action="store_true",
                   help="also sign copies (PNG, JPEG, WebP, MP3) with C2PA Content Credentials saying training and "
                        "mining are not allowed, using a self-made certificate labelled untrusted")
    p.add_argument("--json", action="store_true")
    p = command("provenance", run_provenance, "what a file says about how it was made: Content Credentials (C2PA), "
                                              "IPTC/XMP labels such as \"made by AI\", and \"do not train\" labels")
    p.add_argument("files", nargs="+", type=Path, metavar="PATH")
    p.add_argument("--json", action="store_true",
                   help="one object per file: path, xmp, c2pa, ai_generated, do_not_train, mining_prohibited, summary")
    p = command("audit", run_audit, "which AI crawlers may fetch your site, and the files that would close the gaps")
    p.formatter_class = argparse.RawDescriptionHelpFormatter
    p.description = AUDIT_HELP
    p.add_argument("url", metavar="URL", nargs="?", help="your site, or one page of it")
    p.add_argument("--json", action="store_true", help="print the audit as one JSON object (fields above)")
    p.add_argument("--path", action="append", default=[], metavar="PATH",
                   help="also check this path for every crawler (e.g. /gallery/); may be repeated")
    p.add_argument("-o", "--output", type=Path, metavar="DIR", help="write the files that close the gaps into DIR")
    p.add_argument("--policy", metavar="URL", help="your licensing policy page, for tdmrep.json (tdm-policy)")
    p.add_argument("--all-ai", action="store_true",
                   help="block AI search and user-asked fetchers too, not only training crawlers")
    p.add_argument("--remember", action="store_true",
                   help="keep this site and audit it again on a schedule, alerting when its opt-out weakens")
    p.add_argument("--every", choices=("daily", "weekly"), default="weekly",
                   help="with --remember: how often to audit it again (default weekly)")
    p.add_argument("--list", action="store_true", help="list the watched sites and what weakened at their last audit")
    p.add_argument("--recheck", action="store_true", help="audit every watched site again now")
    p.add_argument("--forget", action="store_true", help="stop watching URL")


def run_protect(args: argparse.Namespace, paths: Paths) -> int:
    from creatorwatch.core.library.works import Library
    from creatorwatch.core.optout.protect import protect_works, reservation_from_settings
    from creatorwatch.core.store.db import open_database

    db = open_database(paths.database)
    reservation = reservation_from_settings(db, policy_url=args.policy, all_mining=args.all_mining)
    library = Library(db)
    unknown = [work_id for work_id in args.ids if library.get(work_id) is None]  # each said as "not protected"
    if not reservation.name and len(unknown) < len(set(args.ids)):  # "© 2026 the creator" went into copies given out
        print("creatorwatch: protected copies say who holds the rights (\u00a9 YEAR YOUR NAME), and your name is not "
              "set. Set it with: creatorwatch settings creator_name \"Your Name\" (or Name on the Settings page), "
              "then protect again. Nothing was written.", file=sys.stderr)
        return WRONG_USAGE
    results = protect_works(library, args.ids, args.output, reservation, sign=args.c2pa)
    if args.json:
        for result in results:
            print(json.dumps(result.as_json()))
    else:
        if not reservation.contact:
            print("note: set your contact so the copies say how to reach you about a licence: creatorwatch settings "
                  "creator_contact \"…\"", file=sys.stderr)
        for result in results:
            if result.problem:
                print(f"#{result.work.id}: not protected — {result.problem}")
                continue
            found = ("still found as the work" if result.match_score is not None
                     else "text changed by the notice: not checked against the work")
            print(f"#{result.work.id} {Path(result.work.path).name} -> {result.path} (checked; {found})")
            print(f"    {result.rights} (the year from {result.year_from})")
            for signal in result.signals:
                print(f"    {signal}")
            for note in result.notes:
                print(f"    note: {note}")
            if result.unsigned:
                print(f"    NOT signed with Content Credentials (C2PA): {result.unsigned}")
    unsigned = [r for r in results if r.unsigned]
    if unsigned:
        print(f"creatorwatch: {counted(len(unsigned), 'copy', 'copies')} could not be signed with Content "
              f"Credentials as --c2pa asked ({', '.join(f'#{r.work.id}' for r in unsigned)}); "
              f"{'it carries' if len(unsigned) == 1 else 'they carry'} every other \"do not train\" signal.",
              file=sys.stderr)
    return WRONG_USAGE if unknown else 1 if any(r.problem or r.unsigned for r in results) else 0


def run_provenance(args: argparse.Namespace, paths: Paths) -> int:
    from creatorwatch.core.errors import UnreadableMedia
    from creatorwatch.core.library.works import Library
    from creatorwatch.core.matching.match import Matcher
    from creatorwatch.core.optout.provenance import read_provenance
    from creatorwatch.core.store.db import open_database

    db = open_database(paths.database)
    works = {str(row[0]): int(row[1]) for row in db.execute("SELECT sha256, id FROM works")}
    library = Library(db)
    matcher = Matcher(library, cache=paths.cache) if library.works("image") else None

    def match_image(picture: Path) -> int | None:
        try:
            found = matcher.match_file(picture) if matcher else []
        except UnreadableMedia:
            return None
        return found[0].work.id if found else None
    missing = 0
    for path in args.files:
        if not path.is_file():
            missing += 1
            print(f"creatorwatch: {path}: no such file", file=sys.stderr)
            continue
        found = read_provenance(path, works, match_image)
        if args.json:
            print(json.dumps({"path": str(path), **found}, default=str))
            continue
        print(f"{path}:")
        for line in found["summary"] or ["no Content Credentials or provenance labels"]:
            print(f"    {line}")
        if found["mining_prohibited"]:
            print("    It says AI training or data mining is not allowed.")
    return WRONG_USAGE if missing else 0


def run_audit(args: argparse.Namespace, paths: Paths) -> int:
    from creatorwatch.core.net.client import HttpClient
    from creatorwatch.core.optout.audit import NotAWebsite, audit_site
    from creatorwatch.core.optout.fixes import fix_files, write_fix_files

    if args.list or args.recheck or args.forget:
        return _watched(args, paths)
    if args.url is None:
        print("creatorwatch: audit needs a URL (or --list / --recheck)", file=sys.stderr)
        return 2
    if args.output is not None:  # before the site is asked anything: a mistyped folder is said at once
        check_folder_place(args.output)
    try:
        with HttpClient(source="your site", retries=1) as http:
            audit = audit_site(http, args.url, args.path)
    except NotAWebsite as exc:
        print(f"creatorwatch: {exc}", file=sys.stderr)
        return 2
    result: dict[str, Any] = audit.as_json()
    fixes = None
    if args.output is not None:
        fixes = fix_files(audit, policy_url=args.policy, all_ai=args.all_ai)
        try:
            write_fix_files(fixes, args.output)
        except OSError as exc:
            if (said := cannot_write_there(args.output, exc)) is exc:
                raise
            raise said from exc
        result.update(written=[str(p) for p in fixes.written], blocked=fixes.blocked, still_open=fixes.still_open)
    if args.remember:
        from creatorwatch.core.optout.site_watch import remember_site
        from creatorwatch.core.store.db import open_database

        watched = remember_site(open_database(paths.database), args.url, 1 if args.every == "daily" else 7,
                                audit.as_json())
        result["watched"] = watched.as_json()
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(audit_table(result))
        if fixes is not None:
            print()
            print(f"Wrote {len(fixes.written)} file(s) into {args.output}:" if fixes.written
                  else "Nothing to write: no gaps." if not audit.not_checked()
                  else "Nothing written: no gaps among what could be read.")
            for written in fixes.written:
                print(f"  {written}")
            for token in fixes.still_open:
                print(f"  note: {token} stays allowed by lines already in your robots.txt; remove them.")
        if args.remember:
            print(f"\nWatching {args.url}: audited again {args.every}; you are alerted when its opt-out weakens.")
    return 0 if audit.protected else 1


def _watched(args: argparse.Namespace, paths: Paths) -> int:
    """--list, --recheck and --forget: the sites kept for re-auditing."""
    from creatorwatch.core.net.client import HttpClient
    from creatorwatch.core.optout.site_watch import forget_site, reaudit, watched_sites
    from creatorwatch.core.store.db import open_database

    db = open_database(paths.database)
    if args.forget:
        if args.url is None:
            print("creatorwatch: --forget needs the URL to stop watching", file=sys.stderr)
            return 2
        if not forget_site(db, args.url):
            print(f"creatorwatch: {args.url} is not a watched site", file=sys.stderr)
            return WRONG_USAGE
        print(f"Stopped watching {args.url}.")
        return 0
    if args.recheck:
        with HttpClient(source="your site", retries=1) as http:
            for site in watched_sites(db):
                reaudit(db, http, site.url)
    sites = watched_sites(db)
    if args.json:
        for site in sites:
            print(json.dumps(site.as_json()))
    elif not sites:
        print("No watched sites. Add one with: creatorwatch audit URL --remember")
    for site in [] if args.json else sites:
        every = "daily" if site.every_days == 1 else "weekly"
        state = "no audit yet" if site.audit is None else (
            "protected" if site.audit.get("protected") else ", ".join(
                [counted(len(site.audit.get("gaps", [])), "gap")]
                + ([f"{len(site.audit['not_checked'])} not checked"] if site.audit.get("not_checked") else [])))
        print(f"{site.url}  ({every}; last audited {site.checked_at or 'never'}; {state})")
        for change in site.changes:
            print(f"  ! {change}")
    return 1 if any(site.changes for site in sites) else 0


def _verdict(crawler: dict[str, Any], path: str, result: dict[str, Any]) -> str:
    if result.get("unreachable"):
        return "site not reached"
    return "may fetch" if crawler["may_fetch"][path] else "blocked"


def audit_table(result: dict[str, Any]) -> str:
    """The audit as a creator reads it: one line per crawler, then the other signals and the gaps."""
    from creatorwatch.core.optout.audit import unreached
    from creatorwatch.core.optout.page import ai_tags_said

    robots = result["robots"]
    lines = [f"Audit of {result['url']} ({local_minute(result['checked_at'])})", ""]  # as `sources` says a time
    if result.get("unreachable"):
        lines += [f"! {unreached(result['unreachable'])}", ""]
    size = f", {robots['size']} bytes" if robots["size"] else ""
    status = f"HTTP {robots['status']}" if robots["status"] else "no answer"
    lines.append(f"robots.txt: {status}{size} — {_MODES[robots['mode']]}")
    lines += [f"  ! {note}" for note in robots["notes"]]
    lines.append("")
    paths = result["paths"]
    header = f"{'crawler':<29}{'operator':<24}{'uses':<17}" + "".join(f"{p[:18]:<20}" for p in paths)
    lines += [header + "robots.txt names it", "-" * (len(header) + 19)]
    for c in result["crawlers"]:
        cells = "".join(f"{_verdict(c, p, result):<20}" for p in paths)
        flag = "" if c["honours_robots"] == "yes" else f" ({_HONOURS[c['honours_robots']]})"
        lines.append(f"{c['token']:<29}{c['operator'][:22]:<24}{'+'.join(c['uses']):<17}{cells}"
                     f"{'yes' if c['named_in_robots'] else 'no (the * group decides)'}{flag}")
    lines.append("")
    tdm, page, ai = result["tdmrep"], result["page"], result["ai_txt"]
    well_known = tdm["well_known"]
    file_note = f": {well_known['note']}" if well_known["note"] else ""
    unread = page["problem"]  # the page did not answer with itself: its meta tags were not seen
    tdm_said = "rights reserved" if tdm["reserved"] else "NOT reserved" if not result["not_checked"] else "not known"
    lines.append(f"TDMRep: {tdm_said} — header {page['tdm_reservation_header'] or 'absent'}, meta tag "
                 f"{page['tdm_reservation_meta'] or ('not checked' if unread else 'absent')}, "
                 f"{well_known['url']} {well_known['state']}{file_note}")
    lines.append(f"Page meta: not checked ({unread})" if unread and not page["noai"] else
                 f"Page meta: {ai_tags_said(page['noai'], page['noimageai'])}" + (f" ({unread})" if unread else ""))
    lines.append(f"ai.txt: {ai['state']}" + (": forbids AI training on every file" if ai["blocks_all"] else
                                              (f" — {ai['note']}" if ai["note"] else ": allows some files")))
    lines.append("")
    if result["gaps"]:
        lines.append("Gaps:")
        lines += [f"  - {gap}" for gap in result["gaps"]]
        if "written" not in result:
            lines.append("Run again with -o DIR to write the files that close them.")
    elif not result["not_checked"]:
        lines.append("No gaps: every machine-readable signal says \"do not train\".")
    else:
        lines.append("No gaps among the signals that could be read.")
    if result["not_checked"]:
        lines.append("Not checked (audit again when the site answers; no file is written for these):")
        lines += [f"  - {what}" for what in result["not_checked"]]
    return "\n".join(lines)


_MODES = {"rules": "its rules decide", "allow_all": "no rules, so every crawler may fetch everything",
          "disallow_all": "unreadable, so crawlers keep out for now"}
_HONOURS = {"may_not_apply": "robots.txt may not apply", "reported_not": "reported to ignore robots.txt",
            "unknown": "obeying robots.txt not documented"}
