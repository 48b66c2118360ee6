"""How much of the creator's words a model's reply repeats: the longest verbatim run, the words in shared runs,
and the share of the passage's distinctive words it uses (what a paraphrase keeps).

Both texts go through the text engine's normalisation (core/fingerprint/text_normalise.py), so spelling,
case, accents and punctuation do not hide a copy; spans index the original strings so the run can be marked.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from difflib import SequenceMatcher

from creatorwatch.core.fingerprint.text_normalise import Words, canonical_words
from creatorwatch.core.fingerprint.text_passage import SCALE

RUN = 4  # words in a row that count as repeated (shorter shared runs are stock phrases: "of the old")
VERBATIM_FIND = 30  # a verbatim run this long is a find whatever the score (Carlini et al.; the NYT exhibits)
PARTIAL_WORDS = 12  # words in shared runs at which a reply that is no copy still follows the passage
PARTIAL_OVERLAP = 0.3  # share of the passage's distinctive words at which a reply retells it
_COMMON_WORDS = (
    "a about above after again against all am an and any are as at be because been before being below "
    "between both but by can did do does doing down during each few for from further had has have having "
    "he her here hers herself him himself his how i if in into is it its itself just me more most my "
    "myself no nor not now of off on once only or other our ours ourselves out over own same she should "
    "so some such than that the their theirs them themselves then there these they this those through to "
    "too under until up very was we were what when where which while who whom why will with would you "
    "your yours yourself yourselves said says one two could like upon"
)
COMMON = frozenset(_COMMON_WORDS.split())


@dataclass(frozen=True)
class Alignment:
    verbatim_words: int  # longest run of words the reply shares with the passage, in order
    matched_words: int  # passage words inside shared runs of at least RUN words
    overlap: float  # share of the passage's distinctive words that the reply uses anywhere
    score: float  # the text engine's scale: 1 - exp(-matched / SCALE)
    reply_span: tuple[int, int]  # characters of the longest run in the reply ([0, 0] when none)
    truth_span: tuple[int, int]  # characters of the longest run in the passage
    truth_words: int

    def verdict(self, alert_line: float) -> str:
        """"find" (reproduced), "partial" (retold, or followed in places) or "none"."""
        if self.verbatim_words >= VERBATIM_FIND or self.score >= alert_line:
            return "find"
        if self.matched_words >= PARTIAL_WORDS or self.overlap >= PARTIAL_OVERLAP:
            return "partial"
        return "none"


def align(reply: str, truth: str) -> Alignment:
    """Compare `reply` with the true `truth` word for word."""
    mine, theirs = canonical_words(truth), canonical_words(reply)
    a, b = [int(h) for h in theirs.hashes], [int(h) for h in mine.hashes]
    blocks = SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
    longest = max(blocks, key=lambda block: block.size)
    matched = sum(block.size for block in blocks if block.size >= RUN)
    reply_span = truth_span = (0, 0)
    if longest.size:
        reply_span = _span(theirs, longest.a, longest.size)
        truth_span = _span(mine, longest.b, longest.size)
    return Alignment(longest.size, matched, _overlap(mine, truth, theirs), 1.0 - math.exp(-matched / SCALE),
                     reply_span, truth_span, len(mine))


def _span(words: Words, first: int, count: int) -> tuple[int, int]:
    return int(words.starts[first]), int(words.ends[first + count - 1])


def distinctive(words: Words, text: str) -> set[int]:
    """Hashes of the words that carry a passage's content: not common English words, four letters or more."""
    keep = set()
    for h, start, end in zip(words.hashes, words.starts, words.ends, strict=True):
        word = text[start:end].lower()
        if len(word) >= 4 and word not in COMMON:
            keep.add(int(h))
    return keep


def _overlap(mine: Words, truth: str, theirs: Words) -> float:
    wanted = distinctive(mine, truth)
    if not wanted:
        return 0.0
    return len(wanted & {int(h) for h in theirs.hashes}) / len(wanted)
