"""What one page of the creator's site says about AI use: TDMRep headers and meta tags, and noai/noimageai.

The page is read as text, never run; only the first few megabytes are looked at.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

from creatorwatch.core.errors import SourceError
from creatorwatch.core.net.client import HttpClient

PAGE_CAP = 5 * 1024 * 1024
AI_DIRECTIVES = ("noai", "noimageai")


@dataclass
class PageSignals:
    url: str
    status: int | None = None
    final_url: str = ""
    problem: str = ""  # why the page could not be read ("" when it was)
    header_reservation: str | None = None  # the tdm-reservation HTTP header, as sent
    header_policy: str | None = None
    meta_reservation: str | None = None  # <meta name="tdm-reservation" content=…>
    meta_policy: str | None = None
    robots_directives: set[str] = field(default_factory=set)  # from <meta name="robots"> and X-Robots-Tag
    header_directives: set[str] = field(default_factory=set)  # from X-Robots-Tag only

    @property
    def noai(self) -> bool:
        """`noai` is on the page or in its headers: no AI use of anything on it, its pictures included."""
        return "noai" in self.robots_directives

    @property
    def noimageai(self) -> bool:
        """`noimageai` itself is on the page or in its headers (a bare `noai` is not it, though it covers pictures
        too: `images_covered` says that)."""
        return "noimageai" in self.robots_directives

    @property
    def images_covered(self) -> bool:
        """The page's pictures are kept from AI use: by `noimageai`, or by `noai`, which covers all of the page."""
        return self.noai or self.noimageai

    def as_json(self) -> dict[str, object]:
        return {"url": self.url, "status": self.status, "final_url": self.final_url, "problem": self.problem,
                "tdm_reservation_header": self.header_reservation, "tdm_policy_header": self.header_policy,
                "tdm_reservation_meta": self.meta_reservation, "tdm_policy_meta": self.meta_policy,
                "noai": self.noai, "noimageai": self.noimageai, "images_covered": self.images_covered,
                "x_robots_tag": sorted(self.header_directives)}


def ai_tags_said(noai: bool, noimageai: bool) -> str:
    """The page's noai and noimageai as found, and, when only noai is there, that it covers the pictures too:
    "noai yes, noimageai no (noai covers the pictures too)"."""
    said = f"noai {'yes' if noai else 'no'}, noimageai {'yes' if noimageai else 'no'}"
    return said + (" (noai covers the pictures too)" if noai and not noimageai else "")


def read_page(http: HttpClient, url: str) -> PageSignals:
    signals = PageSignals(url)
    try:
        fetched = http.get(url, max_bytes=PAGE_CAP, accept_status=range(400, 600))
    except SourceError as exc:
        signals.problem = str(exc)
        return signals
    signals.status, signals.final_url = fetched.status, fetched.final_url
    signals.header_reservation = fetched.headers.get("tdm-reservation")
    signals.header_policy = fetched.headers.get("tdm-policy")
    for value in fetched.headers.get_list("x-robots-tag"):
        signals.header_directives |= _directives(value, AI_DIRECTIVES)
    signals.robots_directives |= signals.header_directives
    if fetched.status >= 400:
        signals.problem = f"the page answered HTTP {fetched.status}"
        return signals
    if "html" in fetched.content_type or fetched.content[:512].lstrip().lower().startswith((b"<!doctype", b"<html")):
        parser = _MetaParser()
        parser.feed(fetched.text)
        parser.close()
        signals.meta_reservation = parser.meta.get("tdm-reservation")
        signals.meta_policy = parser.meta.get("tdm-policy")
        for name in ("robots", "googlebot"):
            signals.robots_directives |= _directives(parser.meta.get(name, ""), AI_DIRECTIVES)
    return signals


def _directives(value: str, wanted: tuple[str, ...]) -> set[str]:
    """AI directives in a robots value such as "noindex, noai" or "otherbot: noai" (a named bot still counts)."""
    words = {w.strip().lower() for part in value.split(",") for w in part.split(":")[-1:]}
    return {w for w in words if w in wanted}


class _MetaParser(HTMLParser):
    """Collects <meta name=… content=…> (first of each name; names lower-cased)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "meta":
            return
        values = {k.lower(): (v or "") for k, v in attrs}
        name = values.get("name", "").strip().lower()
        if name and name not in self.meta:
            self.meta[name] = values.get("content", "").strip()
        elif name in ("robots",):
            self.meta[name] += "," + values.get("content", "")
