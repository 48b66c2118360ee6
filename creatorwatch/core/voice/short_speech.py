"""A voice heard for only a few seconds: a voice message, a clip in a video, a word or two over the telephone.

Side by side, 3 s of speech is one 1.6 s window and a part of another, and their average says little about who is
talking. With less speech than one stretch (stretches.py), windows start every SHORT_HOP_SECONDS instead, so each
moment is heard in several windows (the cost stays where there is little to embed), and the whole is scored
against a line of its own: on short speech the bench's impostors sit lower than on 10 s of it. The line is fitted
on family A of the bench (tests/bench/voice.py) for at most 1% false positives over its trials with this little
speech, never on family B.
"""

from __future__ import annotations

import numpy as np

from creatorwatch.core.voice.score import VoiceScore, on_scale, score_voice
from creatorwatch.core.voice.stretches import STRETCH_SECONDS

SHORT_SPEECH_SECONDS = STRETCH_SECONDS  # less speech than one stretch
# Family A's trials with 2-6.4 s of speech, at each hop's own 1% FP line: side by side recall 0.924, every 0.8 s
# and 0.4 s 0.942, 0.2 s 0.948 for twice the windows.
SHORT_HOP_SECONDS = 0.4
# Family A's trials with 2-6.4 s of speech (2,408 impostor trials): at most 1% flagged from 0.471 up.
SHORT_SIMILARITY_AT_THRESHOLD = 0.471


def is_short(speech_seconds: float) -> bool:
    """Whether speech this long is scored as short speech."""
    return speech_seconds < SHORT_SPEECH_SECONDS


def score_short(segments: np.ndarray, voice: np.ndarray) -> VoiceScore:
    """Short speech's score for an enrolled voice (`scoring_vector`): the whole, on the short-speech line."""
    whole = score_voice(segments, voice)
    return VoiceScore(whole.similarity, on_scale(whole.similarity, SHORT_SIMILARITY_AT_THRESHOLD), whole.per_segment)
