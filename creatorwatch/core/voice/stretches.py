"""A voice heard in only part of a recording: its speech scored in stretches as well as whole.

A podcast opening with a minute of music, or an interview where the creator's cloned voice answers someone else,
averages into a voice that is nobody's. So a recording with speech enough for two stretches is also scored over
every run of STRETCH_SEGMENTS consecutive segments (about 6 s of speech), and the best of the whole and the
stretches is its score. More trials give an impostor more chances, so stretches answer to a line of their own,
fitted on family A of the bench (tests/bench/voice.py) for at most 1% false positives on its long recordings,
never on family B; it falls next to the whole recording's. And the whole of such a recording counts only if one
of its stretches sounds like the voice too (reaches the whole's line): the voices of people taking turns, averaged,
can land near someone who is not in the recording at all.
"""

from __future__ import annotations

import numpy as np

from creatorwatch.core.voice.score import SIMILARITY_AT_THRESHOLD, VoiceScore, on_scale, pooled, score_voice
from creatorwatch.core.voice.segments import WINDOW_SECONDS

STRETCH_SEGMENTS = 4  # 6.4 s of speech: on family A, 4 found the most; 3 and 5 one fewer, 6 a third of turns missed
STRETCH_SECONDS = STRETCH_SEGMENTS * WINDOW_SECONDS
# Family A's long recordings (after music, in turn; 2,430 impostor trials): at most 1% flagged from 0.505 up.
STRETCH_SIMILARITY_AT_THRESHOLD = 0.505


def score_recording(segments: np.ndarray, voice: np.ndarray) -> VoiceScore:
    """The recording's score for an enrolled voice (`scoring_vector`): the whole, or its best stretch if higher."""
    whole = score_voice(segments, voice)
    if len(segments) < 2 * STRETCH_SEGMENTS:  # short speech is one stretch: the whole says it best
        return whole
    similarities = stretch_voices(segments) @ voice
    best = int(np.argmax(similarities))
    score = on_scale(float(similarities[best]), STRETCH_SIMILARITY_AT_THRESHOLD)
    if score <= whole.score:  # a blend of voices no stretch has scores no higher than its best stretch would
        ceiling = on_scale(float(similarities[best]), SIMILARITY_AT_THRESHOLD)
        return VoiceScore(whole.similarity, min(whole.score, ceiling), whole.per_segment)
    return VoiceScore(float(similarities[best]), score, whole.per_segment, slice(best, best + STRETCH_SEGMENTS))


def stretch_voices(segments: np.ndarray) -> np.ndarray:
    """Every run of STRETCH_SEGMENTS consecutive segments (n × 256) pooled as one voice each."""
    runs = np.lib.stride_tricks.sliding_window_view(segments, STRETCH_SEGMENTS, axis=0)  # k × 256 × STRETCH
    return pooled(np.swapaxes(runs, 1, 2))
