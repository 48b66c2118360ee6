"""The text index saved next to the library (Paths.cache/index/text), so a large library opens in a moment.

Sorting every 4-word shingle of 10,000 feature-length scripts (200 million of them) takes about a minute; the
saved copy holds the sorted arrays and every work's fingerprint laid end to end, and is memory-mapped at start,
so the app reads only the pages a search touches. The manifest names the works it holds (a signature of their
ids and fingerprint sizes), the format and how shingles are hashed: a copy that does not agree, or is cut short
or unreadable (a process killed while writing, a full disk), is ignored and the index is built afresh.
"""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

from creatorwatch.core.fingerprint import index_cache
from creatorwatch.core.fingerprint.text_shingle import _FORMAT, GRAM, shingles
from creatorwatch.core.store.atomic import fsync_folder, replace_folder

log = logging.getLogger(__name__)

FORMAT = "text-index-1"
BLOBS = ("ids", "sizes", "at", "blobs")  # the works in index order; where each fingerprint lies in `blobs`
ALIGN = 8  # each fingerprint starts on a multiple of this, so its uint32 arrays are aligned


def _hashing() -> int:
    """A checksum of how shingles are hashed today: a copy saved by a version that hashed them otherwise holds
    keys no search would find."""
    return int(shingles(np.arange(1, 2 * GRAM + 1, dtype=np.uint16)).astype(np.uint64).sum())


def _manifest(works: Iterable[tuple[int, int]]) -> dict[str, Any]:
    """What a saved copy's manifest says: how it was made, and a signature of the works it holds ((work id,
    fingerprint size) pairs), checked against its own list of works when it is opened."""
    return {"format": FORMAT, "fingerprint": _FORMAT, "hashing": _hashing(),
            "works": index_cache.signature(list(works))}


def save(folder: Path, blobs: list[tuple[int, Any]], arrays: dict[str, np.ndarray]) -> bool:
    """Write the works' fingerprints (in index order) and the index's `arrays` into `folder`, replacing what was
    there only once all is written. False (and nothing replaced) when the disk refuses."""
    fresh = folder.with_name(folder.name + ".new")
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(fresh, ignore_errors=True)
        fresh.mkdir()
        sizes = np.array([len(blob) for _, blob in blobs], np.int64)
        padded = (sizes + ALIGN - 1) // ALIGN * ALIGN
        at = np.concatenate(([0], np.cumsum(padded)[:-1])).astype(np.int64) if len(blobs) else sizes
        laid = np.lib.format.open_memmap(fresh / "blobs.npy", mode="w+", dtype=np.uint8,
                                         shape=(int(padded.sum()),))
        for (_, blob), start, size in zip(blobs, at.tolist(), sizes.tolist(), strict=True):
            laid[start : start + size] = np.frombuffer(blob, np.uint8, size)
        laid.flush()
        del laid
        ids = np.array([work_id for work_id, _ in blobs], np.int64)
        for name, array in {"ids": ids, "sizes": sizes, "at": at, **arrays}.items():
            np.save(fresh / f"{name}.npy", np.ascontiguousarray(array))
        lengths = {name: len(array) for name, array in arrays.items()}
        meta = {**_manifest(zip(ids.tolist(), sizes.tolist(), strict=True)), "lengths": lengths,
                "arrays": sorted(arrays)}
        (fresh / index_cache.MANIFEST).write_text(json.dumps(meta))
        fsync_folder(fresh)
        replace_folder(fresh, folder)
        return True
    except OSError as exc:
        log.warning("the text index could not be saved in %s (it is built afresh next time): %s", folder, exc)
        shutil.rmtree(fresh, ignore_errors=True)
        return False


def load(folder: Path) -> tuple[list[tuple[int, np.ndarray]], dict[str, np.ndarray]] | None:
    """The works' fingerprints (views of the memory-mapped file, in index order) and the index's arrays saved
    in `folder`; None when there are none, or they were saved otherwise or cannot be read whole."""
    try:
        meta = json.loads((folder / index_cache.MANIFEST).read_text())
        if any(meta.get(key) != value for key, value in _manifest([]).items() if key != "works"):
            return None
        saved = index_cache.load(folder, (*BLOBS, *meta["arrays"]), {})
        if saved is None:
            return None
        ids, sizes, at, laid = (saved.pop(name) for name in BLOBS)
        if not len(ids) == len(sizes) == len(at) or (len(at) and int((at + sizes).max()) > len(laid)):
            return None
        if index_cache.signature(np.stack((ids, sizes), axis=1)) != meta["works"]:
            return None
        if any(len(saved[name]) != length for name, length in meta["lengths"].items()):
            return None
        blobs = [(work_id, laid[start : start + size])
                 for work_id, start, size in zip(ids.tolist(), at.tolist(), sizes.tolist(), strict=True)]
        return blobs, saved
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.info("the saved text index in %s is not usable, so it is built afresh: %s", folder, exc)
        return None
