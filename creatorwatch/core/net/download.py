"""A one-off download to a temporary file, through the shared client and within its caps."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from creatorwatch.core.net.client import HttpClient


def fetch_to_file(
    url: str, *, client: HttpClient | None = None, directory: Path | None = None, max_bytes: int | None = None
) -> Path:
    """Download `url` (within the caps) to a new temporary file and return its path; the caller deletes it.
    With no `client`, a short-lived one is made (for one-off commands such as `creatorwatch match URL`)."""
    try:
        suffix = Path(urlsplit(url).path).suffix[:10]
    except ValueError:
        suffix = ""  # a malformed address: the client below says so
    handle, name = tempfile.mkstemp(prefix="creatorwatch-", suffix=suffix, dir=directory)
    path = Path(name)
    own = client is None
    http = client or HttpClient(allow_private=True)
    os.close(handle)
    try:
        http.download(url, path, max_bytes=max_bytes)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    finally:
        if own:
            http.close()
    return path
