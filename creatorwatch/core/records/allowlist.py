"""Licensed uses the creator has allowed, by site or URL pattern, so findings there never alert again.

A pattern with no "/" and no "*" is a site: it covers that host and its subdomains ("example.com" covers
"art.example.com"). Anything else is a URL pattern where "*" stands for any run of characters.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import unquote, urlsplit

import sqlite_utils

from creatorwatch.core.errors import CreatorWatchError
from creatorwatch.core.net.guard import host_of
from creatorwatch.core.records.findings import set_status
from creatorwatch.core.store.db import transaction


class AllowlistProblem(CreatorWatchError):
    """A pattern that cannot be used (empty, or matching everything)."""


@dataclass(frozen=True)
class AllowRule:
    id: int
    pattern: str
    note: str
    added_at: str

    def covers(self, url: str) -> bool:
        return pattern_covers(self.pattern, url)


def pattern_covers(pattern: str, url: str) -> bool:
    """True when `url` falls under `pattern` (see the module docstring)."""
    pattern = pattern.strip().lower()
    url = url.strip().lower()
    if "/" not in pattern and "*" not in pattern:
        host = host_of(url).removeprefix("www.")
        site = pattern.removeprefix("www.")
        return host == site or host.endswith("." + site)
    if "://" not in pattern:
        url = url.split("://", 1)[-1]
    return fnmatch.fnmatchcase(url, pattern)


def site_of(url: str) -> str:
    """The site a URL belongs to, as an allowlist pattern ("https://www.art.example/x" → "art.example")."""
    return host_of(url).removeprefix("www.")


def pattern_for(url: str) -> str:
    """The widest choice Allow site offers for a find at `url`: its site, or for a file in a watched folder (a
    file:// address, which has no site) every file in that file's folder, as a URL pattern."""
    if _in_a_folder(url):
        return url.rsplit("/", 1)[0] + "/*"
    return site_of(url)


def _in_a_folder(url: str) -> bool:
    """A file:// address, of a file in a watched folder (read by its scheme alone: a malformed web address a
    server sent must not stop the allowlist)."""
    return url.strip().lower().startswith("file:")


def only_this(url: str) -> str:
    """A URL pattern that covers `url` alone (its *, ? and [ taken as themselves)."""
    return re.sub(r"([*?[])", r"[\1]", url.strip())


@dataclass(frozen=True)
class AllowChoice:
    """One answer Allow site offers: the pattern, and what it covers in the creator's words."""

    pattern: str
    words: str


def allow_choices(url: str) -> list[AllowChoice]:
    """What Allow site offers for a find at `url`, the one it starts on first. A file in a watched folder starts on
    that file alone: its folder is the very place the creator asked CreatorWatch to watch, and allowing it (one
    Enter, once) silenced every copy found there then and later. A web address starts on its site."""
    if not url:
        return []
    if _in_a_folder(url):
        name = unquote(url.rsplit("/", 1)[-1]) or url
        folder = unquote(urlsplit(url).path.rsplit("/", 1)[0]).rsplit("/", 1)[-1] or "/"  # its name: a path is long
        return [AllowChoice(only_this(url), f"Only this file, \u201c{name}\u201d"),
                AllowChoice(pattern_for(url), f"Every file in its folder \u201c{folder}\u201d, also those found there "
                                              "later")]
    site = site_of(url)
    choices = [AllowChoice(site, f"The whole site {site}, also what is found there later")] if site else []
    return [*choices, AllowChoice(only_this(url), "Only this address")]


def covered_count(pattern: str, urls: Iterable[str]) -> int:
    """How many of `urls` (the new finds' addresses) `pattern` covers: what allowing it would mark licensed now."""
    pattern = pattern.strip()
    return sum(1 for url in urls if pattern_covers(pattern, url)) if pattern else 0


class Allowlist:
    """The allowlist table over one open database connection."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def all(self) -> list[AllowRule]:
        rows = self.db.execute("SELECT id, pattern, note, added_at FROM allowlist ORDER BY id").fetchall()
        return [AllowRule(*row) for row in rows]

    def add(self, pattern: str, note: str = "") -> tuple[AllowRule, list[int]]:
        """Allow `pattern`; findings still new under it become licensed. Returns (rule, ids of those findings)."""
        pattern = pattern.strip()
        if not pattern or set(pattern) <= {"*", "/", ":", "."}:
            raise AllowlistProblem("Give a site (like example.com) or a URL pattern (like https://example.com/art/*).")
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with transaction(self.db):
            self.db.execute("INSERT OR IGNORE INTO allowlist (pattern, note, added_at) VALUES (?, ?, ?)",
                            [pattern, note, now])
            row = self.db.execute("SELECT id, pattern, note, added_at FROM allowlist WHERE pattern = ?",
                                  [pattern]).fetchone()
            rule = AllowRule(*row)
            licensed = self._license_new([rule], now)
        return rule, licensed

    def new_urls(self) -> list[str]:
        """The addresses of the finds still new (one per find): what a rule added now could mark licensed."""
        return [row[0] for row in self.db.execute("SELECT c.url FROM matches m JOIN candidates c ON c.id ="
                                                  " m.candidate_id WHERE m.status = 'new'")]

    def license_covered(self) -> list[int]:
        """Mark licensed every new finding the allowlist covers (after a check recorded some); returns their ids."""
        rules = self.all()
        if not rules:
            return []
        with transaction(self.db):
            return self._license_new(rules, datetime.now(UTC).isoformat(timespec="seconds"))

    def _license_new(self, rules: list[AllowRule], now: str) -> list[int]:
        """Mark licensed the new findings `rules` cover, each recorded as the first covering rule's doing."""
        found = self.db.execute("SELECT m.id, c.url FROM matches m JOIN candidates c ON c.id = m.candidate_id"
                                " WHERE m.status = 'new'").fetchall()
        licensed = []
        for rule in rules:
            covered = [fid for fid, url in found if rule.covers(url)]
            found = [(fid, url) for fid, url in found if not rule.covers(url)]
            licensed += set_status(self.db, covered, "licensed", now, by=rule.pattern)[0]
        return licensed

    def remove(self, rule_ids: Iterable[int]) -> list[int]:
        """Take the rules away; the findings they marked licensed (and the creator has not decided since) go back
        to new, in Needs review: a rule added by mistake, or undone, took them out of sight. Returns their ids."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with transaction(self.db):
            back = []
            for rule_id in rule_ids:
                row = self.db.execute("DELETE FROM allowlist WHERE id = ? RETURNING pattern", [rule_id]).fetchone()
                if row is not None:
                    back += set_status(self.db, self._licensed_by(row[0]), "new", now)[0]
            return back

    def _licensed_by(self, pattern: str) -> list[int]:
        """The findings still licensed whose latest decision was the rule `pattern`'s."""
        rows = self.db.execute(
            "SELECT m.id FROM matches m WHERE m.status = 'licensed' AND json_extract((SELECT detail FROM custody"
            " WHERE match_id = m.id AND action = 'reviewed' ORDER BY id DESC LIMIT 1), '$.by') = ?", [pattern])
        return [row[0] for row in rows]
