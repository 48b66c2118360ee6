"""The address guard's words on an address: whether it is a web address a source may be given or fetch, its host,
and whether it points into a private network (the check that holds is the transport's, on the address connected to)."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urljoin, urlsplit

from creatorwatch.core.net import transport


def is_web_address(url: str) -> bool:
    """An http or https address with a host (and no port 0): the only kind a source may be given or fetch."""
    try:
        parts = urlsplit(url)
        return parts.scheme.lower() in ("http", "https") and bool(parts.hostname) and parts.port != 0
    except ValueError:  # malformed: an unclosed [IPv6 address, a port that is not a number …
        return False


def web_address(ref: str, base: str = "") -> str | None:
    """`ref` (a link, a picture's or a feed item's address a server sent) as an absolute http(s) address, read
    against `base`, the page it was on; None when it is no web address or is malformed ("http://[::1:bad/"). Every
    address from a server is read through here, one at a time, so one bad address is skipped on its own and never
    makes the whole page or answer unreadable."""
    ref = ref.strip()
    if not ref:  # no address at all, not the page's own
        return None
    try:
        joined = urljoin(base, ref) if base else ref
    except ValueError:  # an unclosed [IPv6 address, in the address or in the page's own
        return None
    return joined if is_web_address(joined) else None


def host_of(url: str) -> str:
    """The host of `url` in lower case, or "" when it names none (a malformed address names none either)."""
    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""


def host_name(url: str) -> str:
    """The host of `url`, or `url` itself when it names none."""
    return host_of(url) or url


def host_and_port(url: str) -> str:
    """The host of `url` with its port when the address names one: two services on one machine (a local model
    beside a local mirror) are paced, and held after a refusal, apart."""
    try:
        parts = urlsplit(url)
        return f"{parts.hostname}:{parts.port}" if parts.port and parts.hostname else host_name(url)
    except ValueError:  # a malformed address (or port) names no host
        return url


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
