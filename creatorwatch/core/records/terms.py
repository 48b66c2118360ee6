"""Watch terms: the creator's names, aliases, work titles and characters — the words sources are searched for,
and the words that make a candidate a likeness mention when it names them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime

import sqlite_utils

from creatorwatch.core.store.db import transaction
from creatorwatch.core.wording.joined_names import SEPARATORS, counts_joined


class Terms:
    """The terms table over one open database connection."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def all(self) -> list[str]:
        return [row[0] for row in self.db.execute("SELECT term FROM terms ORDER BY id")]

    def add(self, terms: Iterable[str]) -> list[str]:
        """Add terms (blank ones ignored, case-insensitive duplicates kept once); returns those newly added."""
        added: list[str] = []
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with transaction(self.db):
            for term in (" ".join(t.split()) for t in terms):
                if term and self.db.execute("INSERT OR IGNORE INTO terms (term, added_at) VALUES (?, ?)",
                                            [term, now]).rowcount:
                    added.append(term)
        return added

    def remove(self, terms: Iterable[str]) -> tuple[list[str], list[str]]:
        """Take terms out; returns (removed, unknown)."""
        removed: list[str] = []
        unknown: list[str] = []
        with transaction(self.db):
            for term in terms:
                found = self.db.execute("DELETE FROM terms WHERE term = ? COLLATE NOCASE",
                                        [" ".join(term.split())]).rowcount
                (removed if found else unknown).append(term)
        return removed, unknown


def terms_named(text: str, terms: Iterable[str]) -> list[str]:
    """The terms that `text` names as whole words, ignoring case ("Ada Lin" names "ada lin" but not "Adalina")."""
    return [term for term in terms if term and term_pattern(term).search(text)]


def most_specific(named: Iterable[str]) -> list[str]:
    """The terms a text named, the longest (most specific) first, without those a longer one holds: a page naming
    "Kenneth Wimer" names "Wimer" too, and that is one thing found, said by its full name, not two."""
    longest_first = sorted(dict.fromkeys(named), key=len, reverse=True)
    kept: list[str] = []
    for term in longest_first:
        if not any(term_pattern(term).search(longer) for longer in kept):
            kept.append(term)
    return kept


def term_pattern(term: str) -> re.Pattern[str]:
    """How a text names `term`: its words whole, any case, joined by spaces, "_", "-" or "."; "_" ends a word too,
    as repo and file names use it ("ada_lin_style_lora" names "Ada Lin"; "Adalina" still does not). A long name
    also with its words run together ("ianmurdock-lora", "IanMurdock" name "Ian Murdock"; "Brian-Murdock" does
    not), a short one not ("adalin" is a word of its own, not "Ada Lin"): core/wording/joined_names.py."""
    words = (re.escape(word) for word in re.split(SEPARATORS + "+", term.strip()) if word)  # "Jean-Luc" too
    between = SEPARATORS + ("*" if counts_joined(term) else "+")
    return re.compile(r"(?<![^\W_])" + between.join(words) + r"(?![^\W_])", re.IGNORECASE)
