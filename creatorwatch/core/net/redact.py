"""Secrets never leave the machine: credentials are stripped from captured headers and URLs when they are
captured, every bundle is scanned for the stored tokens before it is written, and every message and stored
error passes through one Redactor that knows the credential-bearing parameters and the tokens themselves."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import parse_qsl, quote, quote_plus, urlencode, urlsplit, urlunsplit

from creatorwatch.core.errors import CreatorWatchError

REDACTED = "REDACTED"
# Headers that carry credentials, on requests or responses.
SECRET_HEADERS = frozenset({
    "authorization", "proxy-authorization", "cookie", "set-cookie", "x-authentication-token", "x-api-key",
    "x-auth-token", "api-key",
})
# Query parameters that carry credentials (YouTube's key=, Lumen's authentication_token= …).
SECRET_PARAMS = frozenset({
    "key", "k", "api_key", "apikey", "api-key", "token", "tok", "access_token", "auth", "auth_token",
    "authentication_token", "password", "passwd", "pwd", "secret", "client_secret", "sig", "signature",
    "refresh_token", "id_token", "private_token", "access_key", "secret_key", "session", "sessionid", "jwt",
})
SHORTEST_SECRET = 6  # a shorter "token" would blank out ordinary words
_PARAM = re.compile(
    r"(?<=[?&;])(" + "|".join(sorted(map(re.escape, SECRET_PARAMS), key=len, reverse=True)) + r")=([^&#\s'\"<>)]*)",
    re.IGNORECASE,
)
_USERINFO = re.compile(r"(?<=://)[^/@\s'\"<>]+@")


class SecretInBundle(CreatorWatchError):
    """A stored token would have ended up in an evidence bundle."""


class Redactor:
    """Takes secrets out of any text: credential-bearing query parameters (`key=`, `k=`, `tok=` …) and the
    user:password part of every address in it, and each of the given tokens wherever it appears (also
    percent-encoded). The one place every message and stored error passes through."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._secrets: list[str] = []
        for value in secrets:
            self.add(value)

    def add(self, secret: str | None) -> None:
        """Also hide `secret` (a token read from the keyring), in each form it could take in an address."""
        if not secret or len(secret.strip()) < SHORTEST_SECRET:
            return
        forms = {secret, secret.strip(), quote(secret.strip(), safe=""), quote_plus(secret.strip())}
        self._secrets = sorted(set(self._secrets) | forms, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        text = _PARAM.sub(lambda m: f"{m.group(1)}={REDACTED}", text)
        text = _USERINFO.sub(f"{REDACTED}@", text)
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        return text


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


def check_no_secrets(name: str, data: bytes, secrets: Iterable[str]) -> None:
    """Refuse `data` (the bundle file `name`) if it holds any of `secrets`."""
    for value in secrets:
        if value.encode() in data:
            raise SecretInBundle(
                f"The evidence bundle was not written: {name} would contain one of your stored tokens. "
                "Nothing was saved; please report this as a fault in CreatorWatch."
            )
