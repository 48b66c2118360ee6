"""What each source has told the creator so far, in plain sentences — above all for the sources whose findings are
a status rather than a copy (Common Crawl: are my pages in a crawl; Spawning: is my work opted out), which would
otherwise show nowhere. Read from what the monitor already keeps: the candidates it recorded and each cursor."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

import sqlite_utils

from creatorwatch.core.records.findings import FIND_CLASS
from creatorwatch.core.records.source_store import SourceStore
from creatorwatch.core.sources.folder import urls_found
from creatorwatch.core.sources.spawning import STATUS_WORDS
from creatorwatch.core.wording.words import counted

UNREAD_SHOWN = 5  # items that could not be read named on the Sources page; the rest are counted


@dataclass(frozen=True)
class SourceReport:
    headline: str  # one line, for the Overview
    details: list[str] = field(default_factory=list)  # every line, for the Sources page (headline first)
    unread: str = ""  # what could not be read, for the Sources table beside a source that is otherwise "ok"


def source_reports(db: sqlite_utils.Database) -> dict[str, SourceReport]:
    """A report per configured source name that has found or checked anything; sources not yet checked have none."""
    store = SourceStore(db)
    reports = {}
    for source in store.all():
        name, kind = source.config.name, source.config.type
        cursor = store.cursor(source.id)
        if kind == "commoncrawl":
            report = _crawl_report(cursor, _candidate_meta(db, name, "crawl"))
        elif kind == "spawning":
            report = _opt_out_report(cursor)
        else:
            report = _finds_report(db, name, "file" if kind == "folder" else "item")
        if report is None and kind == "folder" and cursor.get("files") == {}:
            report = SourceReport("The folder was empty at each check.", ["The folder was empty at each check."])
        if report is not None:
            reports[name] = report
    return reports


def _candidate_meta(db: sqlite_utils.Database, source: str, kind: str) -> list[dict[str, Any]]:
    rows = db.execute("SELECT meta FROM candidates WHERE source = ? ORDER BY id", [source]).fetchall()
    metas = (json.loads(row[0] or "{}") for row in rows)
    return [meta for meta in metas if isinstance(meta, dict) and meta.get("kind") == kind]


def _crawl_report(cursor: dict[str, Any], crawls: list[dict[str, Any]]) -> SourceReport | None:
    """Per domain, the newest crawl checked: how many of its pages are in it, or that none are."""
    found: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)  # domain → crawl id → what was found
    for meta in crawls:
        found[str(meta.get("domain"))][str(meta.get("crawl"))] = meta
    checked: dict[str, list[str]] = cursor.get("checked") or {}
    lines, in_newest = [], 0
    for domain in sorted(set(checked) | set(found)):
        newest_checked = max([*checked.get(domain, []), *found[domain]], default=None)
        if newest_checked is None:
            continue
        if newest_checked in found[domain]:
            in_newest += 1
            lines.append(f"{_pages(found[domain][newest_checked])} of {domain} "
                         f"{'is' if found[domain][newest_checked].get('captures') == 1 else 'are'} in Common "
                         f"Crawl's {_crawl_name(found[domain][newest_checked])}.")
        elif found[domain]:
            latest = found[domain][max(found[domain])]
            lines.append(f"{domain} is not in the newest crawl checked ({newest_checked}); "
                         f"{_pages(latest)} {'was' if latest.get('captures') == 1 else 'were'} in "
                         f"{_crawl_name(latest)}.")
        elif len(checked.get(domain, [])) > 1:
            lines.append(f"{domain} is in none of the {len(checked[domain])} crawls checked (newest {newest_checked}).")
        else:
            lines.append(f"{domain} is not in Common Crawl's {newest_checked}.")
    if not lines:
        return None
    headline = lines[0] if len(lines) == 1 else \
        f"{in_newest} of your {len(lines)} sites {'is' if in_newest == 1 else 'are'} in Common Crawl's newest crawl."
    return SourceReport(headline, lines)


def _pages(meta: dict[str, Any]) -> str:
    count = int(meta.get("captures") or 0)
    return f"{'at least ' if meta.get('complete') is False else ''}{count} page{'s' if count != 1 else ''}"


def _crawl_name(meta: dict[str, Any]) -> str:
    crawl, name = str(meta.get("crawl")), meta.get("crawl_name")
    return f"{name} ({crawl})" if name and name != crawl else crawl


def _opt_out_report(cursor: dict[str, Any]) -> SourceReport | None:
    """Whether each of the creator's addresses carries an opt-out in Spawning's Do Not Train registry."""
    status: dict[str, str] = cursor.get("status") or {}
    if not status:
        return None
    opted_out = sum(s == "opted-out" for s in status.values())
    if len(status) == 1:
        [(url, state)] = status.items()
        headline = f"{url}: {STATUS_WORDS.get(state, state)}."
    elif opted_out == len(status):
        headline = f"All {len(status)} of your addresses are opted out of AI training."
    else:
        headline = f"{opted_out} of your {len(status)} addresses {'is' if opted_out == 1 else 'are'} opted out of " \
                   "AI training."
    lines = [f"{url}: {STATUS_WORDS.get(state, state)}" for url, state in sorted(status.items(),
                                                                                  key=lambda i: (i[1], i[0]))]
    return SourceReport(headline, [headline, *lines] if len(status) > 1 else [headline])


def _finds_report(db: sqlite_utils.Database, source: str, unit: str) -> SourceReport | None:
    """For the sources that look for copies: how much was looked at, and what came of it."""
    seen = int(db.execute("SELECT COUNT(*) FROM candidates WHERE source = ?", [source]).fetchone()[0])
    if not seen:
        return None
    rows = db.execute(f"SELECT {FIND_CLASS}, COUNT(*), COUNT(DISTINCT m.candidate_id) FROM matches m"
                      " JOIN candidates c ON c.id = m.candidate_id WHERE c.source = ? GROUP BY 1", [source]).fetchall()
    kinds, holding = {row[0]: row[1] for row in rows}, {row[0]: row[2] for row in rows}
    found = [counted(n, word, plural) + (f" in {holding[key]} of them" if n > holding[key] else "")
             for key, word, plural in (("match", "possible copy", "possible copies"),
                                       ("voice", "voice likeness", "voice likenesses"),
                                       ("mention", "mention of you", "mentions of you"))
             if (n := kinds.get(key, 0))]  # an item copying two works is two copies: "12 … in 10 of them"
    items = counted(seen, "item")
    headline = f"Looked at {items}: {', '.join(found)}." if found else f"Looked at {items}; nothing of yours so far."
    unread = unread_items(db, source)
    if not unread:
        return SourceReport(headline, [headline])
    headline += f" {len(unread)} could not be read."  # nothing was matched in those: the creator should know
    return SourceReport(headline, [headline, *unread_lines(unread)], unread_summary(unread, unit))


def unread_summary(unread: list[tuple[str, str]], unit: str) -> str:
    """One line naming what could not be read ("4 files could not be read: a.png, b.wav, c.txt and 1 more"): the
    source itself worked, so its health stays "ok", but the creator should see that something was left unmatched."""
    names = [_short_name(url) for url, _ in unread[:3]]
    more = f" and {len(unread) - 3} more" if len(unread) > 3 else ""
    return f"{counted(len(unread), unit)} could not be read: {', '.join(names)}{more}"


def _short_name(url: str) -> str:
    """A file's name (a folder's items are file:// addresses), else the address itself."""
    return unquote(url.rstrip("/").rsplit("/", 1)[-1]) if url.startswith("file:") else url


def unread_items(db: sqlite_utils.Database, source: str) -> list[tuple[str, str]]:
    """The source's items that could not be read when last seen, oldest first, each with why; of a folder, only the
    files its latest check found there (one deleted or moved away since is no longer the creator's to fix)."""
    store = SourceStore(db)
    configured = store.get(source)
    present = urls_found(store.cursor(configured.id)) if configured and configured.config.type == "folder" else None
    return [(url, problem) for url, problem in db.execute(
        "SELECT url, problem FROM candidates WHERE source = ? AND problem IS NOT NULL ORDER BY id", [source])
        if present is None or url in present]


def unread_lines(unread: list[tuple[str, str]]) -> list[str]:
    """The first few items that could not be read, each with why, and how many more: nothing was matched in them,
    and a count alone leaves the creator to hunt for which."""
    shown = [f"Could not read {url}: {problem}" for url, problem in unread[:UNREAD_SHOWN]]
    return shown + ([f"… and {len(unread) - UNREAD_SHOWN} more."] if len(unread) > UNREAD_SHOWN else [])
