"""A web page the creator names: its images, audio and text, with absolute addresses. The site's robots.txt is
respected and nothing on the page is executed — it is read as text, never run."""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

from creatorwatch.core.sources.base import Candidate, Cursor, PollResult, Source, SourceError
from creatorwatch.core.sources.html_extract import extract
from creatorwatch.core.sources.http import HttpStatusError

ROBOTS_MAX_BYTES = 512 * 1024


class RobotsRefused(SourceError):
    """The site's robots.txt asks robots like CreatorWatch not to read the page."""


class PageSource(Source):
    TYPE = "page"
    REQUIRED_SETTINGS = ("url",)
    INTERVAL_MINUTES = 24 * 60

    @property
    def page_url(self) -> str:
        return self.config.settings.get("url") or self.base_url

    def poll(self, cursor: Cursor) -> PollResult:
        url = self.page_url
        self._check_robots(url)
        fetched = self.http.get(url, etag=cursor.get("etag"), last_modified=cursor.get("modified"),
                                headers={"Accept": "text/html, application/xhtml+xml, image/*, audio/*;q=0.9"})
        if fetched.not_modified:
            return PollResult([], cursor)
        name = self.config.name
        if fetched.content_type.startswith(("image/", "audio/")):  # the page is itself a picture or a song
            digest = hashlib.sha256(fetched.content).hexdigest()
            one = Candidate(url=fetched.final_url, source=name, media_url=fetched.final_url,
                            meta={"revision": digest})
            return PollResult([one], {"etag": fetched.etag, "modified": fetched.last_modified})
        page = extract(fetched.text, fetched.final_url)
        revision = hashlib.sha256(page.text.encode()).hexdigest()[:16]
        found = [Candidate(url=fetched.final_url, source=name, title=page.title, text=page.text,
                           meta={"revision": revision, "images": len(page.images), "audio": len(page.audio)})]
        for media in page.images + page.audio:
            found.append(Candidate(url=media, source=name, title=page.alt.get(media, page.title), media_url=media,
                                   meta={"page": fetched.final_url}))
        return PollResult(found, {"etag": fetched.etag, "modified": fetched.last_modified})

    def _check_robots(self, url: str) -> None:
        """Refuse politely when robots.txt disallows us. No robots.txt (4xx) means all is allowed."""
        parts = urlsplit(url)
        robots_url = urlunsplit((parts.scheme, parts.netloc, "/robots.txt", "", ""))
        try:
            fetched = self.http.get(robots_url, max_bytes=ROBOTS_MAX_BYTES)
        except HttpStatusError:
            return
        rules = RobotFileParser()
        rules.parse(fetched.text.splitlines())
        if not rules.can_fetch(self.http.settings.user_agent, url):
            raise RobotsRefused(f"{self.config.name} (page): the site's robots.txt asks robots not to read "
                                f"{url}, and CreatorWatch respects that. Remove this source, or watch a page "
                                "the site allows.")
