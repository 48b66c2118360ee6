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

import random
import time
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any
from urllib.parse import urljoin, urlsplit

import httpx

from creatorwatch.core.errors import (
    BadResponse,
    HttpStatusError,
    PrivateNetwork,
    RateLimited,
    RedirectRefused,
    ServerError,
    SourceError,
    Stopped,
    TimedOut,
    TokenMissing,
    TooLarge,
    TooManyRequests,
    Unreachable,
)
from creatorwatch.core.net import inflate, transport
from creatorwatch.core.net.fetched import Fetched
from creatorwatch.core.net.guard import host_and_port, host_name, is_private_url, is_web_address
from creatorwatch.core.net.ratelimit import HostPacer, ratelimit_reset, retry_after_seconds
from creatorwatch.core.net.redact import Redactor
from creatorwatch.core.net.settings import MB, HttpSettings
from creatorwatch.core.wording.held_host import held_host
from creatorwatch.core.wording.times import duration

REDIRECTS = {301, 302, 303, 307, 308}
# Headers that carry credentials: never sent on to another host after a redirect.
SENSITIVE_HEADERS = {"authorization", "cookie", "x-authentication-token", "x-api-key", "proxy-authorization"}


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
                f"{self._label(url)}: {url[:80]!r} is not an address that can be fetched ({exc}).", passing=False
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
        with transport.limits(deadline, self.settings.stop, private_ok, self.settings.min_rate):
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
                f"{self._label(req.url)}: redirects in a loop ({target}); the site is misconfigured.", passing=True
            )
        self._check_scheme(target, first=False)
        if not private_ok and is_private_url(target):
            raise PrivateNetwork(
                f"{self._label(req.url)}: tried to redirect to a private or local network "
                f"address ({host_name(target)}); CreatorWatch refused to follow it."
            )
        return req.redirected(target, status)

    def _check_scheme(self, url: str, *, first: bool) -> None:
        if not is_web_address(url):
            what = "the address" if first else "a redirect to"
            kind = "a well-formed" if url.lower().startswith(("http://", "https://")) else "a web (http or https)"
            raise RedirectRefused(f"{self._label(url)}: {what} {url[:80]!r} is not {kind} address.")

    def _one_hop(
        self, req: _Req, cap: int, accept: Collection[int], sink: IO[bytes] | None, private_ok: bool
    ) -> Fetched | tuple[int, str]:
        """One request without following redirects: a Fetched, or the status and Location to go to next."""
        s = self.settings
        host, place = host_name(req.url), host_and_port(req.url)
        try:
            held = self._pacer.wait(place, s.host_intervals.get(host, s.host_interval), s.max_retry_wait, s.stop)
        except transport.StopRequested:
            raise self._stopped(req.url) from None
        if held is not None:
            raise RateLimited(self._held(req.url, place, held), held)
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
                self._note_quota(resp, place)
                if resp.status_code in REDIRECTS and "location" in resp.headers:
                    return resp.status_code, resp.headers["location"]
                self._check_status(resp, place, accept)
                body = b"" if resp.status_code == 304 else self._read_capped(resp, cap, sink)
                return Fetched(resp.status_code, resp.headers, body, req.url, str(resp.url), source=s.source)
        except transport.StopRequested:
            raise self._stopped(req.url) from None
        except transport.DeadlinePassed:
            raise self._too_slow(req.url) from None
        except transport.PrivateAddress as exc:
            raise PrivateNetwork(
                f"{self._label(req.url)}: {exc.host} is in a private or local network ({exc.address}); "
                "a public source may not reach there, so CreatorWatch did not connect."
            ) from None
        except inflate.InflateError as exc:
            raise BadResponse(
                f"{self._label(req.url)}: sent a damaged compressed answer ({exc})."
            ) from None
        except httpx.TimeoutException as exc:
            raise self._timeout_error(req.url, exc) from exc
        except httpx.RemoteProtocolError as exc:
            raise BadResponse(
                f"{self._label(req.url)}: the answer was cut off before it was complete "
                "(the connection closed early)."
            ) from exc
        except (httpx.TransportError, httpx.InvalidURL, UnicodeError, ValueError) as exc:
            # UnicodeError: a host name no DNS can hold (a..b); InvalidURL/ValueError: an address httpx refuses
            raise Unreachable(
                f"{self._label(req.url)}: could not be reached ({_reason(exc)}). Check the address "
                "and your internet connection."
            ) from exc

    def _note_quota(self, resp: httpx.Response, host: str) -> None:
        """A service that says its quota is spent (`RateLimit: …;r=0;t=55`) is not asked again before the reset, by
        this process or (kept in the data file like a refusal) the next check."""
        left, reset = ratelimit_reset(resp.headers)
        if left == 0 and reset is not None and resp.status_code != 429:
            self._pacer.spent(host, reset, self.settings.source_name or self.settings.source)
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
            held = self._pacer.refused(host, hint, self.settings.source_name or self.settings.source)
            raise TooManyRequests(f"{label}: asked CreatorWatch to slow down (too many requests).", hint, held)
        if code in (401, 403):
            raise TokenMissing(self._token_message(label, code))
        if code >= 500:
            raise ServerError(f"{label}: is having trouble (HTTP {code}).", code, wait)
        body = self._read_capped(resp, 64 * 1024, None, truncate=True)
        raise HttpStatusError(f"{label}: refused the request (HTTP {code} {resp.reason_phrase}).", code, body)

    def _held(self, url: str, place: str, seconds: float) -> str:
        """Why a request to a held host was not sent: the host, the source whose request it refused, and when it
        may be asked again (another source on the host was not refused itself)."""
        found = self._pacer.refusal(place)
        by, until = found if found else ("", time.time() + seconds)
        return held_host(self._label(url), host_name(url), until, by, self.settings.source_name or self.settings.source)

    def refusal(self, address: str) -> tuple[str, float] | None:
        """The source whose request the host of `address` refused, and when (epoch seconds) it may be asked again."""
        return self._pacer.refusal(host_and_port(address))

    def refusals(self) -> dict[str, tuple[str, float]]:
        """Hosts held after a refusal (host and port → the source refused, until when), to keep in the data file."""
        return self._pacer.refusals()

    def restore_refusals(self, held: Mapping[str, tuple[str, float]]) -> None:
        """Hold the hosts another process was refused by until the time they gave."""
        for place, (by, until) in held.items():
            self._pacer.restore(place, by, until)

    def _token_message(self, label: str, code: int) -> str:
        name = self.settings.token_name
        if not name:  # a source that sends no token (a page, a feed, Common Crawl): no token can help
            return (
                f"{label}: refused access (HTTP {code}); this address is not open to everyone, and this kind of "
                "source sends no token. Check the address, or watch a page that anyone can open."
            )
        return (
            f"{label}: refused access (HTTP {code}) — it needs a token, or the stored token was refused. "
            f"Store one with: creatorwatch secret set {name}"
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
        name = self.settings.source_name  # `sources add` again refuses a name in use: `sources set` changes it
        if not name:  # a command's own download (`match URL`, a timestamp): no source setting can raise it
            return TooLarge(f"{self._label(url)}: the answer is larger than the {cap / MB:.3g} MB limit, so it was "
                            "not downloaded.")
        return TooLarge(
            f"{self._label(url)}: the answer is larger than the {cap / MB:.3g} MB limit for this "
            f"source, so it was not downloaded. Raise the limit with creatorwatch sources set {name} "
            "--set max_bytes=… if you need it."
        )

    def _too_slow(self, url: str) -> TimedOut:
        """The request ran past its deadline: it sent its headers or body too slowly (said with what came, so a
        trickling server is told from a large answer on a slow line), and was given up; the rest goes on."""
        s, limits_now = self.settings, transport.current()
        allowed = s.deadline + limits_now.received / s.min_rate
        came = f"{limits_now.received:,} bytes of it came" if limits_now.received else "none of it came"
        return TimedOut(
            f"{self._label(url)}: took longer than {duration(allowed)} to answer (it was sending very slowly: "
            f"{came}), so CreatorWatch gave up on {url}."
        )

    def _timeout_error(self, url: str, exc: httpx.TimeoutException) -> TimedOut:
        s = self.settings
        if isinstance(exc, httpx.ConnectTimeout):
            what = f"did not accept a connection within {duration(s.connect_timeout)}"
        else:
            what = f"stopped answering (nothing for {duration(s.read_timeout)})"
        return TimedOut(f"{self._label(url)}: {what}.")

    def _label(self, url: str) -> str:
        return self.settings.source or host_name(url)


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


def _reason(exc: Exception) -> str:
    if isinstance(exc, UnicodeError):  # a host name that cannot be looked up at all (a..b)
        return "no such host"
    text = str(exc) or type(exc).__name__
    if "refused" in text.lower():
        return "connection refused"
    if "name or service" in text.lower() or "nodename" in text.lower() or "getaddrinfo" in text.lower():
        return "no such host"
    return text[:120]
