"""Learning a voice from one of the creator's recordings, refusing music and near-silence with a plain reason."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from creatorwatch.core.fingerprint.base import UnreadableMedia
from creatorwatch.core.voice.profile import Enrolment
from creatorwatch.core.voice.segments import voice_segments

MIN_SPEECH_SECONDS = 5.0  # less than this is too little to know a voice by
MIN_TALK_SHARE = 0.5  # below this the voiced sound is mostly music, not talk
MAX_SPEECH_SECONDS = 30 * 60.0  # the first half hour of speech is plenty
MAX_SEGMENTS = 600  # kept per work, evenly spread
HOP_SECONDS = 1.6  # enrolment windows do not overlap: long works stay quick


class NotEnoughSpeech(UnreadableMedia):
    """A work that cannot be enrolled as a voice; the message says why in plain words."""


def enrol_file(path: Path) -> Enrolment:
    """The voice segments of one of the creator's recordings; raises NotEnoughSpeech for music or silence."""
    found = voice_segments(Path(path), MAX_SPEECH_SECONDS, HOP_SECONDS)
    name = Path(path).name
    if found.speech_seconds >= 1.0 and found.talk_share < MIN_TALK_SHARE:
        raise NotEnoughSpeech(f"{name} sounds like music rather than speech, so there is no voice to learn")
    if found.speech_seconds < MIN_SPEECH_SECONDS:
        raise NotEnoughSpeech(f"{name} has only {found.speech_seconds:.0f} s of speech; at least "
                              f"{MIN_SPEECH_SECONDS:.0f} s is needed to learn a voice")
    keep = np.linspace(0, len(found.embeddings) - 1, min(MAX_SEGMENTS, len(found.embeddings))).round().astype(int)
    return Enrolment(found.embeddings[np.unique(keep)], found.speech_seconds)
