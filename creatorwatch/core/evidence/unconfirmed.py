"""Finds chosen for a notice that the creator has not confirmed: a DMCA notice says, under penalty of perjury, that
what it lists infringes, so exporting a find still waiting for review is said before (the window) or as the bundle
is written (the command line), and the notice marks each such copy for the creator to check."""

from __future__ import annotations

from collections.abc import Iterable

from creatorwatch.core.records.findings import Finding


def unconfirmed(findings: Iterable[Finding]) -> list[Finding]:
    """The copies among `findings` not marked confirmed (mentions and voice likenesses are not sworn to in a notice:
    it lists them apart)."""
    return [f for f in findings if f.type == "match" and f.kind != "voice" and f.status != "confirmed"]


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
