"""What the public-API connectors share: a readable label, settings read with plain errors, the watch terms
as queries, token errors that say how to store a token, and per-query "newest seen" cursors."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, ClassVar

from creatorwatch.core.errors import SourceError, TokenMissing
from creatorwatch.core.sources.base import Cursor, Source
from creatorwatch.core.sources.optional import OptionalSetting, split_list

_BLOCK_TAGS = re.compile(r"</?(p|br|div|li|ul|ol|h[1-6]|tr|td|th|table|blockquote|pre|hr)\b[^>]*>", re.I)
_TAGS = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"\s+")


class ApiSource(Source):
    """A connector to a public web API. Subclasses set DISPLAY_NAME and, if they use one, TOKEN/TOKEN_HELP."""

    DISPLAY_NAME: ClassVar[str] = ""
    TOKEN_NOUN: ClassVar[str] = "API token"
    TOKEN_HELP: ClassVar[str] = ""  # where the creator gets a token, in one short sentence

    @property
    def label(self) -> str:
        """How errors name this source: as the shared client was told to (so every message about one source
        reads the same), else the service and the creator's name for it."""
        return self.http.label or f"{self.DISPLAY_NAME} ({self.config.name})"

    @property
    def token_name(self) -> str:
        """The keyring name of this source's token (`--set secret=NAME` picks another)."""
        return self.config.settings.get("secret") or self.TOKEN or self.TYPE

    # -- settings (--set KEY=VALUE) --

    def setting_int(self, key: str, default: int, lowest: int = 1, highest: int = 1000) -> int:
        raw = self.config.settings.get(key, "").strip()
        if not raw:
            return default
        if not raw.isdigit() or not lowest <= int(raw) <= highest:
            raise SourceError(
                f"{self.label}: the setting {key}={raw!r} must be a whole number from {lowest} to {highest}. "
                f"Change it with: creatorwatch sources set {self.config.name} --set {key}=…"
            )
        return int(raw)

    def setting_number(self, setting: OptionalSetting) -> int:
        """A whole-number setting as `setting` describes it: its default when unset, its range checked."""
        assert setting.lowest is not None and setting.highest is not None, f"{setting.key} is not a number"
        return self.setting_int(setting.key, int(setting.default), setting.lowest, setting.highest)

    def setting_list(self, key: str) -> list[str]:
        """A comma- or newline-separated setting, without blanks or repeats, in the order given."""
        return split_list(self.config.settings.get(key, ""))

    def required_list(self, key: str, example: str) -> list[str]:
        values = self.setting_list(key)
        if not values:
            raise SourceError(
                f"{self.label}: nothing to check — it needs the setting {key}. Change it with: "
                f"creatorwatch sources set {self.config.name} --set {key}={example}"
            )
        return values

    def search_terms(self) -> list[str]:
        """The watch terms to send as queries; a plain error when there are none."""
        terms = list(dict.fromkeys(t.strip() for t in self.terms if t.strip()))
        if not terms:
            raise SourceError(
                f"{self.label}: there are no watch terms to search for. Add your names, aliases and work "
                "titles with: creatorwatch terms add NAME"
            )
        return terms

    # -- tokens --

    def required_token(self) -> str:
        """The stored token, or TokenMissing saying where to get one and how to store it."""
        if not self.token:
            raise TokenMissing(
                f"{self.label}: needs {_a(self.TOKEN_NOUN)} and none is stored. {self.TOKEN_HELP}"
                f" Store it with: creatorwatch secret set {self.token_name}"
            )
        return self.token

    def token_refused(self, why: str = "") -> TokenMissing:
        """TokenMissing for a 401/403: the stored token was refused, or one is needed and none is stored."""
        because = f" ({why})" if why else ""
        if not self.token:
            return TokenMissing(
                f"{self.label}: refused access without {_a(self.TOKEN_NOUN)}{because}. {self.TOKEN_HELP}"
                f" Store one with: creatorwatch secret set {self.token_name}"
            )
        return TokenMissing(
            f"{self.label}: refused the stored {self.TOKEN_NOUN}{because}. Check it, then store it again "
            f"with: creatorwatch secret set {self.token_name}"
        )

    @contextmanager
    def token_checked(self) -> Iterator[None]:
        """Turn the shared client's 401/403 into a message naming this source and its keyring name."""
        try:
            yield
        except TokenMissing as exc:
            raise self.token_refused() from exc


def _a(noun: str) -> str:
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def seen_for(cursor: Cursor, queries: list[str], key: str = "newest") -> dict[str, Any]:
    """The per-query part of a cursor, keeping only queries still asked (removed terms are forgotten)."""
    seen = cursor.get(key) or {}
    return {q: seen[q] for q in queries if q in seen}


def plain_text(markup: Any) -> str:
    """Readable words from a snippet of HTML (descriptions, titles with entities)."""
    if not markup or not isinstance(markup, str):
        return ""
    words = _TAGS.sub("", _BLOCK_TAGS.sub(" ", markup))
    return _SPACES.sub(" ", html.unescape(words)).strip()


def join_text(*parts: Any) -> str:
    """The parts that are text, one per line; anything else a service sent in their place is left out."""
    return "\n".join(p for p in (part.strip() if isinstance(part, str) else "" for part in parts) if p)


def cdx_time(stamp: str) -> str:
    """A 14-digit CDX timestamp (20261110123456, UTC) as ISO 8601."""
    s = stamp.ljust(14, "0")
    return f"{s[:4]}-{s[4:6]}-{s[6:8]}T{s[8:10]}:{s[10:12]}:{s[12:14]}Z"
