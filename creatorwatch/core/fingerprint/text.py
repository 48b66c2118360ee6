"""Text fingerprints: recognise a creator's scripts and texts in altered copies, excerpts and other editions.

A fingerprint keeps every canonical word (text_shingle.py; Chinese and Japanese, written without spaces, are cut
into words of about two characters, text_normalise._cuts), and a work's also its joined reading near the words
punctuation holds apart, so a copy whose punctuation was deleted, not turned into spaces, reads word for word too
(text_joined.py), then is read again as the work says it would read with spaces, so it counts the same words
(text_shingle.spaced_like); `Index` (text_index.py) finds regions through winnowed 4-word seeds and reads the
passage aligned there, every word weighted by its rarity in the library, so shared boilerplate and licence text
count for nothing (text_passage.py, text_boilerplate.py).

What a score means (measured by tests/bench/text.py on two corpus families, each held out from the other):
the best of three readings of the copied passage, each growing with its distinctive words:
- the longest verbatim run, 1 - exp(-(words - 5) / 30): the alert line 0.52 is crossed from 28 words (a quote
  a model regurgitates), 0.9 from 74, 0.96 at 100;
- the words matched in context, in any order and with words replaced, 1 - exp(-words / 80): 0.5 at 55;
  along a passage's diagonal, words kept in place among one-for-one swaps (synonyms) count 0.8 each less 0.3
  per swapped word, read as a verbatim run (100 words with 70% of them swapped reach the alert line);
- the share of the candidate that is the work's text (to the 4th power) times 1 - exp(-(words - 5) / 25), so the
  work itself, a verbatim excerpt of 100 words or a condensed copy read as near-certain (an exact copy of a text
  of 24 words reaches the alert line); a candidate that is one verbatim run of the work counts the lines it
  repeats as well, so a bare excerpt with parallel phrasing is near-certain too; when half or more of the
  candidate is the work's text, its passages count together, 1 - exp(-words / 80) on the matched words no
  other work holds, so a copy condensed to a few sentences with words replaced is found;
- a candidate that is the whole work word for word (one verbatim run over 90% of each) reads 0.95 or more once
  it holds the 24 distinctive words an exact copy needs to reach the alert line: a short poem copied whole is as
  certain as a novel.
Stock passages of manuals, licence notices with their own few words, and shared quotations reach about 0.47
on the bench's held-out distractors, below the alert line at 0.52.
"""

from __future__ import annotations

from pathlib import Path

from creatorwatch.core.errors import UnreadableMedia
from creatorwatch.core.files.textread import read_text
from creatorwatch.core.fingerprint.base import never_carried_over, nothing_more, search_whole
from creatorwatch.core.fingerprint.text_index import Index
from creatorwatch.core.fingerprint.text_shingle import VERSION, encode, fingerprint_of

KIND = "text"
DEFAULT_THRESHOLD = 0.52

__all__ = ["DEFAULT_THRESHOLD", "KIND", "VERSION", "Index", "carried_over", "fingerprint_candidate", "fingerprint_file",
           "fingerprint_text", "search_file", "search_more"]


def fingerprint_text(text: str, candidate: bool = False) -> bytes:
    """The fingerprint of a string, serialised: a work's, or a `candidate`'s (read as written only, text_joined.py)."""
    return encode(fingerprint_of(text, joined=not candidate))


def fingerprint_file(path: Path, candidate: bool = False) -> bytes:
    """Read a text document (plain, Markdown, Fountain, FDX, PDF, DOCX) and fingerprint its words."""
    text = read_text(Path(path))
    fingerprint = fingerprint_of(text, joined=not candidate)
    if fingerprint.words == 0:
        raise UnreadableMedia("this document has no words in it to compare")
    return encode(fingerprint)


def fingerprint_candidate(path: Path) -> bytes:
    """A candidate's fingerprint: its words as written, compared with both readings of each work."""
    return fingerprint_file(path, candidate=True)


search_file = search_whole(fingerprint_candidate)  # every part of its fingerprint may be looked at
search_more = nothing_more
carried_over = never_carried_over
