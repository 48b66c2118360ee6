"""A text's compact fingerprint: every word as a 16-bit id with its character span, and winnowed seeds.

A work's words are followed by its joined reading near the words punctuation holds apart (text_joined.py), so a
copy with its punctuation deleted aligns with them as one that turned it into spaces aligns with the first ones.

Word ids let the index align a candidate with a work word by word; the seeds (MOSS winnowing over
4-word shingles) are what the index looks up to find where to align. Four 16-bit ids pack into one
64-bit shingle key exactly, so a shingle hash is one bit-mix over a rolling pack of word ids.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

import numpy as np

from creatorwatch.core.fingerprint.text_joined import joined_reading
from creatorwatch.core.fingerprint.text_normalise import Words, canonical_words, mix64

GRAM = 4  # words per shingle
WINDOW = 12  # winnowing window, in shingles: any run of GRAM + WINDOW - 1 shared words (15) yields a seed
_HEADER = struct.Struct("<3sBIIII")  # magic, format, words, seeds, exceptional spans, words as written
_OLD_HEADER, _OLD_FORMAT = struct.Struct("<3sBIII"), 2  # no joined reading: every word as written
_MAGIC, FORMAT = b"CWT", 3  # how a fingerprint is laid out in bytes
VERSION = 7  # what its words are (6: a work's joined reading follows them; 7: "ls -d" reads "lsd" in it); text.VERSION
_BIG = 255  # a gap or word length that does not fit a byte is stored exactly among the exceptions


@dataclass(frozen=True)
class Fingerprint:
    """Word ids and spans of a text, and its winnowed seeds (shingle hash, first word's index)."""

    ids: np.ndarray  # uint16 per word
    gaps: np.ndarray  # uint8 per word: characters since the previous word's end (_BIG: see exceptions)
    lengths: np.ndarray  # uint8 per word: characters in the word as written (_BIG: see exceptions)
    exceptions: np.ndarray  # uint32 rows (word index, gap, length) for words with a _BIG gap or length
    seeds: np.ndarray  # uint32 shingle hashes chosen by winnowing
    positions: np.ndarray  # uint32 word index of each seed
    written: int  # words of the text as written; the ids after them are its joined reading (gaps restart there)

    @property
    def words(self) -> int:
        return len(self.ids)

    def spans(self) -> tuple[np.ndarray, np.ndarray]:
        """[start, end) character offsets of every word in the original text."""
        gaps, lengths = self.gaps.astype(np.int64), self.lengths.astype(np.int64)
        if len(self.exceptions):
            rows = self.exceptions.astype(np.int64)
            gaps[rows[:, 0]], lengths[rows[:, 0]] = rows[:, 1], rows[:, 2]
        ends = np.cumsum(gaps + lengths)
        if 0 < self.written < len(ends):
            ends[self.written :] -= ends[self.written - 1]
        return ends - lengths, ends

    def as_written(self) -> Fingerprint:
        """The text read as written, without its joined reading: how a candidate is compared (one reading of it
        against both of each work's)."""
        if self.written == self.words:
            return self
        n = self.written
        kept = self.positions < n
        return Fingerprint(self.ids[:n], self.gaps[:n], self.lengths[:n], self.exceptions[self.exceptions[:, 0] < n],
                           self.seeds[kept], self.positions[kept], n)


def fingerprint_of(text: str, joined: bool = True) -> Fingerprint:
    """The fingerprint of `text`, with its joined reading when `joined` (a work's; a candidate needs none)."""
    written = canonical_words(text)
    words = _followed_by(written, joined_reading(text, written)) if joined else written
    return _laid_out(words.ids, words.starts, words.ends, len(written))


def _laid_out(ids: np.ndarray, starts: np.ndarray, ends: np.ndarray, written: int) -> Fingerprint:
    """The fingerprint of these words, the first `written` of them the text as written."""
    grams = shingles(ids)
    chosen = winnow(grams)
    gaps = starts - np.concatenate(([0], ends))[:-1]
    if len(ids) > written:
        gaps[written] = starts[written]  # the joined reading's offsets count from the start again
    lengths = ends - starts
    big = ((gaps >= _BIG) | (lengths >= _BIG)).nonzero()[0]
    exceptions = np.stack((big, gaps[big], lengths[big]), axis=1).astype(np.uint32) if len(big) else _NONE
    return Fingerprint(
        ids, np.minimum(gaps, _BIG).astype(np.uint8), np.minimum(lengths, _BIG).astype(np.uint8),
        exceptions, grams[chosen], chosen.astype(np.uint32), written,
    )


def spaced_like(candidate: Fingerprint, work: Fingerprint) -> Fingerprint | None:
    """The candidate as it would read had its punctuation become spaces rather than been deleted, as far as the
    work tells: each of its words that is a word of the work's joined reading ("callersupplied"), beside the same
    word there, is replaced by the words as written it stands for ("caller", "supplied"), each spanning the
    candidate's word. None when no word of the candidate is one of them."""
    starts, ends = work.spans()
    written = starts[: work.written]
    first = np.searchsorted(written, starts[work.written :])
    count = np.searchsorted(written, ends[work.written :]) - first
    joined = work.ids[work.written :].astype(np.int64)
    joins = np.flatnonzero(count > 1)
    if len(joins) == 0:
        return None
    ids = candidate.ids.astype(np.int64)
    found, which = np.zeros(len(ids), bool), np.zeros(len(ids), np.int64)
    for step in (-1, 1):  # the word before it, then the word after it, the same in both
        beside = np.clip(joins + step, 0, len(joined) - 1)
        keys, at = np.unique(joined[joins] << 16 | joined[beside], return_index=True)
        mine = ids << 16 | np.roll(ids, -step)
        slot = np.minimum(np.searchsorted(keys, mine), len(keys) - 1)
        new = (keys[slot] == mine) & ~found
        found |= new
        which[new] = joins[at[slot[new]]]
    if not found.any():
        return None
    first, count = np.where(found, first[which], 0), np.where(found, count[which], 1)
    piece = np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count)
    spaced = np.where(np.repeat(found, count), work.ids[np.repeat(first, count) + piece],
                      np.repeat(candidate.ids, count))
    word_starts, word_ends = candidate.spans()
    ends_ = np.repeat(word_ends, count)
    return _laid_out(spaced, np.where(piece == 0, np.repeat(word_starts, count), ends_), ends_, len(spaced))


