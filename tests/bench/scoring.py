"""What the image and audio benches share: a scored candidate, and the threshold that allows a given FP rate."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Candidate:
    path: str
    transform: str
    work: int | None  # index of the library work it copies; None for distractors
    ours: dict[int, float] = field(default_factory=dict)
    peer: dict[int, float] = field(default_factory=dict)


def threshold_at_fp(candidates: list[Candidate], system: str, max_fp: float = 0.01, floor: float = 0.0) -> float:
    """The lowest score threshold at which at most `max_fp` of the distractor candidates match anything."""
    tops = sorted((max(getattr(c, system).values(), default=0.0) for c in candidates if c.work is None), reverse=True)
    allowed = int(max_fp * len(tops))
    lowest = float(tops[allowed]) + 1e-6 if allowed < len(tops) else 0.0
    return max(lowest, floor)
