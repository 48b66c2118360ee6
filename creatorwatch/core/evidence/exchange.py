"""One HTTP exchange as received and staged before it is kept: shared by captures and the WARC writer, so neither
has to import the other."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from creatorwatch.core.net.settings import USER_AGENT
from creatorwatch.core.wording.times import iso_z


@dataclass(frozen=True)
class StagedCapture:
    """One HTTP exchange as received, credentials already removed. The body is in memory or in a file."""

    requested_url: str
    final_url: str
    redirects: list[str]
    status: int
    headers: list[tuple[str, str]]
    fetched_at: datetime
    body: bytes | None = None
    body_path: Path | None = None
    request_headers: list[tuple[str, str]] = field(default_factory=lambda: [("User-Agent", USER_AGENT)])

    @property
    def size(self) -> int:
        return len(self.body) if self.body is not None else self.body_path.stat().st_size if self.body_path else 0

    @property
    def content_type(self) -> str:
        found = next((v for n, v in self.headers if n.lower() == "content-type"), "")
        return found.split(";")[0].strip().lower()

    @contextlib.contextmanager
    def open_body(self) -> Iterator[IO[bytes]]:
        if self.body_path is not None:
            with self.body_path.open("rb") as handle:
                yield handle
        else:
            yield io.BytesIO(self.body or b"")

    def discard(self) -> None:
        """Let go of the staged file (a capture that was kept has its own copy)."""
        if self.body_path is not None:
            self.body_path.unlink(missing_ok=True)

    def facts(self) -> dict[str, Any]:
        return {"requested_url": self.requested_url, "final_url": self.final_url, "redirects": self.redirects,
                "status": self.status, "headers": [list(pair) for pair in self.headers],
                "fetched_at": iso_z(self.fetched_at), "content_type": self.content_type}
