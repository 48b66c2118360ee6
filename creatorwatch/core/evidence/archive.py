"""An independent archived copy of a find's page: the Wayback Machine's Save Page Now, asked with the
creator's own keys, so a third party holds a dated copy the creator did not make. The job's id, the archive's
timestamp and address go into the find's custody log, and so into every evidence bundle exported after."""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass
from typing import Any

import sqlite_utils

from creatorwatch.core.errors import SourceError
from creatorwatch.core.evidence.custody import record_action
from creatorwatch.core.net.client import HttpClient

SAVE_BASE_URL = "https://web.archive.org"
KEYS_NAME = "wayback"  # keyring entry: "ACCESS_KEY:SECRET_KEY" from https://archive.org/account/s3.php
POLLS = 12  # the status of an unknown job stays "pending" forever: ask this many times at most
POLL_SECONDS = 10.0


class ArchiveRefused(SourceError):
    """The Wayback Machine would not take the request (no or wrong keys, too many saves, a page it refuses)."""


@dataclass(frozen=True)
class ArchivedCopy:
    page: str  # the address asked for
    status: str  # success, error or pending (gave up waiting)
    job_id: str = ""
    timestamp: str = ""  # 14 digits, UTC, when the Wayback Machine captured it
    archived_url: str = ""  # https://web.archive.org/web/TIMESTAMP/PAGE
    said: str = ""  # the service's own words, for an error

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def save_page_now(http: HttpClient, page: str, keys: str, *, base_url: str = SAVE_BASE_URL,
                  polls: int = POLLS, poll_seconds: float = POLL_SECONDS,
                  stop: threading.Event | None = None) -> ArchivedCopy:
    """Ask for a capture of `page` and wait (a bounded number of polls) for the archive to make it."""
    access, colon, secret = keys.partition(":")
    if not colon or not access.strip() or not secret.strip():
        raise ArchiveRefused("The Wayback Machine keys must be stored as ACCESS_KEY:SECRET_KEY (from "
                             f"https://archive.org/account/s3.php) with: creatorwatch secret set {KEYS_NAME}")
    base = base_url.rstrip("/")
    headers = {"Accept": "application/json", "Authorization": f"LOW {access.strip()}:{secret.strip()}"}
    fetched = http.post(f"{base}/save", data={"url": page, "capture_screenshot": "1"}, headers=headers,
                        accept_status=(400, 401, 403))
    answer = fetched.json()
    if fetched.status in (401, 403):
        raise ArchiveRefused(f"The Wayback Machine refused the stored keys (HTTP {fetched.status}). Check them, "
                             f"then store them again with: creatorwatch secret set {KEYS_NAME}")
    job_id = answer.get("job_id") if isinstance(answer, dict) else None
    if not isinstance(job_id, str) or not job_id:
        said = _said(answer)
        raise ArchiveRefused(f"The Wayback Machine would not save {page}" + (f": {said}" if said else "."))
    waiting = stop or threading.Event()
    for _ in range(max(polls, 1)):
        status = http.get_json(f"{base}/save/status/{job_id}", headers=headers)
        state = status.get("status") if isinstance(status, dict) else None
        if state == "success":
            stamp = str(status.get("timestamp") or "")
            original = str(status.get("original_url") or page)
            return ArchivedCopy(page, "success", job_id, stamp, f"{base}/web/{stamp}/{original}" if stamp else "")
        if state == "error":
            return ArchivedCopy(page, "error", job_id, said=_said(status))
        if waiting.wait(poll_seconds):
            break
    return ArchivedCopy(page, "pending", job_id, said="the archive had not finished when CreatorWatch stopped "
                                                       "waiting; the job may still complete")


def record_archived_copy(db: sqlite_utils.Database, match_id: int, copy: ArchivedCopy) -> None:
    """One custody entry: the copy becomes part of the find's record and of every bundle exported after."""
    record_action(db, match_id, "archived", copy.as_json())


def _said(answer: Any) -> str:
    if not isinstance(answer, dict):
        return ""
    words = [answer.get(k) for k in ("message", "status_ext")]
    return "; ".join(str(w) for w in words if isinstance(w, str) and w)[:300]
