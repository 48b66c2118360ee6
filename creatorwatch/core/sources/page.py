"""A web page the creator names: its images, audio and text, with absolute addresses. The site's robots.txt is
respected as RFC 9309 says (protego: wildcards, longest match; a 4xx robots.txt allows all, a 5xx one means
stay out) and nothing on the page is executed — it is read as text, never run."""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit, urlunsplit

from protego import Protego

from creatorwatch.core.errors import SourceError
from creatorwatch.core.net.fetched import Fetched
from creatorwatch.core.sources.base import Candidate, Cursor, PollResult, Source
from creatorwatch.core.sources.html_extract import HEAD_BYTES, extract, looks_like_html

ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309 asks crawlers to read at least 500 KiB
ROBOTS_ANSWERS = tuple(code for code in range(400, 600) if code != 429)  # read, not raised: each has a meaning


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
        if _is_media(fetched):  # the page is itself a picture or a song
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
        """Refuse politely when robots.txt disallows us (RFC 9309): a missing or refused robots.txt (any 4xx)
        allows everything; a server error (5xx) means the site cannot say, so stay out until it can."""
        parts = urlsplit(url)
        robots_url = urlunsplit((parts.scheme, parts.netloc, "/robots.txt", "", ""))
        fetched = self.http.get(robots_url, max_bytes=ROBOTS_MAX_BYTES, accept_status=ROBOTS_ANSWERS)
        if 400 <= fetched.status < 500:
            return
        if fetched.status >= 500:
            raise RobotsRefused(f"{self.config.name} (page): the site could not answer for its robots.txt "
                                f"(HTTP {fetched.status}), so CreatorWatch stays away from {url} for now, as "
                                "the robots rules ask.", passing=True)
        rules = Protego.parse(fetched.content.decode("utf-8", "replace"))
        if not rules.can_fetch(url, self.http.settings.user_agent):
            raise RobotsRefused(f"{self.config.name} (page): the site's robots.txt asks robots not to read "
                                f"{url}, and CreatorWatch respects that. Remove this source, or watch a page "
                                "the site allows.")


def _is_media(fetched: Fetched) -> bool:
    """Whether the address gave a picture or a recording rather than a page, judged by the body as `match` judges
    it, never by the label alone: HTML served as `image/png` is a page (it was taken for a picture, and the copy
    on it never seen); a binary body labelled `text/html` is handed on as a file, to be sniffed and matched."""
    if looks_like_html(fetched.content):
        return False
    if fetched.content_type.startswith(("image/", "audio/")):
        return True
    head = fetched.content[:HEAD_BYTES]
    return b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff"))  # binary, not UTF-16 text
