"""The W3C TDMRep well-known file, /.well-known/tdmrep.json: which paths reserve text-and-data-mining rights.

A location is read like a robots.txt path pattern (prefix, `*` any characters, `$` end); the longest matching
location decides, as in robots.txt.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

from creatorwatch.core.errors import SourceError
from creatorwatch.core.net.client import HttpClient

WELL_KNOWN = "/.well-known/tdmrep.json"
FILE_CAP = 1024 * 1024


@dataclass(frozen=True)
class TdmRule:
    location: str
    reservation: int  # 1: rights reserved, 0: not reserved
    policy: str | None = None


@dataclass
class TdmRepFile:
    url: str
    state: str  # "found" | "missing" | "malformed" | "unreachable"
    status: int | None = None
    rules: list[TdmRule] = field(default_factory=list)
    note: str = ""

    def rule_for(self, path: str) -> TdmRule | None:
        """The rule that applies to `path`, or None when no location matches."""
        matching = [r for r in self.rules if _pattern(r.location).match(path)]
        return max(matching, key=lambda r: len(r.location)) if matching else None

    def as_json(self) -> dict[str, object]:
        return {"url": self.url, "state": self.state, "status": self.status, "note": self.note,
                "rules": [{"location": r.location, "tdm-reservation": r.reservation, "tdm-policy": r.policy}
                          for r in self.rules]}


def read_tdmrep(http: HttpClient, site: str) -> TdmRepFile:
    url = urljoin(site, WELL_KNOWN)
    try:
        fetched = http.get(url, max_bytes=FILE_CAP, accept_status=range(400, 600))
    except SourceError as exc:
        return TdmRepFile(url, "unreachable", note=f"could not be fetched: {exc}")
    if fetched.status == 429 or fetched.status >= 500:  # the site could not say: not checked, not "missing"
        return TdmRepFile(url, "unreachable", fetched.status, note=f"could not be read (HTTP {fetched.status})")
    if fetched.status >= 400:
        return TdmRepFile(url, "missing", fetched.status, note=f"not published (HTTP {fetched.status})")
    try:
        data = json.loads(fetched.content)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return TdmRepFile(url, "malformed", fetched.status,
                          note="is not valid JSON, so TDM agents cannot read the reservation in it")
    rules, problems = parse_rules(data)
    note = "; ".join(problems)
    return TdmRepFile(url, "found" if rules else "malformed", fetched.status, rules,
                      note or ("" if rules else "holds no usable rule"))


def parse_rules(data: Any) -> tuple[list[TdmRule], list[str]]:
    """The usable rules of a tdmrep.json document, and plain words for each entry that was skipped."""
    if not isinstance(data, list):
        return [], ["must be a JSON array of rules"]
    rules, problems = [], []
    for number, entry in enumerate(data[:1000], start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("location"), str):
            problems.append(f"rule {number} has no location")
            continue
        reservation = entry.get("tdm-reservation")
        if reservation not in (0, 1) or isinstance(reservation, bool):
            problems.append(f"rule {number} has tdm-reservation {reservation!r} (must be 0 or 1)")
            continue
        policy = entry.get("tdm-policy")
        rules.append(TdmRule(entry["location"], int(reservation), policy if isinstance(policy, str) else None))
    return rules, problems


def _pattern(location: str) -> re.Pattern[str]:
    anchored = location.endswith("$")
    body = re.escape(location.rstrip("$") if anchored else location).replace(r"\*", ".*")
    if not body.startswith("/") and not body.startswith(".*"):
        body = "/" + body
    return re.compile(body + ("$" if anchored else ""))
