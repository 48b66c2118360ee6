"""How alike a candidate's voice is to an enrolled voice, on the app's 0..1 scale.

The candidate's segments are averaged into one voice and compared (cosine) with the enrolled voice, itself pooled
over every enrolment condition. A logistic maps that similarity so DEFAULT_THRESHOLD falls where the bench
(tests/bench/voice.py) gives at most 1% false positives.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

DEFAULT_THRESHOLD = 0.5
SIMILARITY_AT_THRESHOLD = 0.835  # calibrated: the similarity at DEFAULT_THRESHOLD (bench: 1% FP at 0.831)
SIMILARITY_SCALE = 0.025  # similarity this far above the line scores about 0.73; 2.2× as far, 0.9


@dataclass(frozen=True)
class VoiceScore:
    similarity: float  # cosine, -1..1
    score: float  # 0..1
    per_segment: np.ndarray  # each candidate segment's similarity, for the evidence


def score_voice(segments: np.ndarray, voice: np.ndarray) -> VoiceScore:
    """Score candidate segment embeddings (n × 256) against an enrolled voice (a unit vector of 256)."""
    mean = segments.mean(axis=0)
    similarity = float(voice @ mean / (np.linalg.norm(mean) or 1.0))
    score = 1.0 / (1.0 + np.exp(-(similarity - SIMILARITY_AT_THRESHOLD) / SIMILARITY_SCALE))
    return VoiceScore(similarity, float(score), segments @ voice)
