"""Read a site's robots.txt the way RFC 9309 tells crawlers to, with a maintained parser (Protego).

What a crawler does when it cannot read the file is part of the answer: a 4xx status means "no rules, everything
allowed", a 5xx or an unreachable server means "assume everything is disallowed" (RFC 9309 §2.3.1). Only the first
500 KiB count (§2.5); a larger file is read to the end but only its head is kept, so memory stays bounded.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from protego import Protego

from creatorwatch.core.errors import RedirectRefused, SourceError
from creatorwatch.core.net.client import HttpClient

PARSE_LIMIT = 500 * 1024  # RFC 9309 §2.5: crawlers must read at least this much, and may stop there
DOWNLOAD_CAP = 64 * 1024 * 1024  # bytes counted (not kept) to tell the creator how big the file really is
ERROR_STATUSES = tuple(range(400, 600))
_USER_AGENT_LINE = re.compile(r"^\s*user-agent\s*:\s*([^#\s]+)", re.IGNORECASE | re.MULTILINE)

# What crawlers assume about the whole site
RULES = "rules"  # the file was read: its rules decide
ALLOW_ALL = "allow_all"  # no usable file (4xx, too many redirects): everything allowed
DISALLOW_ALL = "disallow_all"  # server error or unreachable: everything disallowed, for now


@dataclass
class RobotsFile:
    url: str
    mode: str  # RULES | ALLOW_ALL | DISALLOW_ALL
    status: int | None = None
    size: int = 0  # bytes the server sent
    final_url: str = ""
    notes: list[str] = field(default_factory=list)  # plain sentences about anything unusual
    text: str = ""  # the part crawlers read (at most PARSE_LIMIT bytes)
    _parser: Protego | None = field(default=None, repr=False)

    def may_fetch(self, token: str, url: str) -> bool:
        """Whether the crawler with product token `token` may fetch `url` on this site."""
        if self.mode != RULES:
            return self.mode == ALLOW_ALL
        if self._parser is None:
            self._parser = Protego.parse(self.text)
        return bool(self._parser.can_fetch(url, token))

    def names(self, token: str) -> bool:
        """Whether a group of the file names this crawler itself (else the `*` group, if any, decides for it)."""
        wanted = token.lower()
        return any(_token_matches(found.lower(), wanted) for found in _USER_AGENT_LINE.findall(self.text))

    def as_json(self) -> dict[str, object]:
        return {"url": self.url, "mode": self.mode, "status": self.status, "size": self.size,
                "final_url": self.final_url, "notes": list(self.notes)}


def _token_matches(group: str, token: str) -> bool:
    """Protego's rule: a group's name matches a crawler's token at a token boundary (case-insensitive)."""
    if group == "*":
        return False
    index = token.find(group)
    while index != -1:
        if index == 0 or not (token[index - 1].isalnum() or token[index - 1] in "-_"):
            return True
        index = token.find(group, index + 1)
    return False


class _Head(io.BytesIO):
    """A download sink that keeps only the first PARSE_LIMIT bytes and counts the rest."""

    def __init__(self) -> None:
        super().__init__()
        self.seen = 0

    def write(self, data: bytes) -> int:  # type: ignore[override]
        room = PARSE_LIMIT - super().tell()
        if room > 0:
            super().write(bytes(data[:room]))
        self.seen += len(data)
        return len(data)

    def truncate(self, size: int | None = None) -> int:
        self.seen = 0
        return super().truncate(size)


def read_robots(http: HttpClient, site: str) -> RobotsFile:
    """Fetch and judge `site`'s /robots.txt (site: any address on it; only its scheme and host are used)."""
    url = urljoin(site, "/robots.txt")
    head = _Head()
    try:
        fetched = http.request("GET", url, max_bytes=DOWNLOAD_CAP, accept_status=ERROR_STATUSES, sink=head)
    except RedirectRefused as exc:
        return RobotsFile(url, ALLOW_ALL, notes=[
            f"robots.txt could not be followed ({exc}). Crawlers may treat it as missing and fetch everything."])
    except SourceError as exc:
        return RobotsFile(url, DISALLOW_ALL, notes=[
            f"robots.txt could not be fetched ({exc}). While that lasts, crawlers that follow RFC 9309 fetch "
            "nothing; after about a month they may go back to an older copy or fetch everything."])
    result = RobotsFile(url, RULES, fetched.status, head.seen, fetched.final_url)
    _note_redirects(result, url, fetched.final_url)
    if fetched.status >= 500 or fetched.status == 429:
        result.mode = DISALLOW_ALL
        result.notes.append(f"robots.txt answered with a server error (HTTP {fetched.status}): crawlers that follow "
                            "RFC 9309 fetch nothing while it lasts, and may fetch everything if it lasts for weeks.")
        return result
    if fetched.status >= 400:
        result.mode = ALLOW_ALL
        result.notes.append(f"There is no robots.txt (HTTP {fetched.status}): every crawler may fetch everything.")
        return result
    kept = head.getvalue()
    result.text = kept.decode("utf-8", errors="replace")
    if head.seen > PARSE_LIMIT:
        result.notes.append(
            f"robots.txt is {_size(head.seen)}; crawlers need only read the first 500 KiB (RFC 9309), so rules after "
            "that may be ignored. The audit judged the first 500 KiB. Keep the file short and put AI rules first.")
    if _is_html(fetched.content_type, kept):
        result.notes.append(
            "robots.txt is served as a web page (HTML), not plain text: crawlers find no rules they understand in it, "
            "so they may fetch everything. Serve a plain-text robots.txt at the site root.")
    return result


def _note_redirects(result: RobotsFile, asked: str, final: str) -> None:
    asked_host, final_host = urlsplit(asked).netloc.lower(), urlsplit(final).netloc.lower()
    if final_host and final_host != asked_host:
        result.notes.append(f"robots.txt redirects to another host ({final_host}): crawlers apply that file's rules "
                            "to this site, so check it too.")


def _is_html(content_type: str, head: bytes) -> bool:
    start = head[:512].lstrip().lower()
    return "html" in content_type or start.startswith((b"<!doctype html", b"<html", b"<head", b"<body"))


def _size(count: int) -> str:
    return f"{count / 1e6:.1f} MB" if count >= 1_000_000 else f"{count / 1024:.0f} KiB"
