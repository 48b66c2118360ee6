"""An RSS or Atom feed the creator names (an AI gallery, a subreddit, a blog): entries new since the last run,
with their images and audio. Conditional GET: a 304 means nothing new and costs the service almost nothing."""

from __future__ import annotations

import hashlib
from typing import Any

import feedparser

from creatorwatch.core.errors import BadResponse
from creatorwatch.core.net.guard import web_address
from creatorwatch.core.sources.base import Candidate, Cursor, PollResult, Source
from creatorwatch.core.sources.html_extract import extract

ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
REMEMBERED = 1000  # entry ids kept in the cursor to recognise what was already seen


class FeedSource(Source):
    TYPE = "feed"
    REQUIRED_SETTINGS = ("url",)
    INTERVAL_MINUTES = 60

    @property
    def feed_url(self) -> str:
        return self.config.settings.get("url") or self.base_url

    def poll(self, cursor: Cursor) -> PollResult:
        fetched = self.http.get(self.feed_url, headers={"Accept": ACCEPT}, etag=cursor.get("etag"),
                                last_modified=cursor.get("modified"))
        if fetched.not_modified:
            return PollResult([], cursor)
        parsed = feedparser.parse(fetched.content, response_headers={
            "content-location": fetched.final_url, "content-type": fetched.headers.get("content-type", "")})
        if parsed.bozo and not parsed.entries and not parsed.feed:
            raise BadResponse(f"{self.config.name} (feed): {self.feed_url} is not an RSS or Atom feed CreatorWatch "
                              "can read. Check the address (the page may name its feed in a link).", passing=False)
        seen = set(cursor.get("seen", []))
        candidates: list[Candidate] = []
        ids: list[str] = []
        for entry in parsed.entries:
            entry_id = _entry_id(entry)
            ids.append(entry_id)
            if entry_id not in seen:
                candidates.extend(self._candidates(entry, fetched.final_url))
        new_cursor = {"etag": fetched.etag, "modified": fetched.last_modified,
                      "seen": (ids + [i for i in cursor.get("seen", []) if i not in ids])[:REMEMBERED]}
        return PollResult(candidates, new_cursor)

    def _candidates(self, entry: Any, feed_url: str) -> list[Candidate]:
        link = web_address(str(entry.get("link") or ""), feed_url) or f"{feed_url}#entry-{_entry_id(entry)[:16]}"
        body = extract(_entry_html(entry), link)
        media = _enclosures(entry) + body.images + body.audio
        media = list(dict.fromkeys(media))
        title = entry.get("title", "")
        first = Candidate(url=link, source=self.config.name, title=title, text=body.text,
                          media_url=media[0] if media else None, published=_published(entry),
                          meta={"author": entry.get("author", ""), "feed": self.feed_url})
        more = [Candidate(url=url, source=self.config.name, title=title, media_url=url, published=first.published,
                          meta={"entry": link}) for url in media[1:]]
        return [first, *more]


def _entry_id(entry: Any) -> str:
    """The entry's guid or link; for an entry with neither, a digest of what it says, so two such entries
    stay two (a title alone is not enough: many galleries post every image as "New image")."""
    if entry.get("id") or entry.get("link"):
        return str(entry.get("id") or entry.get("link"))
    said = "\x1f".join([str(entry.get("title", "")), _entry_html(entry), str(entry.get("published", "")),
                        *_enclosures(entry)])
    return hashlib.sha256(said.encode("utf-8", "surrogatepass")).hexdigest()


def _entry_html(entry: Any) -> str:
    parts = [c.get("value", "") for c in entry.get("content", [])] or [entry.get("summary", "")]
    return "\n".join(parts)


def _enclosures(entry: Any) -> list[str]:
    urls = [link.get("href", "") for link in entry.get("links", [])
            if link.get("rel") == "enclosure" and link.get("type", "").startswith(("image/", "audio/"))]
    urls += [m.get("url", "") for m in entry.get("media_content", [])
             if m.get("medium") in ("image", "audio") or m.get("type", "").startswith(("image/", "audio/"))]
    return [u for u in (web_address(str(url)) for url in urls) if u]  # a malformed one is skipped on its own


def _published(entry: Any) -> str | None:
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    if not stamp:
        return None
    return "{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}Z".format(*stamp[:6])
