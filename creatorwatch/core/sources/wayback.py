"""Wayback Machine: independent archived copies of pages that copy the creator's work — evidence that they
existed even after they are taken down. Also the availability lookup the evidence work calls."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from creatorwatch.core.errors import RateLimited, SourceError
from creatorwatch.core.net.client import HttpClient
from creatorwatch.core.sources.base import Candidate, Cursor, PollResult
from creatorwatch.core.sources.public_api import ApiSource, cdx_time, seen_for

T = TypeVar("T")
AVAILABILITY_BASE_URL = "https://archive.org"
WAIT_AFTER_429 = 900.0  # the Wayback Machine blocks for an hour clients that ignore a 429: stay well away
FETCHABLE = ("image/", "audio/", "video/", "text/plain")  # media worth downloading and fingerprinting


@dataclass(frozen=True)
class Snapshot:
    """The archived copy closest to a time."""

    url: str  # the archived copy, on web.archive.org
    timestamp: str  # 14 digits, UTC
    status: str  # the HTTP status the page had when archived


def closest_snapshot(
    http: HttpClient, url: str, timestamp: str | None = None, base_url: str = AVAILABILITY_BASE_URL
) -> Snapshot | None:
    """The Wayback Machine's archived copy of `url` closest to `timestamp` (or the newest), or None."""
    params = {"url": url, **({"timestamp": timestamp} if timestamp else {})}
    answer = http.get_json(f"{base_url.rstrip('/')}/wayback/available", params=params)
    closest = (answer.get("archived_snapshots") or {}).get("closest") if isinstance(answer, dict) else None
    if not isinstance(closest, dict) or not closest.get("available") or not closest.get("url"):
        return None
    return Snapshot(str(closest["url"]), str(closest.get("timestamp", "")), str(closest.get("status", "")))


class WaybackSource(ApiSource):
    TYPE = "wayback"
    DISPLAY_NAME = "Wayback Machine"
    DEFAULT_BASE_URL = "https://web.archive.org"
    REQUIRED_SETTINGS = ("urls",)
    OTHER_SETTINGS = ("limit",)
    INTERVAL_MINUTES = 720

    def poll(self, cursor: Cursor) -> PollResult:
        urls = self.required_list("urls", "https://example.com/copy-of-my-work")
        newest: dict[str, Any] = seen_for(cursor, urls)
        candidates: list[Candidate] = []
        for url in urls:
            captures = self._captures_since(url, newest.get(url, ""))
            candidates += [self._candidate(row) for row in captures]
            if captures:
                newest[url] = captures[-1]["timestamp"]
        return PollResult(candidates, {"newest": newest})

    def closest(self, url: str, timestamp: str | None = None) -> Snapshot | None:
        """closest_snapshot() through this source's client and address (a mirror or test server if set)."""
        base = self.config.base_url or AVAILABILITY_BASE_URL
        return self._polite(lambda: closest_snapshot(self.http, url, timestamp, base))

    def _captures_since(self, url: str, since: str) -> list[dict[str, str]]:
        """Captures (status 200, each distinct content once) after the 14-digit `since`, oldest first.
        The CDX API lists oldest first and `limit=N` keeps the N oldest: `limit=-N` asks for the N newest."""
        params: dict[str, Any] = {
            "url": url, "output": "json", "filter": "statuscode:200", "collapse": "digest",
            "limit": -self.setting_int("limit", 100, highest=10_000),
        }
        if since:
            params["from"] = since
        rows = self._polite(lambda: self.http.get_json(f"{self.base_url}/cdx/search/cdx", params=params))
        if not isinstance(rows, list) or (rows and not all(isinstance(r, list) for r in rows)) or (
            rows and not all(isinstance(name, str) for name in rows[0])
        ):
            raise SourceError(f"{self.label}: the list of captures came back in an unexpected shape.")
        if not rows:
            return []
        header, *body = rows
        captures = [dict(zip(header, map(str, row), strict=False)) for row in body]
        return sorted((c for c in captures if c.get("timestamp", "") > since), key=lambda c: c["timestamp"])

    def _polite(self, ask: Callable[[], T]) -> T:
        """Run one request; any 429 keeps CreatorWatch away for a good while (the client's own hold for a 429
        without Retry-After is minutes, too short for the Wayback Machine)."""
        try:
            return ask()
        except RateLimited as exc:
            if exc.retry_after is not None and exc.retry_after >= WAIT_AFTER_429:
                raise
            raise RateLimited(f"{self.label}: the Wayback Machine asked CreatorWatch to slow down (it blocks "
                              "clients that come back too soon).", WAIT_AFTER_429) from exc

    def _candidate(self, capture: dict[str, str]) -> Candidate:
        stamp, original = capture["timestamp"], capture.get("original", "")
        mime = capture.get("mimetype", "")
        return Candidate(
            url=f"{self.base_url}/web/{stamp}/{original}",
            source=self.config.name,
            title=f"Archived copy of {original}",
            media_url=f"{self.base_url}/web/{stamp}id_/{original}" if mime.startswith(FETCHABLE) else None,
            published=cdx_time(stamp),
            meta={
                "kind": "archived_copy",
                "original": original,
                "timestamp": stamp,
                "mimetype": mime,
                "statuscode": capture.get("statuscode"),
                "digest": capture.get("digest"),
                "length": capture.get("length"),
            },
        )

