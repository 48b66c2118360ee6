"""Spawning's ai.txt: a robots.txt-like file at the site root saying which files may be used for AI training.

It has robots.txt syntax, so the same maintained parser reads it; what matters is the rule for every agent (`*`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urljoin

from protego import Protego

from creatorwatch.core.errors import SourceError
from creatorwatch.core.net.client import HttpClient

FILE_CAP = 512 * 1024
_ANY_AGENT = "creatorwatch-ai-txt-check"  # a name no group uses, so the `*` group decides
# One file of each kind a creator publishes: what a data-set builder would download.
SAMPLE_FILES = {"pages": "/index.html", "images": "/work.jpg", "audio": "/work.mp3", "text": "/work.txt",
                "documents": "/work.pdf", "video": "/work.mp4"}


@dataclass
class AiTxt:
    url: str
    state: str  # "found" | "missing" | "unreachable"
    status: int | None = None
    allowed: dict[str, bool] = field(default_factory=dict)  # kind of file → may it be used for AI training
    note: str = ""

    @property
    def blocks_all(self) -> bool:
        return self.state == "found" and not any(self.allowed.values())

    def as_json(self) -> dict[str, object]:
        return {"url": self.url, "state": self.state, "status": self.status, "allowed": dict(self.allowed),
                "blocks_all": self.blocks_all, "note": self.note}


def read_ai_txt(http: HttpClient, site: str) -> AiTxt:
    url = urljoin(site, "/ai.txt")
    try:
        fetched = http.get(url, max_bytes=FILE_CAP, accept_status=range(400, 600))
    except SourceError as exc:
        return AiTxt(url, "unreachable", note=f"could not be fetched: {exc}")
    if fetched.status == 429 or fetched.status >= 500:  # the site could not say: not checked, not "missing"
        return AiTxt(url, "unreachable", fetched.status, note=f"could not be read (HTTP {fetched.status})")
    if fetched.status >= 400:
        return AiTxt(url, "missing", fetched.status, note=f"not published (HTTP {fetched.status})")
    if "html" in fetched.content_type:
        return AiTxt(url, "missing", fetched.status, note="answered with a web page, not an ai.txt file")
    parser = Protego.parse(fetched.text)
    allowed = {kind: bool(parser.can_fetch(urljoin(site, path), _ANY_AGENT)) for kind, path in SAMPLE_FILES.items()}
    return AiTxt(url, "found", fetched.status, allowed)
