"""The sockets under the shared HTTP client, opened and read here so that the limits hold where the bytes are.

httpx's own timeouts bound each single read, so a server sending one byte a second (in its headers or its body)
was never cut off, and a request could not be stopped while it waited. The private-address guard looked a
name up once and trusted that answer, though the connection made its own look-up later (a DNS answer that
changes in between got past it). Here every socket operation waits in short slices and, between them, checks
the request's one deadline and the stop event; and the address checked is the one actually connected to.

The limits for the request under way are set per thread by `HttpClient` with `limits(...)`: httpx's sync client
runs each request on the calling thread, and a kept-alive connection is re-checked on every request it carries.
"""

from __future__ import annotations

import errno
import ipaddress
import math
import os
import select
import socket
import ssl
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpcore
import httpx

SLICE = 0.2  # longest a socket operation blocks before the deadline and the stop event are looked at again


class StopRequested(Exception):
    """The creator stopped the check (Ctrl-C, SIGTERM, Quit) while this request was under way."""


class DeadlinePassed(Exception):
    """The request as a whole (connect, headers and body) took longer than its deadline."""


class PrivateAddress(Exception):
    """The host name led to a private or local network address, which this request may not reach."""

    def __init__(self, host: str, address: str) -> None:
        super().__init__(f"{host} is at {address}")
        self.host, self.address = host, address


@dataclass
class Limits:
    deadline: float = math.inf  # time.monotonic() by which the whole request must be done, if it sends little
    stop: threading.Event | None = None
    private_ok: bool = True
    min_rate: float = math.inf  # bytes a second: each byte received moves the deadline on by 1/min_rate s
    received: int = 0  # bytes received so far (headers and body as they came over the wire, every hop)

    @property
    def until(self) -> float:
        """The deadline as it stands: the request's own, moved on for the bytes received so far, so a large answer
        sent at a fair pace is let finish while one that trickles is cut off soon."""
        return self.deadline + self.received / self.min_rate

    def check(self) -> float:
        """Seconds left before the deadline; raises if it passed or the creator stopped."""
        if self.stop is not None and self.stop.is_set():
            raise StopRequested
        left = self.until - time.monotonic()
        if left <= 0:
            raise DeadlinePassed
        return left


_local = threading.local()


def current() -> Limits:
    limits_now: Limits = getattr(_local, "limits", None) or Limits()
    return limits_now


@contextmanager
def limits(deadline: float, stop: threading.Event | None, private_ok: bool,
           min_rate: float = math.inf) -> Iterator[Limits]:
    """Apply these limits to every socket operation this thread makes until the block ends."""
    before = getattr(_local, "limits", None)
    _local.limits = Limits(deadline, stop, private_ok, min_rate)
    try:
        yield _local.limits
    finally:
        _local.limits = before


def is_private_address(address: str) -> bool:
    """Loopback, private, link-local, multicast and every other address that is not on the public internet."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


def sleep(seconds: float, stop: threading.Event | None = None) -> None:
    """Wait `seconds`, or less if the creator stops first (then StopRequested)."""
    if stop is None:
        time.sleep(seconds)
    elif stop.wait(seconds):
        raise StopRequested


class GuardedStream(httpcore.NetworkStream):
    """One connection: every read and write in slices under the current request's limits."""

    def __init__(self, sock: socket.socket | ssl.SSLSocket, private: bool) -> None:
        self._sock = sock
        self.private = private  # the peer is in a private network: re-checked on every request it carries

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        data: bytes = _sliced(self._sock, lambda: self._sock.recv(max_bytes), timeout, httpcore.ReadTimeout,
                              httpcore.ReadError)
        current().received += len(data)  # what came moves the deadline on, at the request's least fair pace
        return data

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        limits_now = current()
        if self.private and not limits_now.private_ok:
            peer = self._sock.getpeername()[0]
            raise PrivateAddress(str(peer), str(peer))
        sent = 0
        while sent < len(buffer):
            rest = memoryview(buffer)[sent:]
            sent += _sliced(self._sock, lambda: self._sock.send(rest), timeout, httpcore.WriteTimeout,  # noqa: B023
                            httpcore.WriteError)

    def close(self) -> None:
        self._sock.close()

    def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        try:
            wrapped = ssl_context.wrap_socket(self._sock, server_hostname=server_hostname,
                                              do_handshake_on_connect=False)
        except BaseException:
            self._sock.close()
            raise
        try:
            _sliced(wrapped, wrapped.do_handshake, timeout, httpcore.ConnectTimeout, httpcore.ConnectError)
        except BaseException:
            wrapped.close()
            raise
        return GuardedStream(wrapped, self.private)

    def get_extra_info(self, info: str) -> Any:
        if info == "ssl_object" and isinstance(self._sock, ssl.SSLSocket):
            return self._sock._sslobj  # type: ignore[attr-defined]  # what httpcore's own stream answers
        if info == "client_addr":
            return self._sock.getsockname()
        if info == "server_addr":
            return self._sock.getpeername()
        if info == "socket":
            return self._sock
        if info == "is_readable":
            return _readable(self._sock)
        return None


