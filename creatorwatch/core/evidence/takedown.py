"""Following a takedown to the end: per match a record (drafted, sent with date, channel and recipient,
acknowledged, removed, refused, counter-notice) whose every step and note goes into the custody log, and a
re-check of the infringing URLs that notices when they disappear (404/410) or stop matching the work."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from creatorwatch.core.errors import CreatorWatchError, NamesNothing, SourceError
from creatorwatch.core.evidence.custody import record_action, utc_now
from creatorwatch.core.files.file_url import path_of_file_url
from creatorwatch.core.net.client import HttpClient
from creatorwatch.core.records.takedown_steps import CLOSED
from creatorwatch.core.store.atomic import owned_temp_folder
from creatorwatch.core.store.db import transaction
from creatorwatch.core.store.events import EventHub

STEPS = ("drafted", "sent", "acknowledged", "removed", "refused", "counter-notice")
GONE = (404, 410)
FILE_GONE = "the copy is no longer in the folder"  # a find from a watched folder, re-checked
FILE_THERE = "the copy is still there, unchanged"


class TakedownProblem(CreatorWatchError):
    """A takedown step that cannot be recorded as asked."""


class UnknownTakedown(TakedownProblem, NamesNothing):
    """A match id that names no recorded match, or no takedown of one."""


@dataclass(frozen=True)
class Takedown:
    match_id: int
    status: str
    sent_at: str | None
    channel: str | None
    recipient: str | None
    created_at: str
    updated_at: str
    checked_at: str | None
    check_result: str | None
    candidate_url: str
    media_url: str | None
    candidate_sha256: str | None
    work_id: int | None

    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED

    def days_since_sent(self, now: datetime | None = None) -> int | None:
        if not self.sent_at:
            return None
        sent = datetime.fromisoformat(self.sent_at)
        sent = sent if sent.tzinfo else sent.replace(tzinfo=UTC)
        return ((now or datetime.now(UTC)) - sent).days

    def as_json(self) -> dict[str, Any]:
        return {"match_id": self.match_id, "status": self.status, "sent_at": self.sent_at, "channel": self.channel,
                "recipient": self.recipient, "created_at": self.created_at, "updated_at": self.updated_at,
                "checked_at": self.checked_at, "check_result": self.check_result,
                "candidate_url": self.candidate_url, "media_url": self.media_url,
                "days_since_sent": self.days_since_sent()}


@dataclass(frozen=True)
class Recheck:
    match_id: int
    url: str
    result: str  # "gone" | "unchanged" | "changed, still matches" | "no longer matches" | "could not check"
    detail: str = ""


_SELECT = ("SELECT t.match_id, t.status, t.sent_at, t.channel, t.recipient, t.created_at, t.updated_at,"
           " t.checked_at, t.check_result, c.url, c.media_url, c.sha256, m.work_id FROM takedowns t"
           " JOIN matches m ON m.id = t.match_id JOIN candidates c ON c.id = m.candidate_id")


class Takedowns:
    """The takedowns table over one open connection (use it on the thread that opened it)."""

    def __init__(self, db: sqlite_utils.Database, hub: EventHub | None = None) -> None:
        self.db = db
        self.hub = hub

    def get(self, match_id: int) -> Takedown | None:
        row = self.db.execute(_SELECT + " WHERE t.match_id = ?", [match_id]).fetchone()
        return Takedown(*row) if row else None

    def all(self, open_only: bool = False) -> list[Takedown]:
        where = f" WHERE t.status NOT IN ({', '.join('?' * len(CLOSED))})" if open_only else ""
        args = list(CLOSED) if open_only else []
        return [Takedown(*row) for row in self.db.execute(_SELECT + where + " ORDER BY t.sent_at, t.match_id",
                                                          args)]

    def record(self, match_id: int, status: str, *, note: str = "", channel: str = "", recipient: str = "",
               when: str | None = None) -> Takedown:
        """Move the takedown of `match_id` to `status` (starting one if there is none) and log it.
        `when` is the date it happened (default now), e.g. the day the notice was sent."""
        if status not in STEPS:
            raise TakedownProblem(f"Unknown takedown step {status!r}; use one of: {', '.join(STEPS)}.")
        if self.db.execute("SELECT 1 FROM matches WHERE id = ?", [match_id]).fetchone() is None:
            raise UnknownTakedown(f"No recorded match #{match_id}. See them with: creatorwatch matches")
        at, now = when or utc_now(), utc_now()
        with transaction(self.db):
            self.db.execute("INSERT OR IGNORE INTO takedowns (match_id, status, created_at, updated_at) VALUES"
                            " (?, 'drafted', ?, ?)", [match_id, now, now])
            self.db.execute("UPDATE takedowns SET status = ?, updated_at = ? WHERE match_id = ?",
                            [status, now, match_id])
            if status == "sent":
                self.db.execute("UPDATE takedowns SET sent_at = ?, channel = ?, recipient = ? WHERE match_id = ?",
                                [at, channel or None, recipient or None, match_id])
            detail = {k: v for k, v in (("channel", channel), ("recipient", recipient), ("note", note)) if v}
            record_action(self.db, match_id, f"takedown_{status.replace('-', '_')}", detail, at=at)
        return self._changed(match_id)

    def note(self, match_id: int, text: str) -> None:
        if self.get(match_id) is None:
            raise UnknownTakedown(f"Match #{match_id} has no takedown yet. Start one with: creatorwatch takedown "
                                  f"draft {match_id} --follow")
        record_action(self.db, match_id, "note", {"note": text})

    def recheck(self, http: HttpClient, match_ids: list[int] | None = None) -> list[Recheck]:
        """Fetch each open takedown's infringing URLs again and record what became of them."""
        chosen = [t for t in self.all(open_only=True) if match_ids is None or t.match_id in match_ids]
        results: list[Recheck] = []
        for takedown in chosen:
            outcome = self._check_one(http, takedown)
            results.append(outcome)
            self._store_check(takedown, outcome)
        return results

    def _check_one(self, http: HttpClient, takedown: Takedown) -> Recheck:
        url = takedown.media_url or takedown.candidate_url
        if (path := path_of_file_url(url)) is not None:  # a copy found in a watched folder: is it still there?
            return self._check_file(takedown, url, path)
        try:
            answer = http.get(url, accept_status=GONE)
        except SourceError as exc:
            return Recheck(takedown.match_id, url, "could not check", str(exc))
        if answer.status in GONE:
            return Recheck(takedown.match_id, url, "gone", f"HTTP {answer.status}")
        if takedown.candidate_sha256 and hashlib.sha256(answer.content).hexdigest() == takedown.candidate_sha256:
            return Recheck(takedown.match_id, url, "unchanged")
        if self._still_matches(answer.content, url, takedown.work_id):
            return Recheck(takedown.match_id, url, "changed, still matches")
        return Recheck(takedown.match_id, url, "no longer matches")

    def _check_file(self, takedown: Takedown, url: str, path: Path) -> Recheck:
        """A copy found as a file on this computer has no web address to fetch: it is looked for where it was."""
        try:
            content = path.read_bytes()
        except FileNotFoundError:
            return Recheck(takedown.match_id, url, "gone", FILE_GONE)
        except OSError as exc:
            return Recheck(takedown.match_id, url, "could not check",
                           f"the copy at {path} could not be read ({exc.strerror or type(exc).__name__})")
        if takedown.candidate_sha256 and hashlib.sha256(content).hexdigest() == takedown.candidate_sha256:
            return Recheck(takedown.match_id, url, "unchanged", FILE_THERE)
        if self._still_matches(content, url, takedown.work_id):
            return Recheck(takedown.match_id, url, "changed, still matches", "the copy is still in the folder, changed")
        return Recheck(takedown.match_id, url, "no longer matches", "the file in the folder is no longer a copy")

    def _still_matches(self, content: bytes, url: str, work_id: int | None) -> bool:
        """Whether the new content still matches the work (unreadable content does not)."""
        from creatorwatch.core.errors import UnreadableMedia
        from creatorwatch.core.library.works import Library
        from creatorwatch.core.matching.match import Matcher

        if work_id is None:
            return False
        with owned_temp_folder("creatorwatch-recheck-") as folder:  # swept at start if this is killed
            path = folder / (Path(url.split("?")[0]).name or "content")
            path.write_bytes(content)
            try:
                return any(m.work.id == work_id for m in Matcher(Library(self.db)).match_file(path))
            except (UnreadableMedia, OSError, ValueError):
                return False

    def _store_check(self, takedown: Takedown, outcome: Recheck) -> None:
        now = utc_now()
        changed = outcome.result != takedown.check_result
        with transaction(self.db):
            self.db.execute("UPDATE takedowns SET checked_at = ?, check_result = ? WHERE match_id = ?",
                            [now, outcome.result, takedown.match_id])
            if outcome.result == "gone":
                self.db.execute("UPDATE takedowns SET status = 'removed', updated_at = ? WHERE match_id = ?",
                                [now, takedown.match_id])
                record_action(self.db, takedown.match_id, "url_gone", {"url": outcome.url, "status": outcome.detail})
            elif changed and outcome.result in ("changed, still matches", "no longer matches"):
                record_action(self.db, takedown.match_id, "content_changed",
                              {"url": outcome.url, "result": outcome.result})
        if outcome.result == "gone" or changed:
            self._changed(takedown.match_id)

    def _changed(self, match_id: int) -> Takedown:
        takedown = self.get(match_id)
        assert takedown is not None
        if self.hub is not None:
            self.hub.publish("takedown_changed", **takedown.as_json())
        return takedown
