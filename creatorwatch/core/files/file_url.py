"""A file:// address as the path it names: the folder source records candidates so, `matches` prints them so, and a
creator may paste one back into `match`."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit


def path_of_file_url(address: str) -> Path | None:
    """The local path a file:// address names (percent-escapes undone), or None for any other address."""
    parts = urlsplit(address)
    return Path(unquote(parts.path)) if parts.scheme == "file" else None
