"""The library's fingerprints held in memory, one searchable index per kind, loaded from the data file at start."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

from creatorwatch.core.errors import UnreadableMedia
from creatorwatch.core.fingerprint import index_cache
from creatorwatch.core.fingerprint.base import Hit, Modality, ModalityIndex
from creatorwatch.core.fingerprint.registry import KINDS, modality
from creatorwatch.core.library.works import Library

log = logging.getLogger(__name__)
WORKS_FORMAT = 1  # of the saved record of which file each work id named


class LibraryIndex:
    """Search every kind of work at once; kept in step with the library by add/remove."""

    def __init__(self) -> None:
        self._indexes: dict[str, ModalityIndex] = {}

    @classmethod
    def load(cls, library: Library, cache: Path | None = None) -> LibraryIndex:
        """The library's index; with `cache` (Paths.cache), a kind that can save its index reopens it from there."""
        index = cls()
        for kind in KINDS:
            index._indexes[kind] = _open(library, kind, modality(kind), cache)
        return index

    def modality_index(self, kind: str) -> ModalityIndex:
        if kind not in self._indexes:
            self._indexes[kind] = modality(kind).Index()
        return self._indexes[kind]

    def add(self, kind: str, work_id: int, blob: bytes) -> None:
        self.modality_index(kind).add(work_id, blob)

    def remove(self, kind: str, work_id: int) -> None:
        self.modality_index(kind).remove(work_id)

    def search(self, kind: str, blob: bytes, threshold: float) -> list[Hit]:
        return self.modality_index(kind).search(blob, threshold)

    def search_file(self, kind: str, path: Path, threshold: float) -> list[Hit]:
        """The hits of the candidate file `path`, fingerprinted no further than the search needs."""
        return modality(kind).search_file(self.modality_index(kind), path, threshold)

    def search_more(self, kind: str, path: Path, hits: list[Hit], threshold: float) -> list[Hit]:
        """The hits only the candidate's file, read again, gives beside those of its kept fingerprint (a collage's
        other pictures)."""
        return modality(kind).search_more(self.modality_index(kind), path, hits, threshold)

    def __len__(self) -> int:
        return sum(len(index) for index in self._indexes.values())


def _open(library: Library, kind: str, module: Modality, cache: Path | None) -> ModalityIndex:
    """A kind's index: its saved copy when that still holds exactly the stored fingerprints, else built afresh."""
    if cache is None:
        index = module.Index()
        index.add_many(_current_blobs(library, kind, module))
        return index
    folder = cache / "index" / kind
    if _reassigned(library, kind, module, folder.with_name(f"{kind}-works")):
        index_cache.remove(folder)
    index = module.Index(cache_dir=folder)
    sizes = library.db.execute(
        "SELECT work_id, length(data) FROM fingerprints WHERE kind = ? AND version = ?", [kind, module.VERSION]
    ).fetchall()
    restored = index.restore((int(w), int(n)) for w, n in sizes)
    blobs = _current_blobs(library, kind, module, outdated_only=restored)
    if restored and index.lacking():  # works added since the copy was saved
        blobs += _blobs_of(library, kind, module, sorted(index.lacking()))
    index.add_many(blobs)
    return index


def _reassigned(library: Library, kind: str, module: Modality, folder: Path) -> bool:
    """Whether a work id the saved index was opened with now names another work (and then it must be built
    afresh). SQLite gives the newest work's id again once that work is removed, and fingerprints are often the
    same size (an image's nearly always is), so the saved copy, signed by (work id, size), held the removed
    work under the new one's id: a copy of the removed picture was credited to the new one, whose own copies
    went unfound. `folder` keeps which file (by SHA-256) each id named when the index was last opened; the
    index is only ever saved as it was opened, so that is what its saved copy holds."""
    rows = library.db.execute(
        "SELECT w.id, w.sha256 FROM works w JOIN fingerprints f ON f.work_id = w.id "
        "WHERE f.kind = ? AND f.version = ? ORDER BY w.id", [kind, module.VERSION]
    ).fetchall()
    ids = np.array([w for w, _ in rows], np.int64)
    files = np.array([int(sha[:16], 16) for _, sha in rows], np.uint64)
    saved = index_cache.load(folder, ("ids", "files"), {"format": WORKS_FORMAT})
    if saved is not None and np.array_equal(saved["ids"], ids) and np.array_equal(saved["files"], files):
        return False
    if not index_cache.save(folder, {"ids": ids, "files": files}, {"format": WORKS_FORMAT}):
        return True  # unrecorded, the next opening could not tell: the saved copy is not to be trusted
    if saved is None:  # first opened by this version: a saved copy from before may hold a reassigned id already
        return True
    held = dict(zip(saved["ids"].tolist(), saved["files"].tolist(), strict=True))
    return any(held.get(w, f) != f for w, f in zip(ids.tolist(), files.tolist(), strict=True))


def _blobs_of(library: Library, kind: str, module: Modality, work_ids: list[int]) -> list[tuple[int, bytes]]:
    """The current fingerprints of these works."""
    blobs = []
    for first in range(0, len(work_ids), 500):
        chosen = work_ids[first : first + 500]
        blobs += library.db.execute(
            f"SELECT work_id, data FROM fingerprints WHERE kind = ? AND version = ? "
            f"AND work_id IN ({','.join('?' * len(chosen))})", [kind, module.VERSION, *chosen]
        ).fetchall()
    return [(int(w), blob) for w, blob in blobs]


def _current_blobs(
    library: Library, kind: str, module: Modality, outdated_only: bool = False
) -> list[tuple[int, bytes]]:
    """Stored fingerprints; those from an older format carried over (Modality.carried_over) or recomputed from
    the work's file when it is there."""
    blobs = []
    rows = library.fingerprints(kind) if not outdated_only else library.db.execute(
        "SELECT work_id, version, data FROM fingerprints WHERE kind = ? AND version != ?", [kind, module.VERSION]
    )
    for work_id, version, blob in rows:
        if version == module.VERSION:
            blobs.append((work_id, blob))
            continue
        work = library.get(work_id)
        try:
            fresh = module.carried_over(blob, version)
            if fresh is None and work is not None:
                fresh = module.fingerprint_file(Path(work.path))
        except (OSError, UnreadableMedia) as exc:
            log.warning("work %s keeps an outdated fingerprint: %s", work_id, exc)
            continue
        if fresh is not None:
            library.db.execute(
                "UPDATE fingerprints SET version = ?, data = ? WHERE work_id = ? AND kind = ?",
                [module.VERSION, fresh, work_id, kind],
            )
            blobs.append((work_id, fresh))
    return blobs
