"""Consent per work: a probe sends excerpts of a work (or its title) to a model endpoint, so nothing is sent
about a work until the creator has agreed, for that endpoint at that address, having been told what goes where."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

import sqlite_utils

from creatorwatch.core.library.works import Work
from creatorwatch.core.net.guard import is_private_url
from creatorwatch.core.records.notice_details import load_notice_details
from creatorwatch.core.records.source_store import ConfiguredSource, SourceStore
from creatorwatch.core.records.terms import Terms
from creatorwatch.core.sources.registry import source_class
from creatorwatch.core.store.db import transaction


@dataclass(frozen=True)
class Consent:
    work_id: int
    source: str
    address: str
    statement: str
    given_at: str


def address_of(source: ConfiguredSource) -> str:
    """Where a model source sends what it is given."""
    return (source.config.base_url or source_class(source.config.type).DEFAULT_BASE_URL).rstrip("/")


def where(source: ConfiguredSource) -> str:
    """The destination in plain words, saying when nothing leaves this computer."""
    address = address_of(source)
    if _on_this_computer(address):
        return f"{source.config.name} at {address} (a model on this computer: it stays on this computer)"
    if is_private_url(address):  # another machine of your network: it does leave this computer
        return (f"{source.config.name} at {address} (a model on your own network: it leaves this computer but "
                "stays on your network)")
    return f"{source.config.name} at {address} (a service on the internet, which may keep what it is sent)"


def _on_this_computer(address: str) -> bool:
    """A loopback address (localhost, 127.0.0.1, ::1): what is sent never leaves this computer."""
    try:
        host = (urlsplit(address).hostname or "").lower()
    except ValueError:
        return False
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def creator_name(db: sqlite_utils.Database) -> str:
    """The creator's name for "TITLE by NAME": from their notice details, else their first watch term."""
    name = load_notice_details(db).name.strip()
    if name:
        return name
    terms = Terms(db).all()
    return terms[0] if terms else ""


def _name_sent(author: str) -> str:
    """Which name goes out, in the consent's words: the one the prompts will really carry, so a watch term taken
    for the name (a title, a character) is seen before anything is sent."""
    return f"the name \u201c{author}\u201d as yours" if author else "no name (none is set)"


def statement(work: Work, source: ConfiguredSource, author: str = "") -> str:
    """What enabling probes of `work` on `source` will send, and where; `author` is the name the prompts carry."""
    model = source.config.settings.get("model", "?")
    name = _name_sent(author)
    if work.kind == "text":
        what = (f"excerpts of \u201c{work.title}\u201d (a few passages of about 60 words each, with a name blanked "
                f"out in some), its title and {name}")
    else:
        what = f"the title \u201c{work.title}\u201d and {name}, as prompts for pictures (never the picture itself)"
    return f"Probing sends {what} to the model {model!r} of {where(source)}."


class Consents:
    """The probe_consent table over one open database connection."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def give(self, work: Work, source: ConfiguredSource) -> Consent:
        text = statement(work, source, creator_name(self.db))
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with transaction(self.db):
            self.db.execute("INSERT INTO probe_consent (work_id, source, address, statement, given_at) VALUES"
                            " (?, ?, ?, ?, ?) ON CONFLICT(work_id, source) DO UPDATE SET address = excluded.address,"
                            " statement = excluded.statement, given_at = excluded.given_at",
                            [work.id, source.config.name, address_of(source), text, now])
        return Consent(work.id, source.config.name, address_of(source), text, now)

    def withdraw(self, work_id: int, source: str | None = None) -> int:
        """Forget consent for `work_id` (on one source, or all); how many were withdrawn."""
        with transaction(self.db):
            if source is None:
                return self.db.execute("DELETE FROM probe_consent WHERE work_id = ?", [work_id]).rowcount
            return self.db.execute("DELETE FROM probe_consent WHERE work_id = ? AND source = ?",
                                   [work_id, source]).rowcount

    def allowed(self, work_id: int, source: ConfiguredSource) -> bool:
        """True when the creator agreed for this work, this source, and the source still points where it did."""
        row = self.db.execute("SELECT address FROM probe_consent WHERE work_id = ? AND source = ?",
                              [work_id, source.config.name]).fetchone()
        return row is not None and row[0] == address_of(source)

    def all(self) -> list[Consent]:
        rows = self.db.execute("SELECT work_id, source, address, statement, given_at FROM probe_consent"
                               " ORDER BY work_id, source").fetchall()
        return [Consent(*row) for row in rows]

    def lapsed(self, consents: list[Consent]) -> set[tuple[int, str]]:
        """(work id, endpoint) of the `consents` that no longer hold, as `allowed` decides: the endpoint was
        removed or now points elsewhere, so nothing is sent until the creator agrees again."""
        sources = {s.config.name: s for s in SourceStore(self.db).all()}
        return {(c.work_id, c.source) for c in consents
                if c.source not in sources or address_of(sources[c.source]) != c.address}
