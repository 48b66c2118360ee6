"""Score audio candidates against every enrolled voice: the voice-likeness step of matching.

Returns the same Hit as the content modalities, so matching treats a voice match like any other; the work it
names is the enrolled recording closest to the candidate's voice.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import sqlite_utils

from creatorwatch.core.fingerprint.base import Hit
from creatorwatch.core.voice.installed import voice_installed
from creatorwatch.core.voice.score import DEFAULT_THRESHOLD, VoiceScore, scoring_vector
from creatorwatch.core.voice.segments import WINDOW_SECONDS, VoiceSegments, voice_segments
from creatorwatch.core.voice.short_speech import SHORT_HOP_SECONDS, is_short, score_short
from creatorwatch.core.voice.store import Voice, VoiceStore
from creatorwatch.core.voice.stretches import score_recording

# Shorter speech says too little about who is talking; the bench's shortest (2.1 s) is found as short speech.
MIN_SPEECH_SECONDS = 2.0
MAX_SPEECH_SECONDS = 10 * 60.0  # the first ten minutes of a candidate's speech are scored
HOP_SECONDS = WINDOW_SECONDS  # side by side: overlapping windows cost more and scored no better (1.2 s: 0.972, 98x)
TOP_SEGMENTS = 3

__all__ = ["DEFAULT_THRESHOLD", "VoiceMatcher", "voice_matcher"]


class VoiceMatcher:
    """The enrolled voices, loaded once, scored against each candidate."""

    def __init__(self, voices: list[Voice]) -> None:
        self.voices = voices
        self._vectors = [scoring_vector(voice.embeddings) for voice in voices]  # pooled once, not per candidate

    def match_file(self, path: Path, threshold: float = DEFAULT_THRESHOLD) -> list[Hit]:
        """Voice matches for the speech in `path`, best first; none when it holds too little speech."""
        return self.match_segments(speech_segments(path), threshold)

    def match_segments(self, found: VoiceSegments, threshold: float = DEFAULT_THRESHOLD) -> list[Hit]:
        """Voice matches for a recording's segments (embedded now, or kept since it was seen), best first."""
        if found.speech_seconds < MIN_SPEECH_SECONDS or len(found.embeddings) == 0:
            return []
        hits = []
        for voice, vector in zip(self.voices, self._vectors, strict=True):
            result = score_heard(found, vector)
            if result.score >= threshold:
                evidence = _evidence(voice, result, found.starts, found.speech_seconds)
                heard = found.embeddings[result.stretch or slice(None)]
                hits.append(Hit(_closest_work(voice, heard), result.score, evidence))
        return sorted(hits, key=lambda h: -h.score)


def score_heard(found: VoiceSegments, voice: np.ndarray) -> VoiceScore:
    """A recording's score for an enrolled voice (`scoring_vector`): short speech on its own line, longer speech
    whole or in its best stretch."""
    if is_short(found.speech_seconds):
        return score_short(found.embeddings, voice)
    return score_recording(found.embeddings, voice)


def speech_segments(path: Path) -> VoiceSegments:
    """The voice segments of `path` as matching scores them; the encoder runs only on enough speech to score."""
    return voice_segments(Path(path), MAX_SPEECH_SECONDS, _hop, MIN_SPEECH_SECONDS)


def _hop(speech_seconds: float) -> float:
    """Windows side by side, or overlapping where there is little speech to hear the voice in."""
    return SHORT_HOP_SECONDS if is_short(speech_seconds) else HOP_SECONDS


def voice_matcher(db: sqlite_utils.Database) -> VoiceMatcher | None:
    """A matcher over the enrolled voices, or None when the extra is missing or no voice is enrolled."""
    store = VoiceStore(db)
    if not voice_installed() or not store.has_voices():
        return None
    return VoiceMatcher(store.voices())


def _closest_work(voice: Voice, segments: np.ndarray) -> int:
    nearest = int(np.argmax(voice.embeddings[0] @ segments.mean(axis=0)))
    return int(voice.segment_works[nearest])


def _evidence(voice: Voice, result: VoiceScore, starts: np.ndarray, seconds: float) -> dict[str, Any]:
    """What was heard, where: the segments most like the voice, from the stretch that scored when one did."""
    heard = np.arange(len(starts))[result.stretch or slice(None)]
    best = heard[np.argsort(result.per_segment[heard])[::-1][:TOP_SEGMENTS]]
    evidence = {
        "voice": voice.name, "voice_id": voice.id, "similarity": round(result.similarity, 4),
        "speech_seconds": round(seconds, 1), "enrolled_works": sorted(voice.works),
        "enrolled_speech_seconds": round(voice.speech_seconds, 1),
        "segments": [_span(starts[i], starts[i], result.per_segment[i]) for i in best],
    }
    if result.stretch is not None:  # the part of the recording to listen to
        evidence["stretch"] = _span(starts[heard[0]], starts[heard[-1]], result.similarity)
    return evidence


def _span(first_start: float, last_start: float, similarity: float) -> dict[str, float]:
    return {"start": round(float(first_start), 2), "end": round(float(last_start) + WINDOW_SECONDS, 2),
            "similarity": round(float(similarity), 4)}
