"""Whether copies of a text work can ever be found, so a creator adding a licence or a two-line note is told.

Standard licence text weighs nothing in matching and a short text has too few words to reach the alert line;
the best any copy can score is what an exact copy scores against the work alone, so that decides.
"""

from __future__ import annotations

import math

from creatorwatch.core.fingerprint.text import DEFAULT_THRESHOLD
from creatorwatch.core.fingerprint.text_boilerplate import licence_seeds
from creatorwatch.core.fingerprint.text_index import Index
from creatorwatch.core.fingerprint.text_passage import CONTAINED_SCALE, IDENTICAL, RUN_FLOOR, WHOLE_WORK_FROM
from creatorwatch.core.fingerprint.text_shingle import decode
from creatorwatch.core.wording.words import counted

MOSTLY = 0.5  # share of the work's seeds that are licence seeds at which licence text is the reason


def needed_words(threshold: float = DEFAULT_THRESHOLD) -> int:
    """Distinctive words an exact copy of a whole text needs to reach the alert line `threshold` (24 at the
    default and above it, where a whole work copied word for word reads near-certain; fewer under it; a quote
    inside other text needs 28, see text_passage.run_score)."""
    words = math.ceil(RUN_FLOOR - CONTAINED_SCALE * math.log(1.0 - threshold))
    return min(words, math.ceil(WHOLE_WORK_FROM)) if threshold <= IDENTICAL else words


def unfindable_reason(blob: bytes, threshold: float = DEFAULT_THRESHOLD) -> str:
    """Why no copy of the text with fingerprint `blob` can reach the alert line, in plain words; "" if one can."""
    fingerprint = decode(blob).as_written()  # the text as written: its seeds are what licence seeds were taken from
    licence = float(licence_seeds(fingerprint.seeds).mean()) if len(fingerprint.seeds) else 0.0
    if licence >= MOSTLY:  # said first: a long licence scored against itself might reach the line
        return (f"it is mostly standard licence text ({licence:.0%} of it is the wording of published licences), "
                "which CreatorWatch ignores when matching, so copies of it will not be found")
    index = Index()
    index.add(0, blob)
    hits = index.search(blob, 0.0)
    if hits and hits[0].score >= threshold:
        return ""
    needed = needed_words(threshold)
    if fingerprint.written < needed:
        return (f"it is too short: it has {counted(fingerprint.written, 'word')}, and CreatorWatch reports a copied "
                f"text from about {needed} words of your own writing, so copies of it will not be found")
    own = round(hits[0].evidence["passages"][0]["rare_words"]) if hits else 0
    return (f"too little of it is distinctive: only {own} of its {fingerprint.written} words count (the rest is "
            f"repeated lines, screenplay formatting or licence wording) and CreatorWatch reports a copied text "
            f"from about {needed}, so copies of it will not be found")
