"""What the image and audio benches share: a scored candidate, its cached manifest, and the threshold that allows
a given FP rate."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Candidate:
    path: str
    transform: str
    work: int | None  # index of the library work it copies; None for distractors
    ours: dict[int, float] = field(default_factory=dict)
    peer: dict[int, float] = field(default_factory=dict)


def cached_candidates(folder: Path, make: Callable[[Path], list[Candidate]],
                      transforms: Iterable[str] = ()) -> list[Candidate]:
    """The candidates listed in folder/manifest.json, or those `make(folder)` writes there (then listed): altered
    copies are made once, and every later run scores the very same files. A manifest without one of
    `transforms` (an edit added to the bench since) is made again: `make` reuses the files already there."""
    manifest = folder / "manifest.json"
    if manifest.exists():  # files are listed by name, in the folder (older manifests held whole paths)
        rows = json.loads(manifest.read_text())
        if set(transforms) <= {row["transform"] for row in rows}:
            return [Candidate(**{**row, "path": str(folder / Path(row["path"]).name)}) for row in rows]
    folder.mkdir(parents=True, exist_ok=True)
    candidates = make(folder)
    manifest.write_text(json.dumps([{"path": Path(c.path).name, "transform": c.transform, "work": c.work}
                                    for c in candidates]))
    return candidates


def threshold_at_fp(candidates: list[Candidate], system: str, max_fp: float = 0.01, floor: float = 0.0) -> float:
    """The lowest score threshold at which at most `max_fp` of the distractor candidates match anything."""
    tops = sorted((max(getattr(c, system).values(), default=0.0) for c in candidates if c.work is None), reverse=True)
    allowed = int(max_fp * len(tops))
    lowest = float(tops[allowed]) + 1e-6 if allowed < len(tops) else 0.0
    return max(lowest, floor)
