"""How long a service asks CreatorWatch to stay away, read so that no answer can stall or crash a check.

A Retry-After of `inf`, `1e13` or a date in the year 9999 once crashed the whole check, and a modest 119 s was
waited out three times in a row. Every hint is now a finite number of seconds no larger than LONGEST_HINT; the
client waits out only short ones and defers the rest to the next run. A 429 with no hint at all (the usual case
at Hugging Face, Civitai and the Wayback Machine) keeps the whole host away for minutes, doubling while the
host keeps refusing; Hugging Face's `RateLimit: "api";r=<left>;t=<seconds>` header says exactly how long.
"""

from __future__ import annotations

import email.utils
import math
import re
import threading
import time
from datetime import UTC, datetime

from creatorwatch.core.net.transport import sleep

LONGEST_HINT = 6 * 3600.0  # no service's hint puts a source off for longer than this
FIRST_429_HOLD = 120.0  # a 429 that says nothing: the host rests this long, doubled per refusal in a row
LONGEST_429_HOLD = 3600.0
_RATELIMIT_FIELD = re.compile(r"(?:^|;)\s*([rt])\s*=\s*(\d+(?:\.\d+)?)")


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Retry-After as seconds from now (seconds or an HTTP date), at most LONGEST_HINT; None if absent or
    unreadable (a negative, not-a-number or malformed value says nothing)."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, OverflowError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    if math.isnan(seconds):
        return None
    return min(max(0.0, seconds), LONGEST_HINT)


def ratelimit_reset(headers: object) -> tuple[int | None, float | None]:
    """(requests left, seconds until the window resets) from a `RateLimit: "api";r=0;t=55` header (the IETF
    draft Hugging Face sends) or the older `RateLimit-Remaining` / `RateLimit-Reset` pair; None where absent."""
    get = getattr(headers, "get", None)
    if get is None:
        return None, None
    left: int | None = None
    reset: float | None = None
    combined = get("ratelimit")
    if combined:
        for name, number in _RATELIMIT_FIELD.findall(str(combined)):
            if name == "r":
                left = int(float(number))
            else:
                reset = float(number)
    remaining, until = get("ratelimit-remaining"), get("ratelimit-reset")
    if left is None and remaining and str(remaining).strip().isdigit():
        left = int(str(remaining).strip())
    if reset is None and until:
        reset = retry_after_seconds(str(until))
    if reset is not None:
        reset = min(reset, LONGEST_HINT)
    return left, reset


def _epoch() -> float:
    """Now on the wall clock, which another process shares (time.monotonic() is this process's own)."""
    return datetime.now(UTC).timestamp()


class HostPacer:
    """Spaces requests to the same host; a 429 holds the whole host, not just one request, and a 429 that gives
    no time holds it for minutes (doubling while it goes on), so a refusing service is not asked again soon."""

    def __init__(self) -> None:
        self._next: dict[str, float] = {}
        self._refusals: dict[str, int] = {}
        self._refused_by: dict[str, tuple[str, float]] = {}  # host → the source refused, and until when (epoch)
        self._lock = threading.Lock()

    def wait(self, host: str, interval: float, longest: float = math.inf,
             stop: threading.Event | None = None) -> float | None:
        """Wait for this host's turn; if that is more than `longest` seconds away (a long Retry-After), return how
        far away instead, without waiting: a worker asleep for an hour could not stop, nor let the app quit."""
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next.get(host, 0.0))
            if start - now > longest:
                return start - now
            self._next[host] = start + interval
        if start > now:
            sleep(start - now, stop)
        return None

    def hold(self, host: str, seconds: float) -> None:
        with self._lock:
            self._next[host] = max(self._next.get(host, 0.0), time.monotonic() + min(seconds, LONGEST_HINT))

    def refused(self, host: str, hint: float | None, by: str = "") -> float:
        """A 429 from `host` to source `by`: hold it for the service's hint, or for minutes when it gave none; the
        seconds held. Who was refused is kept, so the other sources held with it are told whose request it was."""
        with self._lock:
            count = self._refusals[host] = self._refusals.get(host, 0) + 1
        seconds = min(hint if hint is not None else min(LONGEST_429_HOLD, FIRST_429_HOLD * 2 ** (count - 1)),
                      LONGEST_HINT)
        self.hold(host, seconds)
        with self._lock:
            self._refused_by[host] = (by, _epoch() + seconds)
        return seconds

    def spent(self, host: str, seconds: float, by: str = "") -> None:
        """`host` answered source `by` but said its quota is spent until a reset `seconds` away: held like a
        refusal, and kept in the data file like one, so the next check process does not ask before the reset
        either (the answer itself was fine, so the backoff for refusals in a row is not counted up)."""
        seconds = min(seconds, LONGEST_HINT)
        self.hold(host, seconds)
        until = _epoch() + seconds
        with self._lock:
            if self._refused_by.get(host, ("", 0.0))[1] < until:
                self._refused_by[host] = (by, until)

    def refusal(self, host: str) -> tuple[str, float] | None:
        """The source whose request `host` refused and the time (epoch seconds) it may be asked again, while held."""
        with self._lock:
            found = self._refused_by.get(host)
        return found if found and found[1] > _epoch() else None

    def refusals(self) -> dict[str, tuple[str, float]]:
        """Every host still held after a refusal or a spent quota: kept in the data file, so another check process
        waits too."""
        with self._lock:
            return {host: found for host, found in self._refused_by.items() if found[1] > _epoch()}

    def restore(self, host: str, by: str, until: float) -> None:
        """A refusal another process was told of: `host` is not asked before `until` (epoch seconds)."""
        seconds = until - _epoch()
        if seconds > 0:
            self.hold(host, seconds)
            with self._lock:
                if self._refused_by.get(host, ("", 0.0))[1] < until:
                    self._refused_by[host] = (by, until)

    def answered(self, host: str) -> None:
        """The host answered without refusing: the next refusal starts the backoff afresh."""
        with self._lock:
            self._refusals.pop(host, None)
