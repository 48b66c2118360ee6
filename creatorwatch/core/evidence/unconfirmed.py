"""Finds chosen for a notice that the creator has not confirmed: a DMCA notice says, under penalty of perjury, that
what it lists infringes, so exporting a find still waiting for review (or one the creator dismissed) is said before
(the window) or as the bundle is written (the command line), and the notice marks each such copy for the creator to
check. A find the creator marked licensed is never sworn against: the notice leaves it out, and that is said too."""

from __future__ import annotations

from collections.abc import Iterable

from creatorwatch.core.records.findings import Finding


def _copy(f: Finding) -> bool:
    """A copy the notice would list (mentions and voice likenesses are not sworn to in a notice: it lists them
    apart)."""
    return f.type == "match" and f.kind != "voice"


def unconfirmed(findings: Iterable[Finding]) -> list[Finding]:
    """The copies among `findings` the notice would list without the creator having confirmed them."""
    return [f for f in findings if _copy(f) and f.status not in ("confirmed", "licensed")]


def licensed(findings: Iterable[Finding]) -> list[Finding]:
    """The copies among `findings` the creator marked licensed: the notice leaves them out."""
    return [f for f in findings if _copy(f) and f.status == "licensed"]


def check_line(status: str) -> str:
    """Why the notice asks the creator to check a copy before signing; "" for a confirmed one."""
    return {"confirmed": "", "dismissed": "you dismissed this find in CreatorWatch"}.get(
        status, "you have not confirmed this find in CreatorWatch yet")


def unconfirmed_note(count: int, chosen: int) -> str:
    """One plain sentence for `count` unconfirmed finds out of the `chosen` ones."""
    if chosen == 1:
        said = "the chosen find is not confirmed yet"
    elif count == chosen:
        said = f"none of the {chosen} chosen finds is confirmed yet"
    else:
        said = f"{count} of the {chosen} chosen finds {'is' if count == 1 else 'are'} not confirmed yet"
    return (f"{said}: the notice draft swears, under penalty of perjury, that what it lists is a copy of your work, "
            f"so look at {'it' if count == 1 else 'them'} again before you send it")


def licensed_note(f: Finding) -> str:
    """One plain sentence for a chosen find the creator marked licensed."""
    return f"\u201c{f.title or f.candidate_url}\u201d is marked licensed: it is kept in the bundle's report and left " \
           "out of the notice"
