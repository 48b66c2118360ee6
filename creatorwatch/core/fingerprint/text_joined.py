"""A work's joined reading: its words with the punctuation inside them dropped, as a copy whose punctuation was
deleted reads them ("caller-supplied" as "callersupplied", "e.g." as "eg", "v2.1" as "v21").

People and scripts strip punctuation two ways: to spaces, which the text's own reading already matches word for
word, or to nothing, which joins the words it held apart. A quote of release notes or code comments, with such a
word every few words, then shared too few words in a row to be found. A work keeps both readings; the joined one
only near the words it changes (prose has few, so its fingerprint barely grows). Only those words are read
again: the others are the written reading's own.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from creatorwatch.core.fingerprint.text_normalise import (
    Words,
    canonical_words,
    contractions,
    folded,
    spaces_words,
    written_without_spaces,
)

NEAR = 40  # words of the joined reading kept either side of one it changes: a quote around them reads whole


def joined_reading(text: str, written: Words) -> Words:
    """The words of `text` with punctuation dropped inside them, within NEAR words of one that joins words of its
    `written` reading; none when no word does."""
    if len(written) < 2:
        return _NONE
    apart = _held_apart(text, written)
    first, last = _joined(apart)
    if len(first) == len(written):
        return _NONE
    joins = np.flatnonzero(last > first)
    starts, ends = written.starts[first[joins]], written.ends[last[joins]]
    at = np.concatenate(([0], np.cumsum(ends - starts + 1)[:-1]))  # where each is in the text read again
    again = canonical_words("\n".join(text[a:b] for a, b in zip(starts.tolist(), ends.tolist(), strict=True)),
                            joined=True)
    pieces = np.bincount(np.searchsorted(at, again.starts, side="right") - 1, minlength=len(joins))
    if (pieces != 1).any():  # still more than one word (Chinese or Japanese, cut where no space is; "or\nre-use",
        for lone in joins[pieces != 1].tolist():  # whose "or re" reads as one contraction): left as written
            apart[first[lone] : last[lone]] = False
        first, last = _joined(apart)
        again = Words(*(np.delete(getattr(again, name), np.flatnonzero(
            np.repeat(pieces != 1, pieces))) for name in ("hashes", "starts", "ends")))
        joins = np.flatnonzero(last > first)
    hashes = written.hashes[first]
    hashes[joins] = again.hashes
    changed = np.zeros(len(first), bool)
    changed[joins] = True
    near = _around(changed)
    return Words(hashes[near], written.starts[first][near], written.ends[last][near])


def _joined(apart: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The first and last written word of each joined word."""
    first = np.flatnonzero(np.concatenate(([True], ~apart)))
    return first, np.append(first[1:] - 1, len(apart))


_NONE = Words(np.zeros(0, np.uint64), np.zeros(0, np.int64), np.zeros(0, np.int64))


def _held_apart(text: str, written: Words) -> np.ndarray:
    """Whether each word of the written reading but the last is followed by the next with only punctuation
    between them, or with one space too when the next is a lone contraction (_contractions). Never beside Chinese
    or Japanese: written without spaces, they are cut into words wherever their punctuation is (a joined reading
    of them would only repeat the text, and a work read twice over is all repeated lines, which count for
    nothing)."""
    points = np.frombuffer(text.encode("utf-32-le", "replace"), "<u4")
    table = _spaces()
    spaces = np.concatenate(([0], np.cumsum(table.take(np.minimum(points, len(table) - 1)))))
    after, before = written.ends[:-1], written.starts[1:]
    wide = written_without_spaces(points)
    apart = (before > after) & (spaces[before] == spaces[after])
    one_space = ((before - after > 1) & (spaces[before] == spaces[after] + 1)).nonzero()[0]
    apart[_contractions(points, written, apart, one_space)] = True
    return apart & ~wide[after - 1] & ~wide[before]


def _contractions(points: np.ndarray, written: Words, apart: np.ndarray, one_space: np.ndarray) -> np.ndarray:
    """Of the words followed by punctuation and one space (`one_space`), those the next word joins once the
    punctuation is deleted: a lone contraction, joined as "don t" is ("ls -d" reads "ls d", then "lsd"; "|l|L|",
    "ll", joins the word before it too)."""
    if len(one_space) == 0:
        return one_space
    first, last = _joined(apart)
    group = np.cumsum(np.concatenate(([0], ~apart)))[one_space + 1]  # the next word, joined as the punctuation is
    letters = np.concatenate(([0], np.cumsum(written.ends - written.starts)))
    size = letters[last[group] + 1] - letters[first[group]]
    short, group, size = one_space[size <= 2], group[size <= 2], size[size <= 2]
    second = np.where(size == 2, folded(points[written.ends[last[group]] - 1]), 0)
    return short[contractions(folded(points[written.starts[short + 1]]), second)]


@lru_cache(maxsize=1)
def _spaces() -> np.ndarray:
    """Whether each code point keeps words apart in the joined reading (none past U+3000 does; the last entry
    stands for them)."""
    return np.array([spaces_words(chr(point)) for point in range(0x3002)] + [False])


def _around(changed: np.ndarray) -> np.ndarray:
    """Which words lie within NEAR words of a changed one."""
    before = np.concatenate(([0], np.cumsum(changed)))
    place = np.arange(len(changed))
    return before[np.minimum(place + NEAR + 1, len(changed))] - before[np.maximum(place - NEAR, 0)] > 0