def _followed_by(written: Words, joined: Words) -> Words:
    if len(joined) == 0:
        return written
    return Words(*(np.concatenate((getattr(written, name), getattr(joined, name)))
                   for name in ("hashes", "starts", "ends")))


_NONE = np.zeros((0, 3), np.uint32)  # no exceptional spans (most texts): shared, so read-only
_NONE.flags.writeable = False


def shingles(ids: np.ndarray) -> np.ndarray:
    """uint32 hash of each run of GRAM word ids (one shingle of all words when the text is shorter)."""
    if len(ids) == 0:
        return np.zeros(0, np.uint32)
    return (mix64(packed_runs(ids, min(GRAM, len(ids)))) >> np.uint64(32)).astype(np.uint32)


def packed_runs(ids: np.ndarray, span: int) -> np.ndarray:
    """Each run of `span` (at most 4) consecutive 16-bit word ids packed into one uint64, in order."""
    count = len(ids) - span + 1
    wide = ids.astype(np.uint64)
    packed = wide[:count].copy()
    for offset in range(1, span):
        packed <<= np.uint64(16)
        packed |= wide[offset : offset + count]
    return packed


def winnow(grams: np.ndarray) -> np.ndarray:
    """Positions of the smallest hash in every window of WINDOW shingles (MOSS winnowing).

    In O(n): a position is chosen when its hash is the minimum of some window holding it, that is when it
    equals the largest of the minima of the windows holding it.
    """
    if len(grams) <= WINDOW:
        return np.argmin(grams, keepdims=True) if len(grams) else np.zeros(0, np.int64)
    minima = _running(np.minimum, grams, WINDOW)  # of each window, grams[i : i + WINDOW]
    none = np.zeros(WINDOW - 1, grams.dtype)  # windows past either end: 0 never raises a maximum
    best = _running(np.maximum, np.concatenate((none, minima, none)), WINDOW)
    return (grams == best).nonzero()[0]


def _running(op: np.ufunc, values: np.ndarray, width: int) -> np.ndarray:
    """op (np.minimum or np.maximum) over every run of `width` values, in a few whole-array steps: each
    step doubles the runs covered, and the last joins two that overlap (a few calls, where scipy's filters
    cost more to set up than a short text takes to fingerprint)."""
    out, span = values, 1
    while span * 2 <= width:
        out = op(out[:-span], out[span:])
        span *= 2
    if span < width:
        count = len(values) - width + 1
        out = op(out[:count], out[width - span : width - span + count])
    return out


def encode(fp: Fingerprint) -> bytes:
    header = _HEADER.pack(_MAGIC, FORMAT, fp.words, len(fp.seeds), len(fp.exceptions), fp.written)
    arrays = (fp.seeds.astype("<u4"), fp.positions.astype("<u4"), fp.ids.astype("<u2"), fp.gaps, fp.lengths,
              fp.exceptions.astype("<u4"))
    return header + b"".join(a.tobytes() for a in arrays)


def decode(blob: bytes) -> Fingerprint:
    """The fingerprint in `blob`, as read-only views of it (no copy). Format 2 (before joined readings) is read
    too: a candidate remembered for rescans was read then as it is now."""
    if len(blob) < _OLD_HEADER.size:
        raise ValueError("not a text fingerprint")
    magic, fmt, words, seeds, exceptions = _OLD_HEADER.unpack_from(blob)
    header = _HEADER if fmt == FORMAT else _OLD_HEADER
    written = _HEADER.unpack_from(blob)[-1] if fmt == FORMAT and len(blob) >= _HEADER.size else words
    size = header.size + 8 * seeds + 4 * words + 12 * exceptions
    if magic != _MAGIC or fmt not in (_OLD_FORMAT, FORMAT) or len(blob) != size or written > words:
        raise ValueError(f"not a text fingerprint of format {FORMAT}")
    at = header.size
    parts = []
    for dtype, count in (("<u4", seeds), ("<u4", seeds), ("<u2", words), ("u1", words), ("u1", words),
                         ("<u4", 3 * exceptions)):
        parts.append(np.frombuffer(blob, dtype, count, at))
        at += parts[-1].nbytes
    hashes, positions, ids, gaps, lengths, rows = parts
    return Fingerprint(ids, gaps, lengths, rows.reshape(-1, 3), hashes, positions, written)
