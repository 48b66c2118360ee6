"""The text index saved next to the library (Paths.cache/index/text), so a large library opens in a moment.

Sorting every 4-word shingle of 10,000 feature-length scripts (200 million of them) takes about a minute; the
saved copy holds the sorted arrays and every work's fingerprint, and is memory-mapped at start, so the app
reads only the pages a search touches. The manifest says how the copy was made (format, how shingles are
hashed) and signs the works it holds; a copy that does not agree, or is cut short or unreadable (a process
killed while writing, a full disk), is ignored and the index is built afresh.

Fingerprints lie end to end in a few "part" files that never change once written: saving again after a script
is added writes a part for the new scripts only and links the others into the new copy (a gigabyte at 10,000
scripts is not copied each time); once the parts hold mostly removed works, they are written afresh as one.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from creatorwatch.core.fingerprint import index_cache
from creatorwatch.core.fingerprint.text_shingle import FORMAT as FINGERPRINT_FORMAT
from creatorwatch.core.fingerprint.text_shingle import GRAM, VERSION, shingles
from creatorwatch.core.store.atomic import fsync_folder

log = logging.getLogger(__name__)

FORMAT = "text-index-1"
PLACES = ("ids", "sizes", "part", "at")  # the works in index order; which part holds each, where
ALIGN = 8  # each fingerprint starts on a multiple of this, so its uint32 arrays are aligned
DEAD = 0.5  # share of the parts' bytes that are removed works' at which they are written afresh
ABANDONED_SECONDS = 3600.0  # a half-written copy this old belongs to a process that was killed


@dataclass(frozen=True)
class Saved:
    """A saved copy as opened: the works' fingerprints (views of the memory-mapped parts, in index order), where
    each lies (work id: part name, offset; for the next save) and the index's arrays."""

    blobs: list[tuple[int, np.ndarray]]
    places: dict[int, tuple[str, int]]
    arrays: dict[str, np.ndarray]


def _hashing() -> int:
    """A checksum of how shingles are hashed today: a copy saved by a version that hashed them otherwise holds
    keys no search would find."""
    return int(shingles(np.arange(1, 2 * GRAM + 1, dtype=np.uint16)).astype(np.uint64).sum())


def _manifest(works: Iterable[tuple[int, int]]) -> dict[str, Any]:
    """What a saved copy's manifest says: how it was made, and a signature of the works it holds ((work id,
    fingerprint size) pairs), checked against its own list of works when it is opened. A fingerprint remade in
    a new version may keep its size, so the version is part of it."""
    return {"format": FORMAT, "fingerprint": FINGERPRINT_FORMAT, "version": VERSION, "hashing": _hashing(),
            "works": index_cache.signature(list(works))}


def save(folder: Path, blobs: list[tuple[int, Any]], arrays: dict[str, np.ndarray],
         places: dict[int, tuple[str, int]]) -> bool:  # fmt: skip
    """Write the works' fingerprints (in index order) and the index's `arrays` into `folder`, replacing what was
    there only once all is written. `places` are the works whose fingerprint is the one in the copy there now
    (as Saved.places said): their parts are linked, not written again. False (and nothing replaced) when the
    disk refuses."""

    def fill(fresh: Path) -> None:
        folder.parent.mkdir(parents=True, exist_ok=True)
        _forget_abandoned(folder)
        fresh.mkdir()
        kept = {work_id: places[work_id] for work_id, _ in blobs if work_id in places}
        old_parts = {name for name, _ in kept.values()}
        held = sum((folder / name).stat().st_size for name in old_parts)
        if sum(len(blob) for work_id, blob in blobs if work_id in kept) < (1 - DEAD) * held:
            kept, old_parts = {}, set()  # mostly removed works: all written afresh
        for name in old_parts:
            _link(folder / name, fresh / name)
        written = _write_part(fresh, [(work_id, blob) for work_id, blob in blobs if work_id not in kept])
        where = {**kept, **written}
        ids = np.array([work_id for work_id, _ in blobs], np.int64)
        sizes = np.array([len(blob) for _, blob in blobs], np.int64)
        names = sorted({name for name, _ in where.values()})
        numbers = {name: number for number, name in enumerate(names)}
        part = np.array([numbers[where[work_id][0]] for work_id in ids.tolist()], np.int64)
        at = np.array([where[work_id][1] for work_id in ids.tolist()], np.int64)
        for name, array in {"ids": ids, "sizes": sizes, "part": part, "at": at, **arrays}.items():
            np.save(fresh / f"{name}.npy", np.ascontiguousarray(array))
        lengths = {name: len(array) for name, array in arrays.items()}
        meta = {**_manifest(zip(ids.tolist(), sizes.tolist(), strict=True)), "lengths": lengths,
                "arrays": sorted(arrays), "parts": names}
        (fresh / index_cache.MANIFEST).write_text(json.dumps(meta))
        fsync_folder(fresh)

    fresh = folder.with_name(f"{folder.name}.new-{uuid.uuid4().hex[:12]}")  # its own: two processes may save
    return index_cache.replaced_whole(folder, fresh, fill)


