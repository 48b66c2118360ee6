"""Review's Follow takedown…: the find's takedown recorded as drafted, as `takedown draft --follow` records it,
unless one is followed already (drafting again would put a notice already sent back to "drafted")."""

from __future__ import annotations

import sqlite_utils

from creatorwatch.core.evidence.takedown import Takedown, TakedownProblem, Takedowns

DECIDED_AGAINST = ("dismissed", "licensed")


def follow_takedown(db: sqlite_utils.Database, match_id: int, status: str) -> Takedown:
    """On a pool thread: the takedown of `match_id`, started if there is none. A find decided as needing none
    (dismissed, licensed) is refused, as `takedown draft` refuses it, with what to do in the window instead."""
    takedowns = Takedowns(db)
    followed = takedowns.get(match_id)
    if followed is not None:
        return followed
    if status in DECIDED_AGAINST:
        raise TakedownProblem(f"Find #{match_id} is {status}: you decided it needs no takedown, so none was started. "
                              "If that changed, confirm it first (C), then choose Follow takedown again.")
    return takedowns.record(match_id, "drafted")
