"""What every connector is: a small class that turns a cursor into new candidates and the next cursor.

Connectors only talk to the network through the shared client (core/net/client.py) and never record
anything themselves; the monitor fetches, matches and records. Errors meant for the creator are
SourceError subclasses whose message names the source and what to do.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from creatorwatch.core.sources.optional import OptionalSetting

if TYPE_CHECKING:
    from creatorwatch.core.net.client import HttpClient

Cursor = dict[str, Any]  # JSON-serialisable; persisted between runs so each run only sees what is new


@dataclass(frozen=True)
class SourceConfig:
    name: str  # the creator's name for it, unique: "hf-models", "my-feed"
    type: str  # "huggingface", "civitai", "lumen", "commoncrawl", "wayback", "feed", "page", "youtube", …
    base_url: str | None = None  # a mirror, self-hosted copy or test server instead of the public address
    settings: dict[str, str] = field(default_factory=dict)  # --set KEY=VALUE
    enabled: bool = True


@dataclass(frozen=True)
class Candidate:
    """Something found that may copy a work or name the creator."""

    url: str  # the public page or item a person would open (stable: used to de-duplicate)
    source: str  # SourceConfig.name
    title: str = ""
    text: str = ""  # words to search for watch terms and to match as text: description, prompt, notice body
    media_url: str | None = None  # an image, audio or text file to download and fingerprint
    path: Path | None = None  # a local file (the folder source)
    published: str | None = None  # ISO 8601, when the source says it appeared
    meta: dict[str, Any] = field(default_factory=dict)  # facts worth keeping: tags, flags, author, prompt …
    unreadable: str | None = None  # why it cannot be read, known when it was found (a loop of links in a folder)


PAGE_KEYS = ("page", "entry")  # meta keys naming the page a file was found on, when the file is the candidate


def page_of(url: str, media_url: str | None, meta: dict[str, Any]) -> str | None:
    """The web page a candidate appeared on, for a takedown notice to name: the page a picture was on (its own
    address is the candidate's), else the candidate's address when that is a page and not the file itself."""
    for key in PAGE_KEYS:
        if isinstance(meta.get(key), str) and meta[key]:
            return str(meta[key])
    if url.startswith(("http://", "https://")) and url != media_url:
        return url
    return None


@dataclass(frozen=True)
class PollResult:
    candidates: list[Candidate]
    cursor: Cursor


class Source(ABC):
    """A connector. Subclasses set TYPE (the CLI's TYPE name) and DEFAULT_BASE_URL, and implement poll()."""

    TYPE: ClassVar[str]
    DEFAULT_BASE_URL: ClassVar[str] = ""
    TOKEN: ClassVar[str | None] = None  # keyring name of the secret it uses, if any
    TOKEN_REQUIRED: ClassVar[bool] = False
    REQUIRED_SETTINGS: ClassVar[tuple[str, ...]] = ()  # --set keys `sources add` insists on, e.g. ("url",)
    OPTIONAL_SETTINGS: ClassVar[tuple[OptionalSetting, ...]] = ()  # other --set keys it reads, and their values
    # any further --set keys its code reads (no field of their own in the window), added to its ancestors': every
    # source is checked every interval= minutes (the scheduler), reads at most max_bytes= per item and its token
    # from the keyring entry secret= names (the monitor)
    OTHER_SETTINGS: ClassVar[tuple[str, ...]] = ("interval", "max_bytes", "secret")
    INTERVAL_MINUTES: ClassVar[float] = 60  # how often the scheduler checks it (--set interval=MINUTES)
    # A source cheap and local enough to look at on a short rhythm of its own, whatever the creator's check interval
    # (a folder on this computer: copies dropped in waited hours for the next check); --set interval= still wins.
    OWN_PACE_MINUTES: ClassVar[float | None] = None
    POLLED: ClassVar[bool] = True  # False: poll() asks nothing anywhere, so a check says nothing of its health

    def __init__(self, config: SourceConfig, http: HttpClient, terms: list[str], token: str | None = None) -> None:
        self.config = config
        self.http = http
        self.terms = terms
        self.token = token

    @property
    def base_url(self) -> str:
        return (self.config.base_url or self.DEFAULT_BASE_URL).rstrip("/")

    @classmethod
    def settings_taken(cls) -> list[str]:
        """Every --set key a source of this type reads, so a typo ("colour=blue") is refused rather than kept and
        never read. Gathered along its ancestry: a model endpoint's budget holds for each kind of endpoint."""
        further = [key for klass in reversed(cls.__mro__) for key in vars(klass).get("OTHER_SETTINGS", ())]
        return list(dict.fromkeys([*cls.REQUIRED_SETTINGS, *(s.key for s in cls.OPTIONAL_SETTINGS), *further]))

    @classmethod
    def needs_token(cls, config: SourceConfig) -> bool:
        """Whether it cannot work without its token, as configured: a source waits for one rather than fail."""
        return cls.TOKEN_REQUIRED

    @classmethod
    def settings_problem(cls, settings: dict[str, str]) -> str | None:
        """Why these settings can never work, said when they are given (not at every check); None if they can."""
        return None

    @classmethod
    def settings_note(cls, settings: dict[str, str]) -> str | None:
        """Something about these settings the creator should know, though they may well work later; None if not."""
        return None

    @abstractmethod
    def poll(self, cursor: Cursor) -> PollResult:
        """Candidates new since `cursor`, and the cursor to pass next time."""
