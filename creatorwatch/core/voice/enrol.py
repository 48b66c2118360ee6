"""Learning a voice from one of the creator's recordings, refusing music and near-silence with a plain reason."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from creatorwatch.core.errors import UnreadableMedia
from creatorwatch.core.voice.augment import CONDITIONS
from creatorwatch.core.voice.encoder import embed_windows
from creatorwatch.core.voice.profile import Enrolment
from creatorwatch.core.voice.speech import find_speech

MIN_SPEECH_SECONDS = 5.0  # less than this is too little to know a voice by
MIN_TALK_SHARE = 0.5  # below this the voiced sound is mostly music, not talk
MAX_SPEECH_SECONDS = 10 * 60.0  # ten minutes of one recording's speech is plenty
MAX_SEGMENTS = 300  # kept per work and condition, evenly spread
HOP_SECONDS = 1.6  # enrolment windows do not overlap: long works stay quick


class NotEnoughSpeech(UnreadableMedia):
    """A work that cannot be enrolled as a voice; the message says why in plain words."""


def enrol_file(path: Path) -> Enrolment:
    """The voice segments of one of the creator's recordings, in each condition; raises NotEnoughSpeech for
    music or silence."""
    speech = find_speech(Path(path), MAX_SPEECH_SECONDS)
    name = Path(path).name
    if speech.seconds >= 1.0 and speech.talk_share < MIN_TALK_SHARE:
        raise NotEnoughSpeech(f"{name} sounds like music rather than speech, so there is no voice to learn")
    if speech.seconds < MIN_SPEECH_SECONDS:
        raise NotEnoughSpeech(f"{name} has only {speech.seconds:.0f} s of speech; at least "
                              f"{MIN_SPEECH_SECONDS:.0f} s is needed to learn a voice")
    embedded = np.stack([embed_windows(condition(speech.audio), HOP_SECONDS)[0] for condition in CONDITIONS])
    keep = np.unique(np.linspace(0, embedded.shape[1] - 1, min(MAX_SEGMENTS, embedded.shape[1])).round().astype(int))
    return Enrolment(embedded[:, keep], speech.seconds)
