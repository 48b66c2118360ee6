"""Secrets never leave the machine inside evidence: credentials are stripped from captured headers and URLs
when they are captured, and every bundle is scanned for the stored tokens before it is written."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import sqlite_utils

from creatorwatch.core.errors import CreatorWatchError

REDACTED = "REDACTED"
# Headers that carry credentials, on requests or responses.
SECRET_HEADERS = frozenset({
    "authorization", "proxy-authorization", "cookie", "set-cookie", "x-authentication-token", "x-api-key",
    "x-auth-token", "api-key",
})
# Query parameters that carry credentials (YouTube's key=, Lumen's authentication_token= …).
SECRET_PARAMS = frozenset({
    "key", "api_key", "apikey", "token", "access_token", "auth", "authentication_token", "password", "secret",
    "client_secret", "sig", "signature",
})


class SecretInBundle(CreatorWatchError):
    """A stored token would have ended up in an evidence bundle."""


def redact_url(url: str) -> str:
    """`url` without a password or credential-bearing query parameters."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        netloc = f"{REDACTED}@{netloc.rpartition('@')[2]}"
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        if any(name.lower() in SECRET_PARAMS for name, _ in pairs):
            query = urlencode([(n, REDACTED if n.lower() in SECRET_PARAMS else v) for n, v in pairs])
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def redact_headers(headers: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Headers in their order, credential-bearing values replaced."""
    return [(name, REDACTED if name.lower() in SECRET_HEADERS else value) for name, value in headers]


def stored_secrets(db: sqlite_utils.Database, secret: Callable[[str], str | None] | None = None) -> list[str]:
    """The values of every token the configured sources use, so a bundle can be checked against them.
    With no usable keyring there is nothing stored to leak, and an empty list comes back."""
    from creatorwatch.core.secrets import KeyringUnavailable, get_secret
    from creatorwatch.core.source_store import SourceStore
    from creatorwatch.core.sources.registry import source_class

    lookup = secret or get_secret
    names: set[str] = set()
    for record in SourceStore(db).all():
        try:
            name = record.config.settings.get("secret") or source_class(record.config.type).TOKEN
        except CreatorWatchError:
            continue
        if name:
            names.add(name)
    found: list[str] = []
    for name in sorted(names):
        try:
            value = lookup(name)
        except KeyringUnavailable:
            return []
        if value and len(value) >= 6:
            found.append(value)
    return found


def check_no_secrets(name: str, data: bytes, secrets: Iterable[str]) -> None:
    """Refuse `data` (the bundle file `name`) if it holds any of `secrets`."""
    for value in secrets:
        if value.encode() in data:
            raise SecretInBundle(
                f"The evidence bundle was not written: {name} would contain one of your stored tokens. "
                "Nothing was saved; please report this as a fault in CreatorWatch."
            )