def _forget_abandoned(folder: Path) -> None:
    """Remove copies a killed process left half written beside `folder` (ones still being written are young)."""
    for left in folder.parent.glob(f"{folder.name}.new-*"):
        try:
            if time.time() - left.stat().st_mtime > ABANDONED_SECONDS:
                shutil.rmtree(left, ignore_errors=True)
        except OSError:
            pass


def _write_part(folder: Path, blobs: list[tuple[int, Any]]) -> dict[int, tuple[str, int]]:
    """A new part file in `folder` holding these fingerprints; where each one lies in it."""
    if not blobs:
        return {}
    name = f"blobs-{uuid.uuid4().hex[:12]}.npy"
    sizes = np.array([len(blob) for _, blob in blobs], np.int64)
    padded = (sizes + ALIGN - 1) // ALIGN * ALIGN
    at = np.concatenate(([0], np.cumsum(padded)[:-1]))
    laid = np.lib.format.open_memmap(folder / name, mode="w+", dtype=np.uint8, shape=(int(padded.sum()),))
    for (_, blob), start, size in zip(blobs, at.tolist(), sizes.tolist(), strict=True):
        laid[start : start + size] = np.frombuffer(blob, np.uint8, size)
    del laid
    return {work_id: (name, start) for (work_id, _), start in zip(blobs, at.tolist(), strict=True)}


def _link(source: Path, target: Path) -> None:
    """`target` is `source` (a part, which never changes): a hard link, or a copy where links are refused."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def load(folder: Path) -> Saved | None:
    """The copy saved in `folder`; None when there is none, or it was saved otherwise or cannot be read whole."""
    try:
        meta = json.loads((folder / index_cache.MANIFEST).read_text())
        if any(meta.get(key) != value for key, value in _manifest([]).items() if key != "works"):
            return None
        saved = index_cache.load(folder, (*PLACES, *meta["arrays"]), {})
        if saved is None:
            return None
        ids, sizes, part, at = (saved.pop(name) for name in PLACES)
        names = list(meta["parts"])
        parts = [np.load(folder / name, mmap_mode="r") for name in names]
        if not len(ids) == len(sizes) == len(part) == len(at) or any(
                int((at[part == n] + sizes[part == n]).max(initial=0)) > len(laid) for n, laid in enumerate(parts)):
            return None
        if index_cache.signature(np.stack((ids, sizes), axis=1)) != meta["works"]:
            return None
        if any(len(saved[name]) != length for name, length in meta["lengths"].items()):
            return None
        rows = zip(ids.tolist(), part.tolist(), at.tolist(), sizes.tolist(), strict=True)
        blobs, places = [], {}
        for work_id, n, start, size in rows:
            blobs.append((work_id, parts[n][start : start + size]))
            places[work_id] = (names[n], start)
        return Saved(blobs, places, saved)
    except (OSError, ValueError, KeyError, TypeError, IndexError) as exc:
        log.info("the saved text index in %s is not usable, so it is built afresh: %s", folder, exc)
        return None
