"""How copies of a text are altered in the bench: excerpts in other text, word swaps, modern spelling, …"""

from __future__ import annotations

import random
import re
import string
import textwrap
from collections.abc import Callable

from tests.bench.text_corpus import Document

WORD = re.compile(r"\S+")
MODERN = {
    "thee": "you", "thou": "you", "ye": "you", "thy": "your", "thine": "your", "hath": "has", "doth": "does",
    "hast": "have", "art": "are", "shalt": "shall", "wilt": "will", "dost": "do", "didst": "did",
    "canst": "can", "spake": "spoke", "unto": "to", "shew": "show", "shewed": "showed", "saith": "says",
}
AMERICAN_TO_BRITISH = {"color": "colour", "honor": "honour", "favor": "favour", "center": "centre",
                       "gray": "grey", "behavior": "behaviour", "labor": "labour", "neighbor": "neighbour"}


def excerpt(doc: Document, words: int, rng: random.Random, plain: bool = False) -> str:
    """`words` consecutive words from the document's own text (not its template)."""
    text = doc.plain if plain else doc.text[doc.body[0] : doc.body[1]]
    spans = [m.span() for m in WORD.finditer(text)]
    first = rng.randrange(0, max(1, len(spans) - words))
    last = min(len(spans), first + words) - 1
    return text[spans[first][0] : spans[last][1]]


def embed(passage: str, filler: str, rng: random.Random, around: int) -> str:
    """Put `passage` in the middle of `around` words of unrelated filler text."""
    words = filler.split()
    start = rng.randrange(0, max(1, len(words) - around))
    chosen = words[start : start + around]
    cut = rng.randrange(0, len(chosen) + 1)
    return " ".join(chosen[:cut]) + "\n\n" + passage + "\n\n" + " ".join(chosen[cut:])


def replace_words(text: str, share: float, vocabulary: list[str], rng: random.Random) -> str:
    words = text.split()
    for i in rng.sample(range(len(words)), int(len(words) * share)):
        words[i] = rng.choice(vocabulary)
    return " ".join(words)


def modernise(text: str) -> str:
    """Archaic → modern spelling: thee/thou/hath/doth, -eth and -est verb endings, elided 'd."""

    def word(m: re.Match[str]) -> str:
        w = m.group(0)
        low = w.lower()
        if low in MODERN:
            new = MODERN[low]
        elif low.endswith("eth") and len(low) > 5 and low not in {"beneath", "teeth", "seventh"}:
            stem = low[:-3]
            new = stem + ("es" if stem.endswith(("o", "s", "sh", "ch", "x", "v", "k", "m")) else "s")
        elif low.endswith("est") and len(low) > 6 and low[:-3].endswith(("k", "w", "v")):
            new = low[:-3] + ("e" if low[:-3].endswith("v") else "")
        else:
            return w
        return new.capitalize() if w[0].isupper() else new

    text = re.sub(r"(\w)'d\b", r"\1ed", text)
    return re.sub(r"[A-Za-z]+", word, text)


def strip_punctuation(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text).lower().split())


def delete_punctuation(text: str) -> str:
    """ASCII punctuation deleted, as str.translate does it: "caller-supplied" becomes "callersupplied"."""
    return text.translate(_NO_PUNCTUATION)


def space_punctuation(text: str) -> str:
    """Punctuation turned into spaces, case kept: "caller-supplied" becomes "caller supplied"."""
    return re.sub(r"[^\w\s]", " ", text)


_NO_PUNCTUATION = str.maketrans("", "", string.punctuation)


def reorder_sentences(text: str, rng: random.Random) -> str:
    sentences = [s.strip() for s in re.split(r"(?<=[.;:?!])\s+", text) if s.strip()]
    rng.shuffle(sentences)
    return " ".join(sentences)


def other_edition(text: str, rng: random.Random) -> str:
    """Another edition: no verse numbers, other line breaks, modern and British spellings, lighter stops."""
    text = re.sub(r"^\s*\d+\s+", "", text, flags=re.M)
    text = modernise(" ".join(text.split()))
    for us, uk in AMERICAN_TO_BRITISH.items():
        text = re.sub(rf"\b{us}", uk, text)
    text = re.sub(r"(\w)iz(e|ed|es|ing|ation)\b", r"\1is\2", text)
    text = text.replace(";", ",").replace(" :", ":")
    return textwrap.fill(text, width=rng.randrange(38, 75))


Transform = Callable[[Document, str, list[str], random.Random], str]


def _excerpt80(doc: Document, filler: str, vocab: list[str], rng: random.Random) -> str:
    return embed(excerpt(doc, rng.randrange(80, 121), rng), filler, rng, 400)


def _swap15(doc: Document, filler: str, vocab: list[str], rng: random.Random) -> str:
    return embed(replace_words(excerpt(doc, 150, rng), 0.15, vocab, rng), filler, rng, 400)


def _modern(doc: Document, filler: str, vocab: list[str], rng: random.Random) -> str:
    return embed(modernise(excerpt(doc, 150, rng)), filler, rng, 400)


def _no_punctuation(doc: Document, filler: str, vocab: list[str], rng: random.Random) -> str:
    return strip_punctuation(embed(excerpt(doc, 120, rng), filler, rng, 400))


def _reordered(doc: Document, filler: str, vocab: list[str], rng: random.Random) -> str:
    return embed(reorder_sentences(excerpt(doc, 200, rng), rng), filler, rng, 400)


def _edition(doc: Document, filler: str, vocab: list[str], rng: random.Random) -> str:
    return embed(other_edition(excerpt(doc, 150, rng, plain=True), rng), filler, rng, 400)


def _pasted300(doc: Document, filler: str, vocab: list[str], rng: random.Random) -> str:
    return embed(excerpt(doc, 300, rng), filler, rng, 2000)


TRANSFORMS: dict[str, Transform] = {
    "excerpt 80-120 words": _excerpt80,
    "15% words replaced": _swap15,
    "modern spelling": _modern,
    "no punctuation/case": _no_punctuation,
    "sentences reordered": _reordered,
    "other edition": _edition,
    "300 words pasted": _pasted300,
}
