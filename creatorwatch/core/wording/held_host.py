"""What a source is told when its host asked CreatorWatch to wait (a 429, a spent quota) and so was not asked: said
by the HTTP client for a host held during a check and by the monitor for one held since an earlier check, in the
same words either way."""

from __future__ import annotations

from creatorwatch.core.wording.times import clock_time


def held_host(label: str, host: str, until: float, by: str = "", own: str = "") -> str:
    """`label` (the source as messages name it) was not asked because `host` asked CreatorWatch to wait until
    `until` (epoch seconds); `by` is the source whose request it refused, named unless it is this one (`own`)."""
    checking = f" while checking “{by}”" if by and by != own else ""
    return (f"{label}: {host} asked CreatorWatch to wait until {clock_time(until)}{checking}; "
            "not asked again before then.")