class GuardedBackend(httpcore.NetworkBackend):
    """Resolves and connects itself, so the address checked against the private-network rule is the one
    connected to, and the connect waits in slices too."""

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        limits_now = current()
        end = math.inf if timeout is None else time.monotonic() + timeout
        try:
            found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except UnicodeError as exc:  # a name no DNS can hold (a..b)
            raise httpcore.ConnectError("no such host") from exc
        except socket.gaierror as exc:
            no_name = exc.errno in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", socket.EAI_NONAME))
            raise httpcore.ConnectError("no such host" if no_name else f"the name could not be looked up "
                                        f"({exc.strerror or exc})") from exc
        except OSError as exc:
            raise httpcore.ConnectError(str(exc)) from exc
        last: Exception = httpcore.ConnectError("no address")
        for family, kind, proto, _, address in found:
            private = is_private_address(str(address[0]))
            if private and not limits_now.private_ok:
                raise PrivateAddress(host, str(address[0]))
            try:
                sock = self._connect(family, kind, proto, address, end, limits_now, local_address)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
                continue
            for option in socket_options or ():
                sock.setsockopt(*option)
            if family in (socket.AF_INET, socket.AF_INET6):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            return GuardedStream(sock, private)
        raise last

    @staticmethod
    def _connect(family: int, kind: int, proto: int, address: Any, end: float, limits_now: Limits,
                 local_address: str | None) -> socket.socket:
        sock = socket.socket(family, kind, proto)
        try:
            if local_address:
                sock.bind((local_address, 0))
            sock.setblocking(False)
            code = sock.connect_ex(address)
            while code in (errno.EINPROGRESS, errno.EWOULDBLOCK, errno.EALREADY):
                left = limits_now.check()
                wait = min(SLICE, left, end - time.monotonic())
                if wait <= 0:
                    raise httpcore.ConnectTimeout("timed out")
                _, writable, _ = select.select([], [sock], [], wait)
                if writable:
                    code = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
            if code:
                raise httpcore.ConnectError(errno.errorcode.get(code, str(code)) + ": " + _strerror(code))
            sock.setblocking(True)
            return sock
        except BaseException:
            sock.close()
            raise

    def sleep(self, seconds: float) -> None:
        sleep(seconds, current().stop)


class GuardedTransport(httpx.HTTPTransport):
    """httpx's transport over GuardedBackend (the pool httpx builds is replaced by one on our backend)."""

    def __init__(self, limits: httpx.Limits) -> None:
        super().__init__(limits=limits)
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=GuardedBackend(),
        )


def _sliced(sock: socket.socket, operation: Any, timeout: float | None, timed_out: type[Exception],
            failed: type[Exception]) -> Any:
    """Run a blocking socket operation in short slices, checking the request's deadline and stop between them."""
    limits_now = current()
    end = math.inf if timeout is None else time.monotonic() + timeout
    while True:
        left = limits_now.check()
        wait = min(SLICE, left, end - time.monotonic())
        if wait <= 0:
            raise timed_out("timed out")
        sock.settimeout(wait)
        try:
            return operation()
        except TimeoutError:  # also ssl's read and handshake timeouts: nothing was taken, so trying again is safe
            continue
        except OSError as exc:
            raise failed(str(exc)) from exc


def _readable(sock: socket.socket) -> bool:
    """Whether a kept-alive connection has something to read (that is: it was closed by the server)."""
    try:
        readable, _, _ = select.select([sock], [], [], 0)
    except (OSError, ValueError):
        return True
    return bool(readable)


def _strerror(code: int) -> str:
    return os.strerror(code)
