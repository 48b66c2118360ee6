"""Read a web page the way a careful person would, without running any of it: its title, visible text, and the
absolute addresses of its images and audio. Scripts, styles and templates are skipped, never executed."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

from creatorwatch.core.net.guard import web_address

IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".tif", ".tiff", ".avif")
AUDIO_EXTENSIONS = (".mp3", ".wav", ".ogg", ".oga", ".opus", ".flac", ".m4a", ".aac")
_SKIPPED = {"script", "style", "noscript", "template", "svg"}
_HTML_HEAD = re.compile(rb"<(!doctype\s+html|html|head|body)[\s>]", re.IGNORECASE)
HEAD_BYTES = 4096
_BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "blockquote"}


@dataclass
class Extracted:
    title: str = ""
    text: str = ""
    images: list[str] = field(default_factory=list)
    audio: list[str] = field(default_factory=list)
    alt: dict[str, str] = field(default_factory=dict)  # image URL → its alt text


def looks_like_html(body: bytes) -> bool:
    """Whether `body` is an HTML page, by its first kilobytes — whatever the server's Content-Type says (a page
    served as `image/png` is still a page, and `match` reads it as one)."""
    return _HTML_HEAD.search(body[:HEAD_BYTES]) is not None


def extract(html: str, base_url: str) -> Extracted:
    """Title, visible text, and absolute http(s) image and audio URLs of `html`, in page order, de-duplicated."""
    parser = _PageParser(base_url)
    parser.feed(html)
    parser.close()
    return parser.result()


class _PageParser(HTMLParser):
    def __init__(self, base_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.base = base_url
        self.skip_depth = 0
        self.in_title = False
        self.title: list[str] = []
        self.words: list[str] = []
        self.images: dict[str, None] = {}
        self.audio: dict[str, None] = {}
        self.alt: dict[str, str] = {}
        self.in_audio = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "title":
            self.in_title = True
        if tag in _SKIPPED:
            self.skip_depth += 1
        if tag == "base" and a.get("href"):  # a malformed <base> is passed over, as a browser does
            self.base = web_address(a["href"], self.base) or self.base
        if tag in _BLOCKS:
            self.words.append("\n")
        self._media(tag, a)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in _SKIPPED:
            self.skip_depth -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        elif tag in _SKIPPED and self.skip_depth:
            self.skip_depth -= 1
        elif tag == "audio":
            self.in_audio = False

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        elif not self.skip_depth:
            self.words.append(data)

    def _media(self, tag: str, a: dict[str, str]) -> None:
        if tag == "img":
            url = self._add(self.images, a.get("src") or _first_srcset(a.get("srcset", "")))
            if url and a.get("alt"):
                self.alt.setdefault(url, a["alt"])
        elif tag == "audio":
            self.in_audio = True
            self._add(self.audio, a.get("src"))
        elif tag == "source":
            target = self.audio if self.in_audio else self.images
            self._add(target, a.get("src") or _first_srcset(a.get("srcset", "")))
        elif tag == "a":
            href = web_address(a.get("href", ""), self.base) or ""  # a malformed link is skipped on its own
            path = urlsplit(href).path.lower()
            if path.endswith(IMAGE_EXTENSIONS):
                self._add(self.images, href)
            elif path.endswith(AUDIO_EXTENSIONS):
                self._add(self.audio, href)
        elif tag == "meta" and a.get("property", a.get("name", "")).lower() in ("og:image", "og:audio"):
            kind = a.get("property", a.get("name", "")).lower()
            self._add(self.images if kind == "og:image" else self.audio, a.get("content"))

    def _add(self, into: dict[str, None], ref: str | None) -> str | None:
        if not ref or ref.strip().lower().startswith(("data:", "javascript:", "blob:")):
            return None
        url = web_address(ref, self.base)  # None for a malformed address: that one is skipped, the page read on
        if url is None:
            return None
        into[url] = None
        return url

    def result(self) -> Extracted:
        lines = (" ".join(line.split()) for line in "".join(self.words).splitlines())
        text = "\n".join(line for line in lines if line)
        return Extracted(" ".join("".join(self.title).split()), text, list(self.images), list(self.audio), self.alt)


def _first_srcset(srcset: str) -> str:
    return srcset.split(",")[0].strip().split(" ")[0] if srcset.strip() else ""
