"""The edits copies found in the wild carry, alone and combined: short quotes inside other prose, bare excerpts,
condensed copies (sentences dropped) and synonym swaps, as a model regurgitating or rewording a text makes them."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from functools import lru_cache

import numpy as np

from tests.bench.text_corpus import Document
from tests.bench.text_transforms import (
    Transform,
    delete_punctuation,
    embed,
    excerpt,
    modernise,
    space_punctuation,
    strip_punctuation,
)
from tests.bench.text_verse import thesaurus

SENTENCE = re.compile(r"[^.;:?!\n]+(?:[.;:?!]+|\n|$)")


@lru_cache(maxsize=1)
def _synonyms() -> dict[str, str]:
    return thesaurus()


def synonyms(text: str, share: float, rng: random.Random) -> str:
    """`share` of the words that have a synonym in the thesaurus replaced by it (case kept)."""
    table = _synonyms()
    words = text.split()
    known = [i for i, w in enumerate(words) if re.sub(r"\W", "", w).lower() in table]
    for i in rng.sample(known, round(share * len(known))):
        core = re.sub(r"\W", "", words[i])
        new = table[core.lower()]
        words[i] = words[i].replace(core, new.capitalize() if core[0].isupper() else new)
    return " ".join(words)


def condense(text: str, keep: float, rng: random.Random) -> str:
    """Sentences (or verse lines) dropped at random, `keep` of them kept, in order."""
    sentences = [s.strip() for s in SENTENCE.findall(text) if s.strip()]
    kept = [s for s in sentences if rng.random() < keep] or sentences[:1]
    return " ".join(kept)


def quote_distinctive(doc: Document, filler: str, rng: random.Random, rare: set[int], count: int,
                      grams: Callable[[str], list[int]]) -> str:
    """The shortest verbatim run of the document's own text, from a random word, holding `count` distinctive
    words (a word with a piece in some 4-word shingle of `rare`; "don't" is one word), inside unrelated prose."""
    text = doc.text[doc.body[0] : doc.body[1]]
    pieces = [m for m in re.finditer(r"\w+", text) if not m.group().isdigit()]
    hashed = grams(" ".join(m.group() for m in pieces))
    held = np.zeros(len(pieces), bool)
    for i, gram in enumerate(hashed):
        if gram in rare:
            held[i : i + 4] = True
    spans: list[list[int]] = []  # [start, end, distinctive] of each word, its pieces joined by apostrophes
    for m, mine in zip(pieces, held, strict=True):
        if spans and text[spans[-1][1] : m.start()] in ("'", "\u2019"):
            spans[-1][1:] = [m.end(), spans[-1][2] | mine]
        else:
            spans.append([m.start(), m.end(), int(mine)])
    total = np.cumsum([distinct for _, _, distinct in spans])
    starts = [i for i in range(len(spans)) if total[-1] - (total[i - 1] if i else 0) >= count]
    first = rng.choice(starts or [0])
    before = total[first - 1] if first else 0
    last = min(int(np.searchsorted(total, before + count)), len(spans) - 1)
    return embed(text[spans[first][0] : spans[last][1]], filler, rng, 600)


def _quote30(doc: Document, filler: str, vocab: list[str], rng: random.Random) -> str:
    return embed(excerpt(doc, 30, rng), filler, rng, 600)


def _quote40(doc: Document, filler: str, vocab: list[str], rng: random.Random) -> str:
    return embed(excerpt(doc, 40, rng), filler, rng, 600)


def _quote40_stripped(doc: Document, filler: str, vocab: list[str], rng: random.Random) -> str:
    return strip_punctuation(embed(excerpt(doc, 40, rng), filler, rng, 600))


def _excerpt105(doc: Document, filler: str, vocab: list[str], rng: random.Random) -> str:
    return excerpt(doc, 105, rng)


def _condensed(doc: Document, filler: str, vocab: list[str], rng: random.Random) -> str:
    return condense(excerpt(doc, 500, rng), 0.5, rng)


def _condensed_modern(doc: Document, filler: str, vocab: list[str], rng: random.Random) -> str:
    return modernise(condense(excerpt(doc, 500, rng), 0.4, rng))


def _synonyms70(doc: Document, filler: str, vocab: list[str], rng: random.Random) -> str:
    return synonyms(excerpt(doc, 100, rng), 0.7, rng)


def _synonyms30_in_prose(doc: Document, filler: str, vocab: list[str], rng: random.Random) -> str:
    return embed(synonyms(excerpt(doc, 150, rng), 0.3, rng), filler, rng, 400)


def _quote30_deleted(doc: Document, filler: str, vocab: list[str], rng: random.Random) -> str:
    return delete_punctuation(_quote30(doc, filler, vocab, rng))


def _quote30_spaced(doc: Document, filler: str, vocab: list[str], rng: random.Random) -> str:
    return space_punctuation(_quote30(doc, filler, vocab, rng))


def _quote30_deleted_lower(doc: Document, filler: str, vocab: list[str], rng: random.Random) -> str:
    return delete_punctuation(_quote30(doc, filler, vocab, rng)).lower()


EDITS: dict[str, Transform] = {
    "30-word quote in prose": _quote30,
    "40-word quote in prose": _quote40,
    "40-word quote, no punct/case": _quote40_stripped,
    "105-word excerpt alone": _excerpt105,
    "condensed (half the sentences)": _condensed,
    "condensed 40% + modern spelling": _condensed_modern,
    "100 words, 70% synonyms": _synonyms70,
    "150 words, 30% synonyms, in prose": _synonyms30_in_prose,
    "30-word quote, punct deleted": _quote30_deleted,
    "30-word quote, punct to spaces": _quote30_spaced,
    "30-word quote, punct deleted, lower case": _quote30_deleted_lower,
}
NEAR_CERTAIN = ("105-word excerpt alone",)  # edits whose copies must score >= 0.95
