"""The audio index saved on disk, so a large library opens in a blink instead of being rebuilt from SQLite.

The arrays are written with np.save and read back memory-mapped; a small manifest names the works they
hold (id and fingerprint size each) and the format, and anything that does not agree is rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

import numpy as np

ARRAYS = ("postings", "starts", "base", "owner", "size")


def signature(works: Iterable[tuple[int, int]]) -> str:
    """A digest of (work id, fingerprint size) pairs, whatever their order."""
    digest = hashlib.sha256()
    for work_id, size in sorted(works):
        digest.update(f"{work_id}:{size};".encode())
    return digest.hexdigest()


def save(folder: Path, arrays: dict[str, np.ndarray], meta: dict) -> None:
    """Write `arrays` and `meta` into `folder`, replacing what was there only once all is written."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    fresh = folder.with_name(folder.name + ".new")
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir()
    for name in ARRAYS:
        np.save(fresh / f"{name}.npy", np.ascontiguousarray(arrays[name]))
    (fresh / "manifest.json").write_text(json.dumps(meta))
    old = folder.with_name(folder.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if folder.exists():
        os.replace(folder, old)
    os.replace(fresh, folder)
    shutil.rmtree(old, ignore_errors=True)


def load(folder: Path, expected: dict) -> tuple[dict[str, np.ndarray], dict] | None:
    """The saved arrays (memory-mapped) and manifest if every key of `expected` agrees; else None."""
    try:
        meta = json.loads((folder / "manifest.json").read_text())
        if any(meta.get(k) != v for k, v in expected.items()):
            return None
        arrays = {name: np.load(folder / f"{name}.npy", mmap_mode="r") for name in ARRAYS}
    except (OSError, ValueError):
        return None
    return arrays, meta
