"""The one HTTP client every connector shares, so that every request is bounded and polite: timeouts,
a byte cap, few and checked redirects, per-host pacing, Retry-After and backoff. No module builds its own.

Typical use in a connector (``self.http`` is an HttpClient already configured for that source)::

    fetched = self.http.get(f"{self.base_url}/api/models", params={"search": term})
    items = fetched.json()                      # BadResponse with plain words if it is not JSON
    data = self.http.get_json(url, params=...)  # the same, in one call
    again = self.http.get(url, etag=fetched.etag, last_modified=fetched.last_modified)
    if again.not_modified: ...                  # 304: nothing new

Every failure is a SourceError subclass whose message names the source (``source=`` label) and what to do.
"""

from __future__ import annotations

import ipaddress
import json
import os
import random
import socket
import tempfile
import threading
import time
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any
from urllib.parse import urljoin, urlsplit

import httpx

from creatorwatch import __version__
from creatorwatch.core.evidence.redact import Redactor
from creatorwatch.core.sources import inflate, transport
from creatorwatch.core.sources.base import RateLimited, SourceError, TokenMissing, is_web_address
from creatorwatch.core.sources.ratelimit import LONGEST_HINT, HostPacer, ratelimit_reset, retry_after_seconds

__all__ = ["LONGEST_HINT", "HostPacer", "retry_after_seconds"]  # kept importable from here for existing callers

PROJECT_URL = "https://github.com/creatorwatch/creatorwatch"
USER_AGENT = f"CreatorWatch/{__version__} (+{PROJECT_URL})"
MB = 1024 * 1024
REDIRECTS = {301, 302, 303, 307, 308}
RETRY_STATUSES = {429, 500, 502, 503, 504}
# Headers that carry credentials: never sent on to another host after a redirect.
SENSITIVE_HEADERS = {"authorization", "cookie", "x-authentication-token", "x-api-key", "proxy-authorization"}
# Politer pacing for services known to block eager clients (seconds between requests to the host).
KNOWN_HOST_INTERVALS = {
    "web.archive.org": 2.6,  # the CDX API allows 24 requests a minute (one per 2.5 s)
    "archive.org": 2.0,
    "index.commoncrawl.org": 2.0,
    "lumendatabase.org": 1.0,
    "huggingface.co": 0.6,
    "civitai.com": 0.5,
}


# --- errors (TokenMissing and RateLimited live in base.py; re-exported here) -----------------------------


class HttpError(SourceError):
    """A request failed; `status` is the HTTP status when there was one."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class ServerError(HttpError):
    """The service kept answering 5xx (it is down or overloaded)."""

    def __init__(self, message: str, status: int, retry_after: float | None = None) -> None:
        super().__init__(message, status)
        self.retry_after = retry_after


class TooManyRequests(RateLimited):
    """A 429. `retry_after` is the service's own hint (None when it gave none, as connectors that know the
    service's habits check); `held` is how long the whole host is kept waiting either way."""

    def __init__(self, message: str, retry_after: float | None, held: float) -> None:
        super().__init__(message, retry_after)
        self.held = held


class HttpStatusError(HttpError):
    """Any other refusal (404, 400 …); `body` holds the start of the answer for connectors to read."""

    def __init__(self, message: str, status: int, body: bytes = b"") -> None:
        super().__init__(message, status)
        self.body = body


class TimedOut(HttpError):
    """The service did not connect or stopped sending within the timeout."""


class Unreachable(HttpError):
    """The address could not be reached at all (no such host, connection refused)."""


class TooLarge(HttpError):
    """The answer is bigger than the byte cap for this source."""


class RedirectRefused(HttpError):
    """Too many redirects, a loop, a non-web scheme, or a hop from a public address into a private network."""


class PrivateNetwork(RedirectRefused):
    """The address (as connected to, not as once looked up) is in a private or local network."""


class BadResponse(HttpError):
    """The answer could not be used: cut short, not JSON, or an HTML error page where data was expected."""


