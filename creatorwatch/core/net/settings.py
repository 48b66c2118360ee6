"""Every limit the HTTP client applies (timeouts, byte cap, redirects, retries, pacing) and how it names itself."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field

from creatorwatch import __version__

PROJECT_URL = "https://github.com/creatorwatch/creatorwatch"
USER_AGENT = f"CreatorWatch/{__version__} (+{PROJECT_URL})"
MB = 1024 * 1024
# Politer pacing for services known to block eager clients (seconds between requests to the host).
KNOWN_HOST_INTERVALS = {
    "web.archive.org": 2.6,  # the CDX API allows 24 requests a minute (one per 2.5 s)
    "archive.org": 2.0,
    "index.commoncrawl.org": 2.0,
    "lumendatabase.org": 1.0,
    "huggingface.co": 0.6,
    "civitai.com": 0.5,
}


@dataclass(frozen=True)
class HttpSettings:
    """Every limit the client applies. Tests shrink timeouts and backoff; sources may change the caps."""

    source: str = ""  # label used in error messages, e.g. "Hugging Face (hf-models)"
    user_agent: str = USER_AGENT
    connect_timeout: float = 10.0
    read_timeout: float = 30.0  # longest silence while waiting for bytes
    deadline: float = 90.0  # longest one request may take (connect, headers and body of every hop) ...
    min_rate: float = 32 * 1024  # ... plus a second for every this many bytes of body: a large answer at a fair
    # pace (50 MB at 100 KB/s) finishes, one that trickles (1 byte a second held a check 5 min) is cut off at 90 s
    max_bytes: int = 50 * MB
    max_redirects: int = 5
    retries: int = 3  # extra attempts after a 429 or 5xx
    backoff_base: float = 1.0  # first backoff, doubled each attempt, with jitter
    backoff_max: float = 60.0
    max_retry_wait: float = 30.0  # most seconds one request waits for retries; a longer wait defers the source
    host_interval: float = 0.25  # least time between two requests to the same host
    host_intervals: Mapping[str, float] = field(default_factory=lambda: dict(KNOWN_HOST_INTERVALS))
    allow_private: bool | None = (
        None  # None: redirects into private networks only if the request URL is private
    )
    token_name: str | None = None  # keyring name, to tell the creator how to store a token
    source_name: str | None = None  # the creator's name for the source, to tell them how to change a setting
    stop: threading.Event | None = None  # set when the creator stops: every wait and read ends at once
    secrets: tuple[str, ...] = ()  # this source's token(s): never shown in a message
