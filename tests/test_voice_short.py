"""A voice heard for only three seconds is found, as made and over the telephone; three seconds of someone else
are not taken for the creator. Festival voices recorded from real people, the telephone line made for real (band
300–3400 Hz, 8 kHz, G.711 µ-law in a WAV file). Needs the `voice` extra and Debian's festival, festvox-kdlpc16k,
festvox-italp16k and festvox-itapc16k."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from scipy import signal

from creatorwatch.core.voice.matcher import VoiceMatcher, speech_segments
from tests.festival_voices import CREATOR, RATE, creator_and_co_host, say
from tests.media import write_audio

pytestmark = pytest.mark.needs_voice

SHORT_TEXT = "Call me back about the boat, before the storm."  # about three seconds: a voice message
STRANGER = "pc_diphone"  # an Italian man, never enrolled


def _clip(voice: str, line: str, folder: Path) -> Path:
    """SHORT_TEXT read by `voice`, as made or as a telephone line carries it (300–3400 Hz, 8 kHz, µ-law)."""
    path = folder / f"{voice}.wav"
    audio = say(voice, SHORT_TEXT, path)
    if line == "as made":
        return path
    band = signal.sosfilt(signal.butter(6, [300, 3400], "bandpass", fs=RATE, output="sos"), audio)
    write_audio(phone := folder / f"{voice}-phone.wav", signal.resample_poly(band, 1, 2).astype(np.float32), 8000,
                "pcm_mulaw", "wav")
    return phone


@pytest.fixture(scope="module")
def matcher(tmp_path_factory: pytest.TempPathFactory) -> VoiceMatcher:
    return creator_and_co_host(tmp_path_factory.mktemp("voices"))


@pytest.mark.parametrize("line", ["as made", "over the telephone"])
def test_three_seconds_of_the_creators_voice_are_found(matcher: VoiceMatcher, tmp_path: Path, line: str) -> None:
    clip = _clip(CREATOR, line, tmp_path)
    assert speech_segments(clip).speech_seconds < 3.5  # a few seconds of speech, no more
    hits = matcher.match_file(clip)
    assert [hit.evidence["voice"] for hit in hits] == ["my voice"]
    assert hits[0].work_id == 1


@pytest.mark.parametrize("line", ["as made", "over the telephone"])
def test_three_seconds_of_someone_else_are_not_taken_for_the_creator(matcher: VoiceMatcher, tmp_path: Path,
                                                                     line: str) -> None:
    assert matcher.match_file(_clip(STRANGER, line, tmp_path)) == []