class Stopped(HttpError):
    """The creator stopped the check while this request was under way."""


# --- results ---------------------------------------------------------------------------------------------


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
        return parse_json(self.content, self.content_type, self.source or _host(self.final_url), self.status)


def parse_json(content: bytes, content_type: str, label: str, status: int | None = None) -> Any:
    head = content[:512].lstrip().lower()
    if "html" in content_type or head.startswith((b"<!doctype html", b"<html")):
        raise BadResponse(
            f"{label}: answered with a web page instead of data (perhaps an error or "
            "maintenance page). It will be tried again later.",
            status,
        )
    try:
        return json.loads(content)
    except json.JSONDecodeError as exc:
        why = f"malformed JSON: {exc.msg} at character {exc.pos}"
    except UnicodeDecodeError:
        why = "not valid text"
    except RecursionError:
        why = "nested too deeply"
    raise BadResponse(
        f"{label}: sent data that could not be read ({why}). It will be tried again later.", status
    )


# --- settings and pacing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class HttpSettings:
    """Every limit the client applies. Tests shrink timeouts and backoff; sources may change the caps."""

    source: str = ""  # label used in error messages, e.g. "Hugging Face (hf-models)"
    user_agent: str = USER_AGENT
    connect_timeout: float = 10.0
    read_timeout: float = 30.0  # longest silence while waiting for bytes
    deadline: float = 300.0  # longest one request may take: connect, headers and body of every hop
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
    stop: threading.Event | None = None  # set when the creator stops: every wait and read ends at once
    secrets: tuple[str, ...] = ()  # this source's token(s): never shown in a message


def is_private_url(url: str) -> bool:
    """True for loopback, private, link-local and other non-public addresses (by name or after a DNS look-up
    made now). A hint for choosing a policy and wording a message; the guard itself is the transport's check
    of the address actually connected to."""
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return False  # a malformed address: the request itself will say so
    if not host or host == "localhost" or host.endswith((".localhost", ".local", ".internal")):
        return True
    try:
        return transport.is_private_address(str(ipaddress.ip_address(host)))
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None)
    except (OSError, UnicodeError):
        return False  # it cannot be reached either; the request itself will say so
    return any(transport.is_private_address(str(info[4][0])) for info in infos)


# --- the client ------------------------------------------------------------------------------------------


