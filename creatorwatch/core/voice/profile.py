"""How an enrolled work's voice is kept: its segment embeddings as float16, behind a format byte.

Each enrolled work keeps its own segments, so a voice can be rebuilt when works come and go; the voice itself is
their centroid. Only numpy here: the voice list works without the optional extra.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

FORMAT = 1  # first byte of a stored enrolment
DIM = 256


@dataclass(frozen=True)
class Enrolment:
    embeddings: np.ndarray  # n × DIM, unit length
    speech_seconds: float


def dump(enrolment: Enrolment) -> bytes:
    return bytes([FORMAT]) + enrolment.embeddings.astype("<f2").tobytes()


def load(blob: bytes) -> np.ndarray:
    """The segment embeddings stored by `dump`."""
    if not blob or blob[0] != FORMAT:
        raise ValueError("unknown voice enrolment format")
    return np.frombuffer(blob, "<f2", offset=1).reshape(-1, DIM).astype(np.float32)


def centroid(embeddings: np.ndarray) -> np.ndarray:
    """The voice as one unit vector: the direction its segments share."""
    mean = embeddings.mean(axis=0)
    return mean / (np.linalg.norm(mean) or 1.0)
