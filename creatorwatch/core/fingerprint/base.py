"""The contract every modality (image, audio, text) keeps, so matching and the library treat them alike: `Modality`,
a Protocol each modality module satisfies (mypy checks it where registry.modality returns the module).

Scores are in 0..1 and mean the same in every modality: below 0.5 is not a match the app would show,
DEFAULT_THRESHOLD (about 0.5) is the alert line, 0.9 and above is near-certain.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol


@dataclass(frozen=True)
class Hit:
    """One library work that a candidate matches."""

    work_id: int
    score: float
    evidence: dict[str, Any] = field(default_factory=dict)  # JSON-serialisable, explains the match


def best_of_each(hits: Iterable[Hit]) -> list[Hit]:
    """One hit per work, its best: a work found twice in one search (by two stages, or as it is and mirrored)."""
    best: dict[int, Hit] = {}
    for hit in hits:
        if hit.work_id not in best or hit.score > best[hit.work_id].score:
            best[hit.work_id] = hit
    return list(best.values())


def replacing(hits: Iterable[Hit], closer: Iterable[Hit]) -> list[Hit]:
    """The hits with each of `closer` in place of the one for its work (a closer look at it), or beside them."""
    kept = {hit.work_id: hit for hit in hits}
    kept.update((hit.work_id, hit) for hit in closer)
    return list(kept.values())


class ModalityIndex(ABC):
    """Fingerprints of the library's works, searchable faster than one by one."""

    @abstractmethod
    def add(self, work_id: int, blob: bytes) -> None: ...

    @abstractmethod
    def remove(self, work_id: int) -> None: ...

    @abstractmethod
    def __len__(self) -> int: ...

    @abstractmethod
    def search(self, blob: bytes, threshold: float) -> list[Hit]:
        """Works matching the candidate fingerprint `blob` with score >= threshold, best first."""

    def add_many(self, items: Iterable[tuple[int, bytes]]) -> None:
        for work_id, blob in items:
            self.add(work_id, blob)

    def restore(self, works: Iterable[tuple[int, int]]) -> bool:
        """Reopen the copy saved in the index's cache folder if it holds exactly `works` ((work id, fingerprint
        size) pairs); False when it does not, or (as here) when the index keeps no saved copy."""
        return False

    def lacking(self) -> set[int]:
        """Works of the last `restore` that the reopened copy does not hold (the caller adds them): an index that
        can reopen a copy saved before some works were added holds all the others, so those few are merged in
        rather than the whole index built again. None here: this index reopens all or nothing."""
        return set()


class Modality(Protocol):
    """What a modality module (fingerprint/image.py, audio.py, text.py) exposes."""

    @property
    def KIND(self) -> str:  # "image" | "audio" | "text"
        ...

    @property
    def VERSION(self) -> int:  # bump when the fingerprint format changes (stored blobs get recomputed)
        ...

    @property
    def DEFAULT_THRESHOLD(self) -> float:  # the score at or above which the app alerts (measured by tests/bench)
        ...

    def fingerprint_file(self, path: Path) -> bytes:
        """Decode the file and return its fingerprint, serialised for SQLite. Raises UnreadableMedia with plain
        words for a file it cannot read. Used for works, at import."""
        ...

    def fingerprint_candidate(self, path: Path) -> bytes:
        """fingerprint_file() for a file that is only searched for, never added as a work (checks, `match`, probe
        replies): a modality may leave out what only works need. Matches against the same indexes."""
        ...

    def search_file(self, index: ModalityIndex, path: Path, threshold: float) -> list[Hit]:
        """index.search(fingerprint_candidate(path), threshold), the same hits: a modality may leave out of the
        candidate's fingerprint what this search would not look at (a check keeps its candidates' fingerprints
        for works added later, so it fingerprints them whole)."""
        ...

    def search_more(self, index: ModalityIndex, path: Path, hits: list[Hit], threshold: float) -> list[Hit]:
        """The hits a search of the candidate's kept fingerprint (`hits`) cannot give and its file, read again,
        can: a picture's other pictures of a collage. A check searches the fingerprint it keeps, then this."""
        ...

    def carried_over(self, blob: bytes, version: int) -> bytes | None:
        """A work's fingerprint made by an older `version`, as this version would make it, where the blob alone
        tells (None: the work's file must be read again). A version bump then costs a large library nothing for
        the works it did not change, and a work whose file is gone keeps being found."""
        ...

    def Index(self, cache_dir: Path | None = None) -> ModalityIndex:  # the module's index class
        """A new index over stored fingerprints; one given `cache_dir` may keep a saved copy there (restore)."""
        ...


def search_whole(fingerprint_candidate: Callable[[Path], bytes]) -> Callable[[ModalityIndex, Path, float], list[Hit]]:
    """Modality.search_file for a modality whose search may look at every part of a candidate's fingerprint."""

    def search_file(index: ModalityIndex, path: Path, threshold: float) -> list[Hit]:
        return index.search(fingerprint_candidate(path), threshold)

    return search_file


def nothing_more(index: ModalityIndex, path: Path, hits: list[Hit], threshold: float) -> list[Hit]:
    """Modality.search_more for a modality whose kept fingerprint tells all a search can find."""
    return []


def never_carried_over(blob: bytes, version: int) -> bytes | None:
    """Modality.carried_over for a modality whose older fingerprints all need the work's file read again."""
    return None
