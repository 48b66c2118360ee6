"""Times and durations in the words a creator reads, one function per form, so each screen, message and letter
says a time the same way. Stored times are ISO 8601 strings; one that cannot be read is shown as stored."""

from __future__ import annotations

import math
from datetime import UTC, datetime


def iso_z(when: datetime) -> str:
    """`when` as an ISO 8601 UTC timestamp to the millisecond, ending in Z, as captures and probes record it."""
    return when.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def local_date_time(iso: str) -> str:
    """A stored time in the creator's time zone, in full: "24 November 2026 at 07:09"."""
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%d %B %Y at %H:%M")
    except ValueError:
        return iso


def local_short(iso: str | None, never: str = "not yet") -> str:
    """A stored time in the creator's time zone, for a table or a status line: "24 Nov, 07:09" (`never` if none)."""
    if not iso:
        return never
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%d %b, %H:%M")
    except ValueError:
        return iso


def local_minute(iso: str | None) -> str:
    """A stored time in the creator's time zone, sortable: "2026-11-24 07:09" ("soon" if none)."""
    when = datetime.fromisoformat(iso) if iso else None
    return when.astimezone().strftime("%Y-%m-%d %H:%M") if when else "soon"


def utc_minute(iso: str) -> str:
    """A stored time as letters give it, the same for sender and reader: "2026-11-24 07:09 UTC"."""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def clock_time(epoch: float) -> str:
    """A time later today (or tomorrow) in the creator's time zone, as a clock shows it: "23:19"."""
    return datetime.fromtimestamp(epoch).astimezone().strftime("%H:%M")


def duration(seconds: float | None) -> str:
    """A wait or a limit: "45 s", "5 min", "2.5 h" ("a while" when unknown)."""
    if seconds is None:
        return "a while"
    if seconds < 10:
        return f"{seconds:.1f}".rstrip("0").rstrip(".") + " s"
    if seconds < 120:  # whole seconds, rounded up: a wait left on a held host is 117.486 s, said "118 s"
        return f"{math.ceil(seconds)} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def clock(seconds: float) -> str:
    """A position in a recording, to the nearest second: 75.6 → "1:16"."""
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}:{secs:02d}"


def clock_down(seconds: float) -> str:
    """A position to play from, cut down to the whole second so playing starts at or before it: 75.6 → "1:15"."""
    return f"{int(seconds // 60)}:{int(seconds % 60):02d}"


def clock_tenths(seconds: float) -> str:
    """A position to the tenth of a second, as a report quotes it: 1.6 → "0:01.6"; 75.25 → "1:15.2"."""
    minutes, secs = divmod(round(seconds, 1), 60)
    return f"{int(minutes)}:{secs:04.1f}"
