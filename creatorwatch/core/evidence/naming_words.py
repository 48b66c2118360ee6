"""The sentences of a mention that name the creator, read from what the record keeps (the words the source gave,
then the kept copy of the file or page): a mention is shown by what it says, not by its file's name."""

from __future__ import annotations

import json
import re
from pathlib import Path

import sqlite_utils

from creatorwatch.core.errors import UnreadableMedia
from creatorwatch.core.evidence.capture import captured_candidate, captures_for
from creatorwatch.core.files.textread import read_text
from creatorwatch.core.library.sniff import sniff_file
from creatorwatch.core.records.findings import Finding
from creatorwatch.core.records.terms import term_pattern

MOST_SENTENCES = 5
LONGEST_SENTENCE = 300  # characters; a longer one (a file without full stops) is cut to the words around the term
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")


def naming_sentences(db: sqlite_utils.Database, finding: Finding) -> list[str]:
    """Up to MOST_SENTENCES sentences that name the mention's term; [] when none of the kept words do."""
    term = finding.term or ""
    if not term:
        return []
    return sentences_naming(_recorded_words(db, finding), term) or sentences_naming(_kept_words(db, finding), term)


def sentences_naming(text: str, term: str) -> list[str]:
    """The sentences of `text` that name `term` as the watch finds it (whole words, any case), each once."""
    pattern = term_pattern(term)
    found: list[str] = []
    for sentence in _SENTENCE_END.split(text):
        hit = pattern.search(sentence)
        if hit is None:
            continue
        shown = _around(" ".join(sentence.split()), term)
        if shown not in found:
            found.append(shown)
        if len(found) == MOST_SENTENCES:
            break
    return found


def term_spans(text: str, term: str) -> list[tuple[int, int]]:
    """Where `text` names `term`: the character spans to highlight."""
    return [hit.span() for hit in term_pattern(term).finditer(text)] if term else []


def _around(sentence: str, term: str) -> str:
    if len(sentence) <= LONGEST_SENTENCE:
        return sentence
    hit = term_pattern(term).search(sentence)
    middle = hit.start() if hit else 0
    start = max(0, middle - LONGEST_SENTENCE // 2)
    end = min(len(sentence), start + LONGEST_SENTENCE)
    return f"{'…' if start else ''}{sentence[start:end].strip()}{'…' if end < len(sentence) else ''}"


def _recorded_words(db: sqlite_utils.Database, finding: Finding) -> str:
    """The caption, prompt or page text the source gave; a file's name is not something the file says."""
    row = db.execute("SELECT title, text, meta FROM candidates WHERE id = ?", [finding.candidate_id]).fetchone()
    if row is None:
        return ""
    meta = json.loads(row[2] or "{}")
    title = "" if meta.get("title_is_file_name") else (row[0] or "")
    return "\n".join(part for part in (title, row[1] or "") if part)


def _kept_words(db: sqlite_utils.Database, finding: Finding) -> str:
    """The words of the copy kept when the mention was found (a text file from a watched folder, a page's text)."""
    kept = captured_candidate(captures_for(db, finding.candidate_url))
    return _words_in(kept) if kept is not None else ""


def _words_in(path: Path) -> str:
    try:
        return read_text(path) if sniff_file(path).kind == "text" else ""
    except (OSError, UnreadableMedia):
        return ""
