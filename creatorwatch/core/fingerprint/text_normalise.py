"""Text → canonical word hashes with original character spans, so editions and spellings compare alike.

Vectorised with numpy: Unicode folding (NFKD without accents, casefold), archaic and British spellings
and light suffix stemming are applied to whole arrays, never word by word in Python. A short text (a poem of
a few KB) costs mostly the number of numpy calls, not their length: hence mask.nonzero()[0] rather than
np.flatnonzero (the same indices of a 1-D mask, without its Python wrappers) and constants made once.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np

_SEP = 0  # code of a character that separates words
_JOIN = 1  # code of a character dropped inside a word (apostrophe, combining accent)
_BASE = 0x100000001B3  # odd, so invertible modulo 2**64
_CHUNK = 1 << 18  # characters per chunk: bounds memory for huge texts, and the table of powers
_APOSTROPHES = "'\u2019\u02bc\u2018`"

# Whole-word spellings mapped to one modern form before stemming (archaic English, old and British forms).
_SPELLINGS = {
    "thee": "you", "thou": "you", "ye": "you", "thy": "your", "thine": "your", "thyself": "yourself",
    "hath": "has", "hast": "have", "doth": "does", "dost": "do", "doest": "do", "art": "are",
    "shalt": "shall", "wilt": "will", "canst": "can", "couldst": "could", "wouldst": "would",
    "shouldst": "should", "mayest": "may", "mayst": "may", "mightest": "might", "didst": "did",
    "hadst": "had", "wast": "were", "wert": "were", "saith": "says", "spake": "spoke", "unto": "to",
    "ere": "before", "oft": "often", "nay": "no", "yea": "yes", "whilst": "while", "amongst": "among",
    "betwixt": "between", "oer": "over", "neer": "never", "eer": "ever", "tis": "it", "twas": "it",
    "shew": "show", "shewed": "showed", "shewn": "shown", "sheweth": "shows", "gaol": "jail",
    "connexion": "connection", "grey": "gray", "programme": "program", "catalogue": "catalog",
    "dialogue": "dialog", "cheque": "check", "tyre": "tire", "plough": "plow", "whither": "where",
    "hither": "here", "thither": "there", "wherefore": "why", "thereof": "of", "whereof": "of",
    "aught": "anything", "naught": "nothing", "alway": "always", "mine": "my", "sith": "since",
}


@dataclass(frozen=True)
class Words:
    """Canonical word hashes of a text and each word's [start, end) character span in the original."""

    hashes: np.ndarray  # uint64
    starts: np.ndarray  # int64
    ends: np.ndarray  # int64

    def __len__(self) -> int:
        return len(self.hashes)

    @property
    def ids(self) -> np.ndarray:
        """16-bit word ids (the top bits of the hashes): compact, and enough to align texts word by word."""
        return (self.hashes >> np.uint64(48)).astype(np.uint16)


def canonical_words(text: str, joined: bool = False) -> Words:
    """Split `text` into words and hash each canonical form; spans index the original string.

    Punctuation separates words ("caller-supplied" reads as two, as when a copy turns it into spaces); `joined`
    drops it instead, as a copy whose punctuation was deleted reads ("callersupplied", "eg", "v21")."""
    parts = [_chunk_words(text, start, end, joined) for start, end in _chunks(text)]
    if len(parts) <= 1:
        return parts[0] if parts else _EMPTY
    names = ("hashes", "starts", "ends")
    return Words(*(np.concatenate([getattr(p, name) for p in parts]) for name in names))


def _chunks(text: str) -> list[tuple[int, int]]:
    """Chunk boundaries falling on whitespace, so no word is cut."""
    bounds, start = [], 0
    while start < len(text):
        end = min(start + _CHUNK, len(text))
        if end < len(text):
            cut = max(text.rfind(" ", start, end), text.rfind("\n", start, end))
            end = cut + 1 if cut > start else end
        bounds.append((start, end))
        start = end
    return bounds


