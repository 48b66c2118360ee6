"""The creator's own sites, audited again on a schedule: each new audit is compared with the one before, and when
the opt-out has weakened (a crawler that was kept out may now fetch, a TDMRep or meta signal disappeared) an
`optout_weakened` event says so in a plain sentence, through the same hub that announces new finds.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import sqlite_utils

from creatorwatch.core.net.client import HttpClient
from creatorwatch.core.optout.audit import audit_site, site_root
from creatorwatch.core.store.events import EventHub

log = logging.getLogger(__name__)
EVERY_DAYS = (1, 7)  # daily or weekly
WEAKENED = "optout_weakened"


@dataclass
class WatchedSite:
    url: str
    every_days: int
    added_at: str
    checked_at: str | None = None
    audit: dict[str, Any] | None = None  # the last audit (SiteAudit.as_json())
    changes: list[str] = field(default_factory=list)  # what weakened at the last audit, in plain sentences

    def due(self, now: datetime) -> bool:
        if not self.checked_at:
            return True
        return datetime.fromisoformat(self.checked_at) + timedelta(days=self.every_days) <= now

    def as_json(self) -> dict[str, object]:
        audit = self.audit or {}
        return {"url": self.url, "every_days": self.every_days, "added_at": self.added_at,
                "checked_at": self.checked_at, "protected": audit.get("protected"), "gaps": audit.get("gaps", []),
                "weakened": list(self.changes)}


def remember_site(db: sqlite_utils.Database, url: str, every_days: int = 7,
                  audit: dict[str, Any] | None = None) -> WatchedSite:
    """Keep `url` to be audited again every `every_days` days (1 or 7); `audit`, when given, is the first baseline."""
    site_root(url)  # refuses what is not a web address
    if every_days not in EVERY_DAYS:
        raise ValueError("a site is audited again daily (1) or weekly (7)")
    now = _now()
    db.execute("INSERT INTO watched_sites (url, every_days, added_at) VALUES (?, ?, ?) ON CONFLICT(url) DO UPDATE"
               " SET every_days = excluded.every_days", [url, every_days, now])
    if audit is not None:
        db.execute("UPDATE watched_sites SET audit = ?, checked_at = ?, changes = '[]' WHERE url = ?",
                   [json.dumps(audit), str(audit.get("checked_at") or now), url])
    site = watched_site(db, url)
    assert site is not None
    return site


def forget_site(db: sqlite_utils.Database, url: str) -> bool:
    return bool(db.execute("DELETE FROM watched_sites WHERE url = ?", [url]).rowcount)


def watched_sites(db: sqlite_utils.Database) -> list[WatchedSite]:
    rows = db.execute("SELECT url, every_days, added_at, checked_at, audit, changes FROM watched_sites ORDER BY url")
    return [_site(row) for row in rows]


def watched_site(db: sqlite_utils.Database, url: str) -> WatchedSite | None:
    row = db.execute("SELECT url, every_days, added_at, checked_at, audit, changes FROM watched_sites WHERE url = ?",
                     [url]).fetchone()
    return _site(row) if row else None


def reaudit(db: sqlite_utils.Database, http: HttpClient, url: str, hub: EventHub | None = None) -> list[str]:
    """Audit `url` again, keep the result, and publish `optout_weakened` when it says less than last time.
    Returns the sentences saying what weakened (empty when nothing did, or on the first audit)."""
    before = watched_site(db, url)
    audit = audit_site(http, url).as_json()
    changes = weakening(before.audit, audit) if before and before.audit else []
    db.execute("UPDATE watched_sites SET audit = ?, checked_at = ?, changes = ? WHERE url = ?",
               [json.dumps(audit), audit["checked_at"], json.dumps(changes), url])
    if changes and hub is not None:
        hub.publish(WEAKENED, url=url, site=_host(url), changes=changes, text=" ".join(changes))
    return changes


def reaudit_due(db: sqlite_utils.Database, http: HttpClient, hub: EventHub | None = None,
                now: datetime | None = None) -> dict[str, list[str]]:
    """Audit again every watched site whose time has come; url → what weakened. One site that cannot be read
    does not stop the others (its audit says so, as robots.txt "unreadable")."""
    now = now or datetime.now(UTC)
    found: dict[str, list[str]] = {}
    for site in watched_sites(db):
        if not site.due(now):
            continue
        try:
            found[site.url] = reaudit(db, http, site.url, hub)
        except Exception:  # an unforeseen failure on one site: logged, and the next site is still audited
            log.exception("audit of the watched site %s failed", site.url)
    return found


def weakening(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """What `after` says less firmly than `before`, one plain sentence per change. A signal that could not be read
    this time (the page or a file unreachable) is not called gone: robots.txt unreadable keeps crawlers out anyway."""
    host = _host(str(after.get("url") or before.get("url") or ""))
    lines = []
    was_open = {c["token"]: any(c["may_fetch"].values()) for c in before.get("crawlers", [])}
    now_open = [c["token"] for c in after.get("crawlers", [])
                if any(c["may_fetch"].values()) and was_open.get(c["token"]) is False]
    if now_open:
        lines.append(f"Your site {host} now lets {_names(now_open)} in: {_robots_reason(before, after)}.")
    page_read = not after.get("page", {}).get("problem") and not before.get("page", {}).get("problem")
    file_read = after.get("tdmrep", {}).get("well_known", {}).get("state") != "unreachable"
    if page_read and file_read and before.get("tdmrep", {}).get("reserved") \
            and not after.get("tdmrep", {}).get("reserved"):
        lines.append(f"Your site {host} no longer reserves its rights to text and data mining: the TDMRep "
                     f"signal (tdm-reservation) is gone{_tdm_reason(before, after)}.")
    if page_read:
        now = after["page"]
        # noimageai is gone for the pictures only if noai (which covers them too) is not there either; an audit kept
        # before noimageai meant the word itself said noimageai true for a bare noai
        dropped = [tag for tag in ("noai", "noimageai") if before["page"].get(tag) and not now.get(tag)
                   and not (tag == "noimageai" and now.get("noai"))]
        if dropped:
            lines.append(f"Your site {host} no longer carries the {' and '.join(dropped)} meta "
                         f"{'tag' if len(dropped) == 1 else 'tags'} on {after['page'].get('url') or 'its page'}.")
    ai_txt = after.get("ai_txt", {})
    if before.get("ai_txt", {}).get("blocks_all") and not ai_txt.get("blocks_all") \
            and ai_txt.get("state") != "unreachable":
        lines.append(f"Your site {host} no longer has an ai.txt forbidding AI training "
                     f"(it is now {ai_txt.get('state') or 'different'}).")
    return lines


def _robots_reason(before: dict[str, Any], after: dict[str, Any]) -> str:
    mode, status = after.get("robots", {}).get("mode"), after.get("robots", {}).get("status")
    if mode == "allow_all":
        return f"robots.txt is gone (HTTP {status})" if status else "robots.txt is gone"
    return "robots.txt changed"


def _tdm_reason(before: dict[str, Any], after: dict[str, Any]) -> str:
    gone = []
    if before["page"].get("tdm_reservation_header") and not after["page"].get("tdm_reservation_header"):
        gone.append("the tdm-reservation header")
    if before["page"].get("tdm_reservation_meta") and not after["page"].get("tdm_reservation_meta"):
        gone.append("the tdm-reservation meta tag")
    was_file = before["tdmrep"].get("well_known", {}).get("state")
    if was_file != after["tdmrep"].get("well_known", {}).get("state"):
        gone.append(f"/.well-known/tdmrep.json is now {after['tdmrep'].get('well_known', {}).get('state')}")
    return f" ({'; '.join(gone)})" if gone else ""


def _names(tokens: list[str]) -> str:
    return tokens[0] if len(tokens) == 1 else ", ".join(tokens[:-1]) + " and " + tokens[-1]


def _host(url: str) -> str:
    return urlsplit(url).netloc or url


def _site(row: Any) -> WatchedSite:
    audit = json.loads(row[4]) if row[4] else None
    return WatchedSite(row[0], int(row[1]), row[2], row[3], audit, json.loads(row[5] or "[]"))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
