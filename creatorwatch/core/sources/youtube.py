"""YouTube Data API v3: new videos whose title or description name the creator or a work — AI covers,
voice clones, "in the style of" tutorials. Each search costs 100 of the key's 10,000 daily quota units."""

from __future__ import annotations

import html
import json
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from creatorwatch.core.errors import RateLimited, SourceError
from creatorwatch.core.net.fetched import Fetched
from creatorwatch.core.sources.base import Candidate, Cursor, PollResult
from creatorwatch.core.sources.public_api import ApiSource, join_text, seen_for

QUOTA_REASONS = {"quotaExceeded", "dailyLimitExceeded"}
KEY_REASONS = {"keyInvalid", "keyExpired", "API_KEY_INVALID", "API_KEY_EXPIRED"}
SHORT_WAIT = 300.0  # rateLimitExceeded / userRateLimitExceeded: a burst, not the daily quota


class YouTubeSource(ApiSource):
    TYPE = "youtube"
    DISPLAY_NAME = "YouTube"
    DEFAULT_BASE_URL = "https://www.googleapis.com"
    TOKEN = "youtube"
    OTHER_SETTINGS = ("max_pages",)
    TOKEN_REQUIRED = True
    TOKEN_NOUN = "API key"
    TOKEN_HELP = (
        "Create one for the YouTube Data API v3 in the Google Cloud console "
        "(https://console.cloud.google.com/apis/credentials)."
    )
    INTERVAL_MINUTES = 360  # a few searches a day per term stays well inside the free quota

    def poll(self, cursor: Cursor) -> PollResult:
        key = self.required_token()
        terms = self.search_terms()
        newest: dict[str, Any] = seen_for(cursor, terms)
        found: dict[str, Candidate] = {}
        for term in terms:
            videos = self._new_videos(term, newest.get(term, ""), key)
            if videos:
                newest[term] = max(v["snippet"]["publishedAt"] for v in videos)
            for video in videos:
                candidate = self._candidate(video, term)
                found.setdefault(candidate.url, candidate)
        return PollResult(list(found.values()), {"newest": newest})

    def _new_videos(self, term: str, since: str, key: str) -> list[dict[str, Any]]:
        params: dict[str, Any] = {
            "part": "snippet", "q": term, "type": "video", "order": "date", "maxResults": 50, "key": key,
        }
        if since:
            params["publishedAfter"] = since  # inclusive: the newest video already seen comes back
        videos: list[dict[str, Any]] = []
        for _ in range(self.setting_int("max_pages", 1, highest=10)):
            answer = self._search(params)
            items = answer.get("items")
            if items is not None and not isinstance(items, list):
                raise SourceError(f"{self.label}: answered in an unexpected shape (its list of videos is not a "
                                  "list).", passing=True)
            page = [v for v in items or [] if _is_video(v)]
            fresh = [v for v in page if v["snippet"]["publishedAt"] > since]
            videos += fresh
            following = answer.get("nextPageToken")
            params["pageToken"] = following if isinstance(following, str) else None
            if len(fresh) < len(page) or not params["pageToken"]:
                break
        return videos

    def _search(self, params: dict[str, Any]) -> dict[str, Any]:
        with self.token_checked():
            fetched = self.http.get(
                f"{self.base_url}/youtube/v3/search", params=params, headers={"Accept": "application/json"},
                accept_status=(400, 403),
            )
        if fetched.status in (400, 403):
            raise self._refusal(fetched)
        answer = fetched.json()
        if not isinstance(answer, dict):
            raise SourceError(f"{self.label}: YouTube's answer came back in an unexpected shape.")
        return answer

    def _refusal(self, fetched: Fetched) -> SourceError:
        """Google's error body says why: the daily quota, a bad key, the API not enabled, or else."""
        error = _error(fetched)
        reasons = {str(e.get("reason")) for e in error.get("errors") or [] if isinstance(e, dict)}
        reasons |= {str(d.get("reason")) for d in error.get("details") or [] if isinstance(d, dict)}
        if reasons & QUOTA_REASONS:
            return RateLimited(
                f"{self.label}: the daily quota for your YouTube API key is used up (Google resets it at midnight "
                "Pacific time).",
                seconds_until_quota_reset(),
            )
        if reasons & {"rateLimitExceeded", "userRateLimitExceeded"}:
            return RateLimited(f"{self.label}: YouTube asked CreatorWatch to slow down.", SHORT_WAIT)
        if reasons & KEY_REASONS or "API key not valid" in str(error.get("message", "")):
            return self.token_refused("YouTube says the key is not valid")
        if "accessNotConfigured" in reasons or "SERVICE_DISABLED" in reasons:
            return self.token_refused(
                "the YouTube Data API v3 is not enabled for the key's Google Cloud project; enable it there"
            )
        said = str(error.get("message") or f"HTTP {fetched.status}")
        return SourceError(f"{self.label}: YouTube refused the search ({html.unescape(said)[:300]}).")

    def _candidate(self, video: dict[str, Any], term: str) -> Candidate:
        snippet, video_id = video["snippet"], video["id"]["videoId"]
        thumbs = snippet.get("thumbnails") if isinstance(snippet.get("thumbnails"), dict) else {}
        urls = [thumbs[k].get("url") for k in ("high", "medium", "default") if isinstance(thumbs.get(k), dict)]
        best = next((u for u in urls if isinstance(u, str)), None)
        title = html.unescape(str(snippet.get("title", "")))  # the API sends titles HTML-escaped
        return Candidate(
            url=f"https://www.youtube.com/watch?v={video_id}",
            source=self.config.name,
            title=title,
            text=join_text(title, html.unescape(str(snippet.get("description", "")))),
            media_url=best,  # the thumbnail: a still that may copy the creator's artwork
            published=snippet.get("publishedAt"),
            meta={
                "kind": "video",
                "video_id": video_id,
                "channel_id": snippet.get("channelId"),
                "channel_title": snippet.get("channelTitle"),
                "thumbnail": best,
                "query": term,
            },
        )


def seconds_until_quota_reset(now: datetime | None = None) -> float:
    """Seconds until just after the next midnight in California, when YouTube quotas reset."""
    try:
        pacific: Any = ZoneInfo("America/Los_Angeles")
    except ZoneInfoNotFoundError:  # no time-zone data on this machine: standard time is close enough
        pacific = timezone(timedelta(hours=-8))
    now = now or datetime.now(UTC)
    tomorrow: date = now.astimezone(pacific).date() + timedelta(days=1)
    reset = datetime.combine(tomorrow, time(0, 5), tzinfo=pacific)
    return (reset - now).total_seconds()


def _is_video(item: Any) -> bool:
    return (
        isinstance(item, dict)
        and isinstance(item.get("id"), dict)
        and isinstance(item["id"].get("videoId"), str)
        and isinstance(item.get("snippet"), dict)
        and isinstance(item["snippet"].get("publishedAt"), str)
    )


def _error(fetched: Fetched) -> dict[str, Any]:
    try:
        answer = json.loads(fetched.content)
    except ValueError:
        return {}
    error = answer.get("error") if isinstance(answer, dict) else None
    return error if isinstance(error, dict) else {}
