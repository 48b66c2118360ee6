"""A recording as voice segments: the speech found in it, cut into 1.6 s windows, each embedded as a voice."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from creatorwatch.core.voice.encoder import FRAMES_PER_SECOND, WINDOW_FRAMES, embed_windows
from creatorwatch.core.voice.speech import find_speech

WINDOW_SECONDS = WINDOW_FRAMES / FRAMES_PER_SECOND


@dataclass(frozen=True)
class VoiceSegments:
    """Unit-length embeddings (n × 256), where each window starts in the recording, and the speech found."""

    embeddings: np.ndarray
    starts: np.ndarray
    speech_seconds: float
    talk_share: float


def voice_segments(path: Path, max_seconds: float, hop_seconds: Callable[[float], float],
                   min_seconds: float = WINDOW_SECONDS / 2) -> VoiceSegments:
    """Embed the speech of `path` (at most `max_seconds`), a window every `hop_seconds(seconds of speech found)`.
    Raises UnreadableMedia for a file without sound; a file with less than `min_seconds` of speech gives no
    segments (and costs no run of the encoder)."""
    speech = find_speech(Path(path), max_seconds)
    if speech.seconds < min_seconds:
        return VoiceSegments(np.zeros((0, 256), np.float32), np.zeros(0), speech.seconds, speech.talk_share)
    embeddings, starts = embed_windows(speech.audio, hop_seconds(speech.seconds))
    times = np.array([speech.source_time(t) for t in starts])
    return VoiceSegments(embeddings, times, speech.seconds, speech.talk_share)
