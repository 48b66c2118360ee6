"""How an enrolled work's voice is kept: its segment embeddings in each enrolment condition, as float16.

Each enrolled work keeps its own segments, so a voice can be rebuilt when works come and go; the voice itself is
one unit vector over every segment in every condition. Only numpy here: listing voices works without the extra.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

FORMAT = 1  # first byte of a stored enrolment; the second is the number of conditions
DIM = 256


@dataclass(frozen=True)
class Enrolment:
    embeddings: np.ndarray  # conditions × segments × DIM, unit length
    speech_seconds: float


def dump(enrolment: Enrolment) -> bytes:
    return bytes([FORMAT, len(enrolment.embeddings)]) + enrolment.embeddings.astype("<f2").tobytes()


def load(blob: bytes) -> np.ndarray:
    """The conditions × segments × DIM embeddings stored by `dump`."""
    if len(blob) < 2 or blob[0] != FORMAT:
        raise ValueError("unknown voice enrolment format")
    return np.frombuffer(blob, "<f2", offset=2).reshape(blob[1], -1, DIM).astype(np.float32)


def voice_vector(embeddings: np.ndarray) -> np.ndarray:
    """The voice as one unit vector: the direction its segments share across every enrolment condition.

    Pooling the conditions beats keeping one vector per condition and taking the best (bench: equal-error rate
    0.8% against 1.4%): the voice under music or on a phone line lies between the conditions, not on one."""
    mean = embeddings.reshape(-1, embeddings.shape[-1]).mean(axis=0)
    return mean / max(float(np.linalg.norm(mean)), 1e-9)
