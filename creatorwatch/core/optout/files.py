"""Files written for the creator: a temporary name in the same folder, then renamed into place."""

from __future__ import annotations

import os
from pathlib import Path

from creatorwatch.core.store.atomic import AtomicFile


def write_atomic(path: Path, data: bytes, mode: int = 0o644) -> Path:
    """Write `data` to `path` so that it is either the old file or the whole new one, never half of it."""
    with AtomicFile(path) as file:
        file.handle.write(data)
        os.chmod(file.partial, mode)  # these are for the creator to upload and share
        file.commit()
    return path
