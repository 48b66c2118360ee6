"""How alike a candidate's voice is to an enrolled voice, on the app's 0..1 scale.

The candidate's segments are averaged into one voice and compared (cosine) with the enrolled voice, itself pooled
over every enrolment condition; both with the average voice (mean_voice) taken away first, so the comparison
counts what is the speaker's own, not what every voice shares. A logistic maps that similarity so
DEFAULT_THRESHOLD falls where the bench (tests/bench/voice.py) gives at most 1% false positives on family A.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from creatorwatch.core.voice.mean_voice import MEAN_VOICE
from creatorwatch.core.voice.profile import voice_vector

DEFAULT_THRESHOLD = 0.5
# Calibrated on family A, the average taken away: 1% FP at 0.486; at 0.50, 0.96% FP and recall 0.994 (as before,
# when the line was 0.835 on plain cosines). Similarities spread 2.4x wider than plain cosines, and so does the scale.
SIMILARITY_AT_THRESHOLD = 0.50
SIMILARITY_SCALE = 0.06  # similarity this far above the line scores about 0.73; 2.2× as far, 0.9


@dataclass(frozen=True)
class VoiceScore:
    similarity: float  # cosine, -1..1, the average voice taken away
    score: float  # 0..1
    per_segment: np.ndarray  # each candidate segment's similarity, for the evidence
    stretch: slice | None = None  # the segments that were scored when not all of them (stretches.py)


def scoring_vector(embeddings: np.ndarray) -> np.ndarray:
    """An enrolled voice (conditions × segments × 256) as `score_voice` compares it: pooled, the average away."""
    return _own_part(voice_vector(embeddings))


def score_voice(segments: np.ndarray, voice: np.ndarray) -> VoiceScore:
    """Score candidate segment embeddings (n × 256) against an enrolled voice from `scoring_vector`."""
    similarity = float(voice @ pooled(segments))
    return VoiceScore(similarity, on_scale(similarity, SIMILARITY_AT_THRESHOLD), _own_part(segments) @ voice)


def pooled(segments: np.ndarray) -> np.ndarray:
    """Segment embeddings (… × n × 256) as one voice each, the average voice taken away."""
    mean = segments.mean(axis=-2)
    return _own_part(mean / np.maximum(np.linalg.norm(mean, axis=-1, keepdims=True), 1e-9))


def on_scale(similarity: float, line: float) -> float:
    """A similarity on the app's 0..1 scale, DEFAULT_THRESHOLD at `line`."""
    return float(1.0 / (1.0 + np.exp(-(similarity - line) / SIMILARITY_SCALE)))


def _own_part(unit: np.ndarray) -> np.ndarray:
    """Unit-length voice(s) with the average voice taken away, back to unit length."""
    own = unit - MEAN_VOICE
    return own / np.maximum(np.linalg.norm(own, axis=-1, keepdims=True), 1e-9)
