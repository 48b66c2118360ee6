"""What a creator is told about trying a failed download again. Errors say only what happened; the scheduler, which
does try a failing source again, promises it with the wait it keeps, and a command, which tries once, says that
running it again may work. Either is said only when the failure is passing (a timeout, a service in trouble)."""

from __future__ import annotations

from creatorwatch.core.errors import SourceError, TooManyRequests
from creatorwatch.core.wording.times import duration


def tried_again(error: SourceError, wait: float) -> str:
    """`error` as the scheduler says it, which asks the source again in `wait` seconds."""
    if not error.passing:
        return str(error)
    return f"{_sentence(error)} It will be tried again in {duration(wait)}."


def tried_once(error: SourceError) -> str:
    """`error` as a command that tries once says it: running the command again (after the wait the service asked
    for, or the rest CreatorWatch gives a host that refused it) may work."""
    if not error.passing:
        return str(error)
    wait = error.held if isinstance(error, TooManyRequests) else error.retry_after  # a 429's rest, hinted or not
    after = f" in {duration(wait)}" if wait else ""
    return f"{_sentence(error)} Running the command again{after} may work."


def _sentence(error: SourceError) -> str:
    said = str(error).rstrip()
    return said if said.endswith((".", "!", "?")) else f"{said}."
