"""One HTTP answer as the client hands it over (status, headers, body, the hops it took), and reading it as JSON
with plain words when it is not."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from creatorwatch.core.errors import BadResponse
from creatorwatch.core.net.guard import host_name


@dataclass
class Fetched:
    """One answer. `content` is the body (empty for 304 and for downloads to `path`)."""

    status: int
    headers: httpx.Headers
    content: bytes
    url: str  # what was asked for
    final_url: str  # where the answer came from after redirects
    redirects: list[str] = field(default_factory=list)  # every hop, in order (excluding final_url)
    path: Path | None = None  # set by download(): where the body was written
    source: str = ""

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def text(self) -> str:
        charset = self.headers.get("content-type", "").partition("charset=")[2].split(";")[0].strip()
        try:
            return self.content.decode(charset or "utf-8", errors="replace")
        except LookupError:
            return self.content.decode("utf-8", errors="replace")

    def json(self) -> Any:
        """The body as JSON, or BadResponse in plain words (an HTML error page, malformed data)."""
        return parse_json(self.content, self.content_type, self.source or host_name(self.final_url), self.status)


def parse_json(content: bytes, content_type: str, label: str, status: int | None = None) -> Any:
    head = content[:512].lstrip().lower()
    if "html" in content_type or head.startswith((b"<!doctype html", b"<html")):
        raise BadResponse(
            f"{label}: answered with a web page instead of data (perhaps an error or "
            "maintenance page).",
            status,
        )
    try:
        return json.loads(content)
    except json.JSONDecodeError as exc:
        why = "it was garbled or cut short"  # not "malformed JSON: Expecting value at character 28"
        if exc.pos >= len(content.rstrip()):
            why = "it was cut short"
    except UnicodeDecodeError:
        why = "not valid text"
    except RecursionError:
        why = "nested too deeply"
    raise BadResponse(
        f"{label}: sent data that could not be read ({why}).", status
    )
