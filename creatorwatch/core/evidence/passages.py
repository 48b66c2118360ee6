"""The copied passages of a text match, quoted from both versions with the words that differ marked, so a reader
sees the copy itself instead of scores and character offsets."""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any

from creatorwatch.core.errors import UnreadableMedia
from creatorwatch.core.evidence.capture import captured_candidate
from creatorwatch.core.evidence.gather import MatchEvidence
from creatorwatch.core.evidence.report import Passage

MOST_PASSAGES = 3
MOST_WORDS = 160  # of each side of a passage; a longer one is cut in the middle
_WORD = re.compile(r"\S+")


def passages(m: MatchEvidence, work_file: Path | None, private: bool) -> list[Passage]:
    """Up to three copied passages, best first; the work's side is left out when the work is kept private."""
    found = m.finding.evidence.get("passages") if m.finding.kind == "text" else None
    if not isinstance(found, list) or not found:
        return []
    theirs = captured_candidate(m.captures)
    candidate_text = _read(theirs) if theirs else m.candidate_text
    work_text = "" if private or work_file is None else _read(work_file)
    out = []
    for item in found[:MOST_PASSAGES]:
        if not isinstance(item, dict):
            continue
        mine = _cut(work_text, item.get("work_span"))
        copy = _cut(candidate_text, item.get("candidate_span"))
        if not copy:
            continue
        work_side, candidate_side = marked_words(mine, copy) if mine else (None, [(copy, False)])
        out.append(Passage(float(item.get("score", 0.0)), words_as_read(mine, copy, int(item.get("matched_words", 0))),
                           work_side, candidate_side))
    return out


def words_as_read(mine: str, theirs: str, matched: int) -> int:
    """The copied words of a passage counted as a reader counts them in the quoted text: words between spaces that
    both versions have. The matcher counts its own tokens ("import-linter", "ui/bridge.py" are two and three), so
    a quote of 35 words read "38 copied words". Without the work's text (kept private), the candidate's words in
    the passage, at most the matcher's count."""
    if not mine:
        return min(matched, len(_WORD.findall(theirs))) if matched else len(_WORD.findall(theirs))
    a, b = _WORD.findall(mine), _WORD.findall(theirs)
    matcher = difflib.SequenceMatcher(None, [_plain(w) for w in a], [_plain(w) for w in b], autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks())


def marked_words(mine: str, theirs: str) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    """Both passages as runs of (text, differs): words only one version has, or has otherwise, are marked."""
    a, b = _shorten(_WORD.findall(mine)), _shorten(_WORD.findall(theirs))
    matcher = difflib.SequenceMatcher(None, [_plain(w) for w in a], [_plain(w) for w in b], autojunk=False)
    left: list[tuple[str, bool]] = []
    right: list[tuple[str, bool]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        differs = tag != "equal"
        if i2 > i1:
            left.append((" ".join(a[i1:i2]), differs))
        if j2 > j1:
            right.append((" ".join(b[j1:j2]), differs))
    return left, right


def _plain(word: str) -> str:
    return re.sub(r"[^\w]", "", word.casefold())


def _shorten(words: list[str]) -> list[str]:
    if len(words) <= MOST_WORDS:
        return words
    half = MOST_WORDS // 2
    return [*words[:half], "[…]", *words[-half:]]


def _cut(text: str, span: Any) -> str:
    try:
        start, end = (int(v) for v in span)
    except (TypeError, ValueError):
        return ""
    return text[start:end] if 0 <= start < end <= len(text) else ""


def _read(path: Path) -> str:
    from creatorwatch.core.files.textread import read_text

    try:
        return read_text(path)
    except (UnreadableMedia, OSError):
        return ""
