"""The similarity line a voice match answered to, so what the creator reads cites the line that applied.

A recording is scored whole (score.py), in its best stretch (stretches.py) or, with only a few seconds of speech,
whole on a line of its own (short_speech.py); each line was fitted on the bench for its own kind of trial.
"""

from __future__ import annotations

from typing import Any

from creatorwatch.core.voice.score import SIMILARITY_AT_THRESHOLD
from creatorwatch.core.voice.short_speech import SHORT_SIMILARITY_AT_THRESHOLD, is_short
from creatorwatch.core.voice.stretches import STRETCH_SIMILARITY_AT_THRESHOLD


def line_answered(evidence: dict[str, Any]) -> float:
    """The similarity from which the match's recording (or its named stretch) sounds like the voice."""
    if isinstance(evidence.get("stretch"), dict):
        return STRETCH_SIMILARITY_AT_THRESHOLD
    speech = evidence.get("speech_seconds")
    if isinstance(speech, int | float) and is_short(float(speech)):
        return SHORT_SIMILARITY_AT_THRESHOLD
    return SIMILARITY_AT_THRESHOLD


def shown(line: float) -> str:
    """A line as the creator reads it: 0.50, 0.505, 0.471."""
    return f"{line:.2f}" if round(line, 2) == line else f"{line:.3f}"