def _chunk_words(text: str, start: int, end: int, joined: bool = False) -> Words:
    points = np.frombuffer(text[start:end].encode("utf-32-le", "replace"), dtype="<u4")
    codes, origin = _fold(points, joined)
    codes, origin, word_starts, word_ends = _join_contractions(codes, origin)
    if len(word_starts) == 0:
        return _EMPTY
    spelled = _hash_spans(codes, word_starts, word_ends)
    stem_ends = _stem(codes, word_starts, word_ends)
    hashes = _hash_spans(codes, word_starts, stem_ends)
    table_keys, table_values, sieve = _spelling_table()
    maybe = sieve.take(spelled & np.uint64(0xFFFF)).nonzero()[0]  # take: quicker than [] with unsigned indices
    slot = np.minimum(np.searchsorted(table_keys, spelled[maybe]), len(table_keys) - 1)
    found = table_keys[slot] == spelled[maybe]
    hashes[maybe[found]] = table_values[slot[found]]
    return Words(hashes, origin[word_starts] + start, origin[word_ends - 1] + 1 + start)


_EMPTY = Words(np.zeros(0, np.uint64), np.zeros(0, np.int64), np.zeros(0, np.int64))


def _fold(points: np.ndarray, joined: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Map code points to folded letter codes (0 separates words); keep each output's source index. `joined`:
    punctuation and symbols are dropped, not separators."""
    points = _mark_past_tense(points)
    codes = _ascii_table(joined).take(np.minimum(points, 127))  # take: quicker than [] with unsigned indices
    wide = points >= 128
    if not wide.any():
        keep = codes != _JOIN
        return codes[keep], keep.nonzero()[0]
    uniq, inverse = np.unique(points[wide], return_inverse=True)
    folded = [_fold_char(c, joined) for c in uniq.tolist()]
    width = max(len(f) for f in folded)
    padded = np.array([f + (0,) * (width - len(f)) for f in folded], np.uint32)
    lengths = (codes != _JOIN).astype(np.int64)
    lengths[wide] = np.array([0 if f == (_JOIN,) else len(f) for f in folded], np.int64)[inverse]
    table = np.zeros((len(points), width), np.uint32)
    table[:, 0] = codes
    table[wide] = padded[inverse]
    origin = np.repeat(np.arange(len(points)), lengths)
    rank = np.arange(len(origin)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    return table[origin, rank], origin


def _mark_past_tense(points: np.ndarray) -> np.ndarray:
    """Read the elided past tense "lov'd" as "loved": an apostrophe between a letter and a final d."""
    apostrophe = (points == ord("'")) | (points == ord("`"))
    if points.max(initial=0) >= 128:
        for ch in _APOSTROPHES[1:-1]:
            apostrophe |= points == ord(ch)
    at = apostrophe[1:-1].nonzero()[0] + 1
    after = points[at + 1]
    at = at[(after == ord("d")) | (after == ord("D"))]
    if len(at) == 0:
        return points
    padded = np.append(points, ord(" "))  # the letter after a final d may lie past the end

    def wordy(where: np.ndarray) -> np.ndarray:
        chars = padded[where]
        return (_ascii_table()[np.minimum(chars, 127)] > _JOIN) | (chars >= 128)

    hit = at[wordy(at - 1) & ~wordy(at + 2)]
    if len(hit) == 0:
        return points
    points = points.copy()
    points[hit] = ord("e")
    return points


def _join_contractions(codes: np.ndarray, origin: np.ndarray) -> tuple[np.ndarray, ...]:
    """Read "it s", "don t", "they re" (a copy with its apostrophes stripped to spaces) as "its", "dont", "theyre":
    a lone contraction ending one separator after a word joins that word, as it does with its apostrophe.
    Returns the codes and origins, and the words' [start, end) in them (found here anyway, so not twice)."""
    starts, ends = _runs(codes)
    if len(starts) < 2:
        return codes, origin, starts, ends
    follows = (starts[1:] == ends[:-1] + 1).nonzero()[0] + 1  # words one separator after the previous word
    length = ends[follows] - starts[follows]
    short = follows[length <= 2]
    if len(short) == 0:
        return codes, origin, starts, ends
    second = np.where(ends[short] - starts[short] == 2, codes[np.minimum(starts[short] + 1, len(codes) - 1)], 0)
    lone = short[contractions(codes[starts[short]], second)]
    if len(lone) == 0:
        return codes, origin, starts, ends
    keep = np.ones(len(codes), bool)
    keep[starts[lone] - 1] = False
    codes, origin = codes[keep], origin[keep]
    return codes, origin, *_runs(codes)


@lru_cache(maxsize=1)
def _contraction_keys() -> np.ndarray:
    endings = ("s", "t", "d", "m", "ll", "re", "ve")
    return np.sort(np.array([ord(e[0]) * 1000 + (ord(e[1]) if len(e) == 2 else 0) for e in endings], np.int64))


def contractions(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Whether words of these folded first and second letters (0: none) are contractions, which join the word
    one separator before them ("don t" reads as "dont"; "ls -d" with its punctuation deleted, "ls d", as "lsd")."""
    key = first.astype(np.int64) * 1000 + second.astype(np.int64)
    known = _contraction_keys()  # sorted: a lookup by bisection, quicker than np.isin on a short text
    return known[np.minimum(np.searchsorted(known, key), len(known) - 1)] == key


def folded(points: np.ndarray) -> np.ndarray:
    """The folded letter of each ASCII code point (lower case; 0 for a separator, and for any other point)."""
    return np.where(points < 128, _ascii_table().take(np.minimum(points, 127)), 0)


@cache  # called with and without `joined`
def _ascii_table(joined: bool = False) -> np.ndarray:
    return np.array([_fold_char(c, joined)[0] for c in range(128)], np.uint32)


@lru_cache(maxsize=1 << 16)  # a Chinese or Japanese text holds thousands of different characters, each folded once
def _fold_char(point: int, joined: bool = False) -> tuple[int, ...]:
    """One code point's folded letters; (_JOIN,) for marks dropped inside words (and, `joined`, for everything
    but spaces and control characters), (_SEP,) for separators."""
    ch = chr(point)
    if ch in _APOSTROPHES or unicodedata.combining(ch):
        return (_JOIN,)
    base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    letters = tuple(ord(c) for c in base.casefold().replace("z", "s") if c.isalnum())
    if not letters and joined and not spaces_words(ch):
        return (_JOIN,)
    return letters or (_SEP,)


def spaces_words(ch: str) -> bool:
    """Whether a character keeps words apart even when punctuation is deleted: a space or a control character."""
    category = unicodedata.category(ch)
    return category[0] == "Z" or category == "Cc"


def _runs(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """[start, end) of each word: a run of word characters, cut where Chinese or Japanese is (see _cuts)."""
    inside = np.concatenate(([False], codes > _JOIN, [False]))
    cut = inside[1:] != inside[:-1]
    if len(codes) < 2 or codes.max() < _WITHOUT_SPACES[0, 0]:
        edges = cut.nonzero()[0]  # starts and ends alternate
        return edges[0::2], edges[1::2]
    cut[1:-1] |= _cuts(codes)
    edges = cut.nonzero()[0]
    return edges[inside[1:][edges]], edges[inside[:-1][edges]]


def _cuts(codes: np.ndarray) -> np.ndarray:
    """Whether a word ends between characters i and i + 1 with no separator between them. Chinese and Japanese
    are written without spaces, and about two of their characters carry what one English word does, so their
    runs are cut into words of two characters on average (a quote of 60 reads as one of 30 words), at places
    the two characters themselves choose, never where the text starts: a quote cut anywhere falls into the same
    words as the work. They are also cut from letters of other scripts beside them."""
    alone = written_without_spaces(codes)
    pair = codes[:-1].astype(np.uint64) * np.uint64(0x200000) + codes[1:].astype(np.uint64)
    chosen = (mix64(pair) & np.uint64(1)) == 1
    return (alone[:-1] & alone[1:] & chosen) | (alone[:-1] != alone[1:])


_WITHOUT_SPACES = np.array([[0x3040, 0x3100], [0x31F0, 0x3200], [0x3400, 0x4DC0], [0x4E00, 0xA000],
                            [0xF900, 0xFB00], [0x20000, 0x40000]], np.uint32)  # kana, CJK ideographs


def written_without_spaces(codes: np.ndarray) -> np.ndarray:
    """Whether each (folded) character, or code point, is kana or a Chinese character."""
    slot = np.searchsorted(_WITHOUT_SPACES[:, 0], codes, side="right") - 1
    return (slot >= 0) & (codes < _WITHOUT_SPACES[np.maximum(slot, 0), 1])


def _hash_spans(codes: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Polynomial hash of each codes[start:end], mixed (splitmix64) so every bit is usable."""
    weights = _powers(len(codes) + 1)
    prefix = np.zeros(len(codes) + 1, np.uint64)
    np.cumsum(codes.astype(np.uint64) * weights[0][: len(codes)], out=prefix[1:])
    raw = (prefix[ends] - prefix[starts]) * weights[1][starts]
    return mix64(raw + (ends - starts).astype(np.uint64))


def _powers(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Powers of the hash base and its inverse: one shared table, larger only for chunks that expand a lot."""
    return _powers_of(max(4 * _CHUNK, 1 << (n - 1).bit_length()))


@lru_cache(maxsize=4)
def _powers_of(size: int) -> tuple[np.ndarray, np.ndarray]:
    inverse = pow(_BASE, -1, 1 << 64)
    up = np.full(size, _BASE, np.uint64)
    down = np.full(size, inverse, np.uint64)
    up[0] = down[0] = 1
    return np.cumprod(up, dtype=np.uint64), np.cumprod(down, dtype=np.uint64)


def mix64(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser over a uint64 array."""
    x = x ^ (x >> _S30)
    x *= _M1
    x ^= x >> _S27
    x *= _M2
    x ^= x >> _S31
    return x


_S30, _S27, _S31 = np.uint64(30), np.uint64(27), np.uint64(31)
_M1, _M2 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)


def _stem(codes: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Light suffix stripping that puts loveth/lovest/loved/loves/love, colour/color, centre/center alike.

    Rewrites `codes` in place for the -our and -er endings; returns the stemmed ends.
    """
    ends = ends.copy()
    e, s, t, h, d, o, u, r = _LETTERS
    last = codes[ends - 1]
    some = (_SUFFIXED[np.minimum(last, 127)] & (ends - starts >= 4)).nonzero()[0]
    at, length, t1 = ends[some], ends[some] - starts[some], last[some]
    t3, t2 = codes[at - 3], codes[at - 2]
    # The first that holds cuts: -eth, -est (3 letters), -ed, -es (2), -s but not -ss (1).
    three = (t3 == e) & (((t2 == t) & (t1 == h) & (length >= 5)) | ((t2 == s) & (t1 == t) & (length >= 6)))
    two = (t2 == e) & ((t1 == d) | (t1 == s))
    one = (t2 != s) & (t1 == s)
    ends[some] -= np.where(three, 3, np.where(two, 2, one))
    rs = ((codes[ends - 1] == r) & (ends - starts >= 5)).nonzero()[0]
    t3, t2 = codes[ends[rs] - 3], codes[ends[rs] - 2]
    our = rs[(t3 == o) & (t2 == u)]
    codes[ends[our] - 2] = r
    ends[our] -= 1
    er = rs[t2 == e]
    codes[ends[er] - 2], codes[ends[er] - 1] = r, e
    final_e = (codes[ends - 1] == e) & (ends - starts >= 4)
    ends[final_e] -= 1
    return ends


_LETTERS = tuple(np.array(ord(c), np.uint32) for c in "esthdour")  # as arrays: compared quicker than ints
_SUFFIXED = np.isin(np.arange(128), [ord(c) for c in "hdst"])  # the last letters of the endings stemmed


@lru_cache(maxsize=1)
def _spelling_table() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sorted hashes of archaic spellings (as written), the canonical hashes of their modern forms, and a
    sieve over the low 16 bits of the hashes that passes every old spelling and few other words."""
    old, new = " ".join(_SPELLINGS), " ".join(_SPELLINGS.values())
    old_points = np.frombuffer(old.encode("utf-32-le"), "<u4")
    old_codes, _ = _fold(old_points)
    starts, ends = _runs(old_codes)
    keys = _hash_spans(old_codes, starts, ends)
    new_codes, _ = _fold(np.frombuffer(new.encode("utf-32-le"), "<u4"))
    n_starts, n_ends = _runs(new_codes)
    values = _hash_spans(new_codes, n_starts, _stem(new_codes, n_starts, n_ends))
    order = np.argsort(keys)
    sieve = np.zeros(1 << 16, bool)
    sieve[(keys & np.uint64(0xFFFF)).astype(np.int64)] = True
    return keys[order], values[order], sieve