class HttpClient:
    """The shared client. `configured(...)` gives a view for one source that shares the connection pool and
    the per-host pacing but has its own label, caps and policy. Close the original (or use `with`)."""

    def __init__(
        self,
        settings: HttpSettings | None = None,
        *,
        on_request: Callable[[httpx.Request], None] | None = None,
        **changes: Any,
    ) -> None:
        """`changes` are HttpSettings fields, e.g. HttpClient(read_timeout=1, retries=0, source="My feed").
        `on_request` sees every outgoing request (the benchmark uses it to check each has a timeout)."""
        self.settings = replace(settings or HttpSettings(), **changes)
        hooks = {"request": [on_request]} if on_request else {}
        self._client = httpx.Client(
            follow_redirects=False,
            event_hooks=hooks,
            transport=transport.GuardedTransport(httpx.Limits(max_connections=32, max_keepalive_connections=16)),
        )
        self._pacer = HostPacer()
        self._owner = True

    def configured(self, **changes: Any) -> HttpClient:
        """A view with other settings (source label, max_bytes, allow_private, retries …), same pool."""
        view = object.__new__(HttpClient)
        view.settings = replace(self.settings, **changes)
        view._client, view._pacer, view._owner = self._client, self._pacer, False
        return view

    def close(self) -> None:
        if self._owner:
            self._client.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def label(self) -> str:
        return self.settings.source

    # -- public requests --

    def get(
        self,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        max_bytes: int | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
        allow_private: bool | None = None,
        accept_status: Collection[int] = (),
    ) -> Fetched:
        """GET `url`. Returns 2xx answers, 304 (`not_modified`, when etag/last_modified were given) and any
        status in `accept_status`; raises a SourceError subclass for everything else."""
        conditional = dict(headers or {})
        if etag:
            conditional["If-None-Match"] = etag
        if last_modified:
            conditional["If-Modified-Since"] = last_modified
        return self.request(
            "GET",
            url,
            params=params,
            headers=conditional,
            max_bytes=max_bytes,
            allow_private=allow_private,
            accept_status=accept_status,
        )

    def get_json(self, url: str, **kwargs: Any) -> Any:
        """GET and parse JSON; BadResponse in plain words for malformed JSON or an HTML error page."""
        headers = {"Accept": "application/json", **(kwargs.pop("headers", None) or {})}
        return self.get(url, headers=headers, **kwargs).json()

    def post(
        self,
        url: str,
        *,
        data: Mapping[str, Any] | None = None,
        json_body: Any = None,
        content: bytes | str | None = None,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        max_bytes: int | None = None,
        accept_status: Collection[int] = (),
    ) -> Fetched:
        """POST a form (`data`), JSON (`json_body`) or raw `content`. Retried only on 429/503."""
        return self.request(
            "POST",
            url,
            params=params,
            headers=headers,
            data=data,
            json_body=json_body,
            content=content,
            auth=auth,
            max_bytes=max_bytes,
            accept_status=accept_status,
        )

    def download(
        self,
        url: str,
        dest: Path,
        *,
        max_bytes: int | None = None,
        headers: Mapping[str, str] | None = None,
        allow_private: bool | None = None,
    ) -> Fetched:
        """Stream the body of `url` into the file `dest` (within the cap); the result's `path` is `dest`."""
        with dest.open("wb") as sink:
            fetched = self.request(
                "GET", url, headers=headers, max_bytes=max_bytes, allow_private=allow_private, sink=sink
            )
        fetched.path = dest
        return fetched

    def request(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        data: Mapping[str, Any] | None = None,
        json_body: Any = None,
        content: bytes | str | None = None,
        auth: tuple[str, str] | None = None,
        max_bytes: int | None = None,
        allow_private: bool | None = None,
        accept_status: Collection[int] = (),
        sink: IO[bytes] | None = None,
    ) -> Fetched:
        """The general form behind get/post/download."""
        try:
            return self._request(method, url, params, headers, data, json_body, content, auth, max_bytes,
                                 allow_private, accept_status, sink)
        except SourceError as exc:
            exc.args = (self.redact(str(exc)),)  # no message carries a token or a key= in an address
            raise

    def redact(self, text: str) -> str:
        """`text` without this source's token or any credential-bearing part of an address."""
        return Redactor(self.settings.secrets)(text)

    def _request(
        self,
        method: str,
        url: str,
        params: Mapping[str, Any] | None,
        headers: Mapping[str, str] | None,
        data: Mapping[str, Any] | None,
        json_body: Any,
        content: bytes | str | None,
        auth: tuple[str, str] | None,
        max_bytes: int | None,
        allow_private: bool | None,
        accept_status: Collection[int],
        sink: IO[bytes] | None,
    ) -> Fetched:
        s = self.settings
        self._check_scheme(url, first=True)
        try:
            start = str(httpx.URL(url, params=params)) if params else url
        except (httpx.InvalidURL, ValueError, UnicodeError) as exc:
            raise Unreachable(
                f"{self._label(url)}: {url[:80]!r} is not an address that can be fetched ({exc})."
            ) from None
        private_ok = allow_private if allow_private is not None else s.allow_private
        if private_ok is None:
            private_ok = is_private_url(start)
        req = _Req(
            method,
            start,
            {"User-Agent": s.user_agent, "Accept-Encoding": inflate.ACCEPT_ENCODING, **(headers or {})},
            data,
            json_body,
            content,
            auth,
        )
        cap = max_bytes if max_bytes is not None else s.max_bytes
        waited = 0.0
        for attempt in range(s.retries + 1):
            try:
                return self._follow(req, cap, private_ok, accept_status, sink)
            except (RateLimited, ServerError) as exc:
                wait = self._retry_wait(exc, attempt, method, s.max_retry_wait - waited)
                if wait is None:
                    raise
                if sink is not None:
                    sink.seek(0)
                    sink.truncate()
                self._sleep(wait, req.url)
                waited += wait
        raise AssertionError("unreachable")  # pragma: no cover

    # -- internals --

    def _retry_wait(
        self, exc: RateLimited | ServerError, attempt: int, method: str, budget: float
    ) -> float | None:
        """How long to wait before trying again, or None to give up now and leave the rest to the next run:
        a wait longer than what is left of this request's waiting budget is never waited out in a check."""
        s = self.settings
        status = exc.status if isinstance(exc, ServerError) else 429
        if attempt >= s.retries or (method != "GET" and status not in (429, 503)):
            return None
        if exc.retry_after is not None:
            wait = exc.retry_after
        elif isinstance(exc, TooManyRequests):
            wait = exc.held  # a 429 with no hint: the host rests for minutes, not a quick retry
        else:
            wait = min(s.backoff_max, s.backoff_base * 2**attempt) * random.uniform(0.5, 1.0)
        return wait if wait <= budget else None

    def _sleep(self, seconds: float, url: str) -> None:
        try:
            transport.sleep(seconds, self.settings.stop)
        except transport.StopRequested:
            raise self._stopped(url) from None

    def _stopped(self, url: str) -> Stopped:
        return Stopped(f"{self._label(url)}: stopped, as asked.")

    def _follow(
        self, req: _Req, cap: int, private_ok: bool, accept: Collection[int], sink: IO[bytes] | None
    ) -> Fetched:
        hops: list[str] = []
        deadline = time.monotonic() + self.settings.deadline
        with transport.limits(deadline, self.settings.stop, private_ok):
            while True:
                response_data = self._one_hop(req, cap, accept, sink, private_ok)
                if isinstance(response_data, Fetched):
                    response_data.url, response_data.redirects = (hops[0] if hops else req.url), hops
                    return response_data
                hops.append(req.url)
                req = self._next_hop(req, response_data, hops, private_ok)

    def _next_hop(self, req: _Req, redirect: tuple[int, str], hops: list[str], private_ok: bool) -> _Req:
        s = self.settings
        status, location = redirect
        try:
            target = urljoin(req.url, location)
        except ValueError:
            target = location
        if len(hops) > s.max_redirects:
            raise RedirectRefused(
                f"{self._label(req.url)}: sent more than {s.max_redirects} redirects; "
                "the address may be wrong or the site misconfigured."
            )
        if target in hops:
            raise RedirectRefused(
                f"{self._label(req.url)}: redirects in a loop ({target}); "
                "the site is misconfigured. It will be tried again later."
            )
        self._check_scheme(target, first=False)
        if not private_ok and is_private_url(target):
            raise PrivateNetwork(
                f"{self._label(req.url)}: tried to redirect to a private or local network "
                f"address ({_host(target)}); CreatorWatch refused to follow it."
            )
        return req.redirected(target, status)

    def _check_scheme(self, url: str, *, first: bool) -> None:
        if not is_web_address(url):
            what = "the address" if first else "a redirect to"
            raise RedirectRefused(
                f"{self._label(url)}: {what} {url[:80]!r} is not a web (http or https) address."
            )

    def _one_hop(
        self, req: _Req, cap: int, accept: Collection[int], sink: IO[bytes] | None, private_ok: bool
    ) -> Fetched | tuple[int, str]:
        """One request without following redirects: a Fetched, or the status and Location to go to next."""
        s = self.settings
        host = _host(req.url)
        try:
            held = self._pacer.wait(host, s.host_intervals.get(host, s.host_interval), s.max_retry_wait, s.stop)
        except transport.StopRequested:
            raise self._stopped(req.url) from None
        if held is not None:
            raise RateLimited(f"{self._label(req.url)}: asked CreatorWatch to slow down (too many requests); it will "
                              f"be tried again in {_human_seconds(held)}.", held)
        timeout = httpx.Timeout(s.read_timeout, connect=s.connect_timeout)
        try:
            with self._client.stream(
                req.method,
                req.url,
                headers=req.headers,
                data=req.data,
                json=req.json_body,
                content=req.content,
                auth=req.auth,
                timeout=timeout,
            ) as resp:
                self._note_quota(resp, host)
                if resp.status_code in REDIRECTS and "location" in resp.headers:
                    return resp.status_code, resp.headers["location"]
                self._check_status(resp, host, accept)
                body = b"" if resp.status_code == 304 else self._read_capped(resp, cap, sink)
                return Fetched(resp.status_code, resp.headers, body, req.url, str(resp.url), source=s.source)
        except transport.StopRequested:
            raise self._stopped(req.url) from None
        except transport.DeadlinePassed:
            raise TimedOut(
                f"{self._label(req.url)}: took longer than {_human_seconds(s.deadline)} to answer (it was "
                "sending very slowly); it will be tried again later."
            ) from None
        except transport.PrivateAddress as exc:
            raise PrivateNetwork(
                f"{self._label(req.url)}: {exc.host} is in a private or local network ({exc.address}); "
                "a public source may not reach there, so CreatorWatch did not connect."
            ) from None
        except inflate.InflateError as exc:
            raise BadResponse(
                f"{self._label(req.url)}: sent a damaged compressed answer ({exc}). It will be tried again later."
            ) from None
        except httpx.TimeoutException as exc:
            raise self._timeout_error(req.url, exc) from exc
        except httpx.RemoteProtocolError as exc:
            raise BadResponse(
                f"{self._label(req.url)}: the answer was cut off before it was complete "
                "(the connection closed early). It will be tried again later."
            ) from exc
        except (httpx.TransportError, httpx.InvalidURL, UnicodeError, ValueError) as exc:
            # UnicodeError: a host name no DNS can hold (a..b); InvalidURL/ValueError: an address httpx refuses
            raise Unreachable(
                f"{self._label(req.url)}: could not be reached ({_reason(exc)}). Check the address "
                "and your internet connection; it will be tried again later."
            ) from exc

    def _note_quota(self, resp: httpx.Response, host: str) -> None:
        """A service that says its quota is spent (`RateLimit: …;r=0;t=55`) is not asked again before the reset."""
        left, reset = ratelimit_reset(resp.headers)
        if left == 0 and reset is not None and resp.status_code != 429:
            self._pacer.hold(host, reset)
        if resp.status_code != 429:
            self._pacer.answered(host)

    def _check_status(self, resp: httpx.Response, host: str, accept: Collection[int]) -> None:
        code = resp.status_code
        if code < 300 or code == 304 or code in accept:
            return
        label = self._label(str(resp.url))
        wait = retry_after_seconds(resp.headers.get("retry-after"))
        if code == 429:
            hint = wait if wait is not None else ratelimit_reset(resp.headers)[1]
            held = self._pacer.refused(host, hint)
            raise TooManyRequests(
                f"{label}: asked CreatorWatch to slow down (too many requests); "
                f"it will be tried again in {_human_seconds(held)}.",
                hint,
                held,
            )
        if code in (401, 403):
            raise TokenMissing(self._token_message(label, code))
        if code >= 500:
            raise ServerError(
                f"{label}: is having trouble (HTTP {code}); it will be tried again later.", code, wait
            )
        body = self._read_capped(resp, 64 * 1024, None, truncate=True)
        raise HttpStatusError(f"{label}: refused the request (HTTP {code} {resp.reason_phrase}).", code, body)

    def _token_message(self, label: str, code: int) -> str:
        name = self.settings.token_name
        how = (
            f" Store one with: creatorwatch secret set {name}"
            if name
            else " If this service needs a token, store it with: creatorwatch secret set NAME"
        )
        return (
            f"{label}: refused access (HTTP {code}) — it needs a token, or the stored token was refused.{how}"
        )

    def _read_capped(
        self, resp: httpx.Response, cap: int, sink: IO[bytes] | None, truncate: bool = False
    ) -> bytes:
        declared = resp.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap and not truncate:
            raise self._too_large(str(resp.url), cap)
        chunks: list[bytes] = []
        size = 0
        for chunk in _body(resp):
            size += len(chunk)
            if size > cap:
                if truncate:
                    chunks.append(chunk[: len(chunk) - (size - cap)])
                    break
                raise self._too_large(str(resp.url), cap)
            if sink is not None:
                sink.write(chunk)
            else:
                chunks.append(chunk)
        return b"".join(chunks)

    def _too_large(self, url: str, cap: int) -> TooLarge:
        return TooLarge(
            f"{self._label(url)}: the answer is larger than the {cap / MB:.3g} MB limit for this "
            "source, so it was not downloaded. Raise the limit with --set max_bytes=… if you need it."
        )

    def _timeout_error(self, url: str, exc: httpx.TimeoutException) -> TimedOut:
        s = self.settings
        if isinstance(exc, httpx.ConnectTimeout):
            what = f"did not accept a connection within {_human_seconds(s.connect_timeout)}"
        else:
            what = f"stopped answering (nothing for {_human_seconds(s.read_timeout)})"
        return TimedOut(f"{self._label(url)}: {what}; it will be tried again later.")

    def _label(self, url: str) -> str:
        return self.settings.source or _host(url)


