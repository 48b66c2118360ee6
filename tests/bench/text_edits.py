"""The edits copies found in the wild carry, alone and combined: short quotes inside other prose, bare excerpts,
condensed copies (sentences dropped) and synonym swaps, as a model regurgitating or rewording a text makes them."""

from __future__ import annotations

import random
import re
from functools import lru_cache

from tests.bench.text_corpus import Document
from tests.bench.text_transforms import Transform, embed, excerpt, modernise, strip_punctuation
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


EDITS: dict[str, Transform] = {
    "30-word quote in prose": _quote30,
    "40-word quote in prose": _quote40,
    "40-word quote, no punct/case": _quote40_stripped,
    "105-word excerpt alone": _excerpt105,
    "condensed (half the sentences)": _condensed,
    "condensed 40% + modern spelling": _condensed_modern,
    "100 words, 70% synonyms": _synonyms70,
    "150 words, 30% synonyms, in prose": _synonyms30_in_prose,
}
NEAR_CERTAIN = ("105-word excerpt alone",)  # edits whose copies must score >= 0.95
