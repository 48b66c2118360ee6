"""A modality's index arrays saved on disk, so a large library reopens in a blink instead of being rebuilt.

Arrays are written with np.save and read back memory-mapped; a small manifest says what they hold, and a
folder whose manifest does not agree with what the caller expects is ignored (the caller rebuilds it). The copy
only saves time: where the disk refuses it (full, read-only), the index lives in memory and is built afresh next
time, so a full disk never stops a search.
"""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import numpy as np

from creatorwatch.core.store.atomic import replace_folder

MANIFEST = "manifest.json"
log = logging.getLogger(__name__)


def signature(works: Iterable[tuple[int, int]] | np.ndarray) -> str:
    """A digest of (work id, fingerprint size) pairs, whatever their order: a sum of mixed 64-bit hashes, so
    that a large index can sign itself in a millisecond after each change."""
    pairs = works if isinstance(works, np.ndarray) else np.array(list(works), np.int64)
    pairs = pairs.reshape(-1, 2).astype(np.uint64)
    mixed = _mix(_mix(pairs[:, 0]) ^ pairs[:, 1])
    return f"{len(pairs)}-{int(mixed.sum(dtype=np.uint64)):016x}-{int(_mix(mixed).sum(dtype=np.uint64)):016x}"


def _mix(values: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser, element-wise (arithmetic wraps modulo 2^64)."""
    z = values + np.uint64(0x9E3779B97F4A7C15)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def save(folder: Path, arrays: dict[str, np.ndarray], meta: dict[str, Any]) -> bool:
    """Write `arrays` and `meta` into `folder`, replacing what was there only once all is written. False (and
    nothing replaced) when the disk refuses."""

    def fill(fresh: Path) -> None:
        folder.parent.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(fresh, ignore_errors=True)
        fresh.mkdir()
        for name, array in arrays.items():
            np.save(fresh / f"{name}.npy", np.ascontiguousarray(array))
        (fresh / MANIFEST).write_text(json.dumps({**meta, "arrays": sorted(arrays)}))

    return replaced_whole(folder, folder.with_name(folder.name + ".new"), fill)


def replaced_whole(folder: Path, fresh: Path, fill: Callable[[Path], None]) -> bool:
    """`fill` the folder `fresh`, then put it in place of `folder`: all of it, or nothing and False where the disk
    refuses (full, read-only), what is there is kept and the index is built afresh when next opened."""
    try:
        fill(fresh)
        replace_folder(fresh, folder)
        return True
    except OSError as exc:
        log.warning("an index could not be saved in %s (it is built afresh next time): %s", folder, exc)
        shutil.rmtree(fresh, ignore_errors=True)
        return False


def load(folder: Path, names: Iterable[str], expected: dict[str, Any]) -> dict[str, np.ndarray] | None:
    """The arrays `names` saved in `folder` (memory-mapped) if every key of `expected` agrees with its
    manifest; else None."""
    try:
        meta = json.loads((folder / MANIFEST).read_text())
        if any(meta.get(key) != value for key, value in expected.items()):
            return None
        return {name: np.load(folder / f"{name}.npy", mmap_mode="r") for name in names}
    except (OSError, ValueError):
        return None


def remove(folder: Path) -> None:
    """Forget what is saved in `folder`."""
    shutil.rmtree(folder, ignore_errors=True)