@dataclass(frozen=True)
class _Req:
    method: str
    url: str
    headers: dict[str, str]
    data: Mapping[str, Any] | None = None
    json_body: Any = None
    content: bytes | str | None = None
    auth: tuple[str, str] | None = None

    def redirected(self, target: str, status: int) -> _Req:
        """The request for the next hop: 307 and 308 keep the method and body (RFC 9110 15.4); 303, and 301/302
        after a POST, become a GET without a body; credentials stay home."""
        same_origin = urlsplit(target)[:2] == urlsplit(self.url)[:2]
        headers = (
            self.headers
            if same_origin
            else {k: v for k, v in self.headers.items() if k.lower() not in SENSITIVE_HEADERS}
        )
        auth = self.auth if same_origin else None
        if status in (307, 308) or (status in (301, 302) and self.method in ("GET", "HEAD")):
            return replace(self, url=target, headers=headers, auth=auth)
        body_headers = {"content-type", "content-length", "transfer-encoding"}
        headers = {k: v for k, v in headers.items() if k.lower() not in body_headers}
        return _Req("HEAD" if self.method == "HEAD" else "GET", target, headers, auth=auth)


def _body(resp: httpx.Response) -> Iterator[bytes]:
    """The body as it arrives, unpacked a step at a time so the cap sees decompressed bytes as they grow."""
    header = resp.headers.get("content-encoding", "")
    if inflate.handled(header):
        return inflate.inflate(resp.iter_raw(64 * 1024), header)
    return resp.iter_bytes(64 * 1024)  # an encoding CreatorWatch never asked for (br, zstd): httpx unpacks it


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


def _host(url: str) -> str:
    try:
        return urlsplit(url).hostname or url
    except ValueError:  # a malformed address names no host
        return url


def _reason(exc: Exception) -> str:
    if isinstance(exc, UnicodeError):  # a host name that cannot be looked up at all (a..b)
        return "no such host"
    text = str(exc) or type(exc).__name__
    if "refused" in text.lower():
        return "connection refused"
    if "name or service" in text.lower() or "nodename" in text.lower() or "getaddrinfo" in text.lower():
        return "no such host"
    return text[:120]


def _human_seconds(seconds: float | None) -> str:
    if seconds is None:
        return "a while"
    if seconds < 120:
        return f"{seconds:g} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"
