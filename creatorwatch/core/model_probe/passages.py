"""Which parts of a text work to ask a model about: the passages with the most distinctive words (names,
coinages, the creator's own vocabulary — words most texts never use), and the characters' names for cloze."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

from creatorwatch.core.fingerprint.text_align import COMMON
from creatorwatch.core.fingerprint.text_normalise import Words, canonical_words

PROMPT_WORDS = 50  # words shown to the model
TRUTH_WORDS = 150  # the true continuation its reply is aligned with
CLOZE_WORDS = 60  # words around a masked name
MASK = "[MASK]"
_SENTENCE_END = re.compile(r"[.!?:;\n]\W*$")


@dataclass(frozen=True)
class Passage:
    start_word: int
    prompt: str  # the first PROMPT_WORDS words, as written
    truth: str  # the next TRUTH_WORDS words, as written
    truth_offset: int  # where `truth` starts in the work's text (characters)


@dataclass(frozen=True)
class Cloze:
    name: str
    passage: str  # with the name replaced by MASK (every time it appears in the passage)
    offset: int  # where the passage starts in the work's text


def continuation_passages(text: str, count: int) -> list[Passage]:
    """Up to `count` non-overlapping passages that start a sentence, richest in distinctive words first."""
    words = canonical_words(text)
    span = PROMPT_WORDS + TRUTH_WORDS
    if len(words) < PROMPT_WORDS + 40:
        return []
    rich = _distinctive_mask(words, text).astype(np.int64)
    window = min(span, len(words))
    sums = np.convolve(rich, np.ones(window, np.int64), "valid")  # distinctive words in each window
    starts = [i for i in range(len(sums)) if _starts_sentence(text, words, i)] or [0]
    chosen: list[int] = []
    for start in sorted(starts, key=lambda i: (-int(sums[i]), i)):
        if all(abs(start - other) >= span for other in chosen):
            chosen.append(start)
        if len(chosen) == count:
            break
    return [_passage(text, words, start) for start in sorted(chosen)]


def opening(text: str) -> str:
    """The first TRUTH_WORDS words: what "quote the opening" should bring back."""
    words = canonical_words(text)
    if len(words) == 0:
        return ""
    last = min(len(words), TRUTH_WORDS) - 1
    return text[int(words.starts[0]):int(words.ends[last])]


def cloze_passages(text: str, count: int) -> list[Cloze]:
    """Passages with one character name masked, for the `count` names the text uses most."""
    words = canonical_words(text)
    written = [text[int(s):int(e)] for s, e in zip(words.starts, words.ends, strict=True)]
    names = character_names(text, words, written)
    found: list[Cloze] = []
    for name in names[:count]:
        places = [i for i, w in enumerate(written) if w == name]
        windows = []
        for at in places:
            first = max(0, min(at - CLOZE_WORDS // 2, len(written) - CLOZE_WORDS))
            last = min(len(written), first + CLOZE_WORDS) - 1
            windows.append((sum(1 for i in places if first <= i <= last), first, last))
        _, first, last = min(windows)  # the passage that names them least: the model must know who it is
        start, end = int(words.starts[first]), int(words.ends[last])
        pieces, at = [], start
        for i in (i for i in places if first <= i <= last):
            pieces += [text[at:int(words.starts[i])], MASK]
            at = int(words.ends[i])
        passage = "".join(pieces) + text[at:end]
        found.append(Cloze(name, " ".join(passage.split()), start))
    return found


def character_names(text: str, words: Words, written: list[str]) -> list[str]:
    """Capitalised words used at least twice, never in lower case, and not only after a full stop: names."""
    counts = Counter(written)
    lower = {w.lower() for w in written if w[:1].islower()}
    mid = {w for i, w in enumerate(written) if i and not _starts_sentence(text, words, i)}
    names = [w for w, n in counts.items() if n >= 2 and w[:1].isupper() and len(w) >= 3 and w.lower() not in lower
             and w.lower() not in COMMON and w in mid]
    return sorted(names, key=lambda w: (-counts[w], w))


def _distinctive_mask(words: Words, text: str) -> np.ndarray:
    mask = np.zeros(len(words), bool)
    for i, (s, e) in enumerate(zip(words.starts, words.ends, strict=True)):
        word = text[int(s):int(e)].lower()
        mask[i] = len(word) >= 4 and word not in COMMON
    return mask


def _starts_sentence(text: str, words: Words, i: int) -> bool:
    if i == 0:
        return True
    between = text[int(words.ends[i - 1]):int(words.starts[i])]
    before = text[max(0, int(words.ends[i - 1]) - 1):int(words.starts[i])]
    return bool(_SENTENCE_END.search(before)) or "\n" in between


def _passage(text: str, words: Words, start: int) -> Passage:
    cut = start + PROMPT_WORDS
    end = min(len(words), cut + TRUTH_WORDS) - 1
    prompt = text[int(words.starts[start]):int(words.ends[cut - 1])]
    truth_start = int(words.starts[cut])
    return Passage(start, prompt, text[truth_start:int(words.ends[end])], truth_start)
