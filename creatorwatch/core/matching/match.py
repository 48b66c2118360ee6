"""Candidate file ─► fingerprint ─► index ─► scored, explained matches against the creator's library."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from creatorwatch.core.errors import UnreadableMedia
from creatorwatch.core.fingerprint.base import Hit, replacing
from creatorwatch.core.fingerprint.registry import KINDS, modality
from creatorwatch.core.library.sniff import sniff_file
from creatorwatch.core.library.works import Library, Work, sha256_file, unfindable_reason
from creatorwatch.core.matching.index import LibraryIndex
from creatorwatch.core.store.preferences import load_preferences
from creatorwatch.core.voice.matcher import DEFAULT_THRESHOLD as VOICE_THRESHOLD
from creatorwatch.core.voice.matcher import VoiceMatcher, voice_matcher


@dataclass(frozen=True)
class Match:
    work: Work
    kind: str
    score: float
    evidence: dict[str, Any]

    def as_json(self) -> dict[str, Any]:
        return {
            "work_id": self.work.id, "work_path": self.work.path, "work_title": self.work.title,
            "kind": self.kind, "score": round(self.score, 4), "evidence": self.evidence,
        }


class Matcher:
    """Matches candidates against the library, alerting at each modality's line moved by the creator's sensitivity."""

    def __init__(self, library: Library, index: LibraryIndex | None = None,
                 thresholds: Mapping[str, float] | None = None, cache: Path | None = None) -> None:
        """`cache` (Paths.cache) lets a large library's index reopen from disk instead of being rebuilt."""
        self.library = library
        self.index = index if index is not None else LibraryIndex.load(library, cache)
        self.thresholds = dict(thresholds) if thresholds is not None else _chosen_thresholds(library)

    def threshold(self, kind: str) -> float:
        return self.thresholds.get(kind, modality(kind).DEFAULT_THRESHOLD)

    def match_file(self, path: Path) -> list[Match]:
        """Library works that `path` copies, best first. Raises UnreadableMedia for a file it cannot read."""
        kind = sniff_file(path).kind
        hits = self.index.search_file(kind, path, self.threshold(kind))
        matches = self._matches(kind, self._same_file(kind, hits, sha256_file(path), path))
        return best_first(matches + self.match_voices(path)) if kind == "audio" else matches

    def match_voices(self, path: Path) -> list[Match]:
        """Enrolled voices heard in the audio `path`; none without the voice extra or an enrolled voice."""
        if self._voices is None:
            return []
        hits = self._voices.match_file(path, self.thresholds.get("voice", VOICE_THRESHOLD))
        return [m for m in (self._to_match("voice", hit) for hit in hits) if m is not None]

    @cached_property
    def _voices(self) -> VoiceMatcher | None:
        return voice_matcher(self.library.db)

    def match_fingerprint(self, kind: str, blob: bytes, path: Path | None = None,
                          sha256: str | None = None) -> list[Match]:  # fmt: skip
        """Library works a kept fingerprint copies, best first; with its file `path` still at hand, also what only
        the file, read again, shows (a collage's other pictures); with the file's `sha256`, a work it is byte for
        byte."""
        hits = self.index.search(kind, blob, self.threshold(kind))
        if path is not None:
            hits = replacing(hits, self.index.search_more(kind, path, hits, self.threshold(kind)))  # a closer look
            # at a work takes its first hit's place
        return self._matches(kind, self._same_file(kind, hits, sha256, path))

    def _same_file(self, kind: str, hits: list[Hit], sha256: str | None, path: Path | None = None) -> list[Hit]:
        """The hits, with a work the candidate (at `path`, if at hand) is byte for byte at 1.0: an identical file is
        a copy for certain, however much of it other works share (a 3-second jingle inside a longer intro the
        creator also added splits its hashes with it; a poem inside their collection, its phrases). Not a work
        whose copies cannot be found at all (add warned of it): a licence's identical text is everyone's."""
        row = self.library.db.execute(
            "SELECT w.id, w.path, f.data FROM works w JOIN fingerprints f ON f.work_id = w.id AND f.kind = w.kind"
            " WHERE w.sha256 = ? AND w.kind = ?", [sha256, kind]).fetchone() if sha256 else None
        if row is None or not self._findable(kind, path or Path(row[1]), row[2]):
            return hits
        own = next((h for h in hits if h.work_id == row[0]), None)
        return [Hit(row[0], 1.0, {**(own.evidence if own else {}), "identical_file": True}),
                *(h for h in hits if h.work_id != row[0])]  # fmt: skip

    def _findable(self, kind: str, file: Path, blob: bytes) -> bool:
        """Whether an identical copy of the work (its file, or one identical to it, at `file`) is found on its own."""
        if kind != "text" and not file.is_file():
            return False
        try:
            return not unfindable_reason(kind, file, blob, self.threshold(kind))
        except (UnreadableMedia, OSError, ValueError):  # a fingerprint of an older version, a file gone meanwhile
            return False

    def _matches(self, kind: str, hits: list[Hit]) -> list[Match]:
        return best_first([m for m in (self._to_match(kind, hit) for hit in hits) if m is not None])

    def _to_match(self, kind: str, hit: Hit) -> Match | None:
        work = self.library.get(hit.work_id)
        if work is None:
            return None
        return Match(work, kind, min(1.0, max(0.0, hit.score)), hit.evidence)


def best_first(matches: list[Match]) -> list[Match]:
    """The order every list of matches is shown in (the CLI contract): the highest score first. A collage's hits
    come in the order they were found — the whole picture's first, what lies beside it after — not by score."""
    return sorted(matches, key=lambda m: -m.score)


def _chosen_thresholds(library: Library) -> dict[str, float]:
    """Each modality's alert line, moved by the sensitivity the creator chose in Settings (normal: unmoved)."""
    prefs = load_preferences(library.db)
    return {kind: prefs.threshold(kind, modality(kind).DEFAULT_THRESHOLD) for kind in KINDS}
