"""The library's fingerprints held in memory, one searchable index per kind, loaded from the data file at start."""

from __future__ import annotations

import logging
from pathlib import Path
from types import ModuleType

from creatorwatch.core.fingerprint.base import Hit, ModalityIndex, UnreadableMedia
from creatorwatch.core.fingerprint.registry import KINDS, modality
from creatorwatch.core.library import Library

log = logging.getLogger(__name__)


class LibraryIndex:
    """Search every kind of work at once; kept in step with the library by add/remove."""

    def __init__(self) -> None:
        self._indexes: dict[str, ModalityIndex] = {}

    @classmethod
    def load(cls, library: Library) -> LibraryIndex:
        index = cls()
        for kind in KINDS:
            module = modality(kind)
            index._indexes[kind] = module.Index()
            index._indexes[kind].add_many(_current_blobs(library, kind, module))
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

    def __len__(self) -> int:
        return sum(len(index) for index in self._indexes.values())


def _current_blobs(library: Library, kind: str, module: ModuleType) -> list[tuple[int, bytes]]:
    """Stored fingerprints; those from an older format are recomputed from the work's file when it is there."""
    blobs = []
    for work_id, version, blob in library.fingerprints(kind):
        if version == module.VERSION:
            blobs.append((work_id, blob))
            continue
        work = library.get(work_id)
        try:
            fresh = module.fingerprint_file(Path(work.path)) if work else None
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
