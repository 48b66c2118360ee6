"""A work's joined reading: its words with the punctuation inside them dropped, as a copy whose punctuation was
deleted reads them ("caller-supplied" as "callersupplied", "e.g." as "eg", "v2.1" as "v21").

People and scripts strip punctuation two ways: to spaces, which the text's own reading already matches word for
word, or to nothing, which joins the words it held apart. A quote of release notes or code comments, with such a
word every few words, then shared too few words in a row to be found. A work keeps both readings; the joined one
only near the words it changes (prose has few, so its fingerprint barely grows, and a text with none costs
one look at its spaces).
"""

from __future__ import annotations

import numpy as np

from creatorwatch.core.fingerprint.text_normalise import Words, canonical_words

NEAR = 40  # words of the joined reading kept either side of one it changes: a quote around them reads whole
_SPACE = np.zeros(0x3002, bool)  # whether a code point is a space or a control character (none past 0x3000)
_SPACE[[*range(33), 0x85, 0xA0, 0x1680, *range(0x2000, 0x200B), 0x2028, 0x2029, 0x202F, 0x205F, 0x3000]] = True


def joined_reading(text: str, written: Words) -> Words:
    """The words of `text` with punctuation dropped inside them, within NEAR words of one that joins words of its
    `written` reading; none when no word does."""
    apart = _held_apart(text, written)
    if len(apart) == 0:
        return Words(written.hashes[:0], written.starts[:0], written.ends[:0])
    marks = np.zeros(len(written) + 1, np.int64)
    np.add.at(marks, np.maximum(apart - NEAR, 0), 1)
    np.add.at(marks, np.minimum(apart + 1 + NEAR + 1, len(written)), -1)
    near = np.cumsum(marks[:-1]) > 0
    edges = np.diff(np.concatenate(([0], near.astype(np.int8), [0])))
    first, last = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1) - 1
    lo, hi = written.starts[first], written.ends[last]  # character ranges of the stretches kept
    joined = canonical_words(text[lo[0] : hi[-1]], joined=True)
    starts, ends = joined.starts + lo[0], joined.ends + lo[0]
    stretch = np.searchsorted(lo, starts, side="right") - 1
    kept = starts < hi[stretch]
    return Words(joined.hashes[kept], starts[kept], ends[kept])


def _held_apart(text: str, written: Words) -> np.ndarray:
    """Words of the written reading followed by the next with no space between them, only punctuation."""
    if len(written) < 2:
        return np.zeros(0, np.int64)
    points = np.frombuffer(text.encode("utf-32-le", "replace"), "<u4")
    spaces = np.concatenate(([0], np.cumsum(_SPACE.take(np.minimum(points, len(_SPACE) - 1)))))
    after, before = written.ends[:-1], written.starts[1:]
    return np.flatnonzero((before > after) & (spaces[before] == spaces[after]))
