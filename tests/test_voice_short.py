"""A voice heard for only three seconds is found, as made and over the telephone; three seconds of someone else
are not taken for the creator. Festival voices recorded from real people, the telephone line made for real (band
300–3400 Hz, 8 kHz, G.711 µ-law in a WAV file). Needs the `voice` extra and Debian's festival, festvox-kdlpc16k,
festvox-italp16k and festvox-itapc16k."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest
from scipy import signal
from scipy.io import wavfile

from creatorwatch.core.store.db import open_database
from creatorwatch.core.voice.enrol import enrol_file
from creatorwatch.core.voice.matcher import VoiceMatcher, speech_segments
from creatorwatch.core.voice.store import VoiceStore
from tests.media import write_audio

pytestmark = pytest.mark.needs_voice

RATE = 16000
ENROL_TEXT = (
    "The lighthouse keeper climbed the iron stair every evening for forty years. She trimmed the wick, wound the "
    "clockwork and watched the black water for the lights of fishing boats. In winter the storms came in from the "
    "west and the whole tower hummed like a bell. Nobody in the village remembered a night when the lamp had failed."
)
SHORT_TEXT = "Call me back about the boat, before the storm."  # about three seconds: a voice message
CREATOR, CO_HOST, STRANGER = "ked_diphone", "lp_diphone", "pc_diphone"  # an American man, an Italian woman and man


def _say(voice: str, text: str, path: Path) -> Path:
    subprocess.run(["text2wave", "-eval", f"(voice_{voice})", "-F", str(RATE), "-o", str(path)],
                   input=text.encode(), check=True, capture_output=True)
    return path


def _over_the_telephone(path: Path, out: Path) -> Path:
    """`path` as a telephone line carries it: 300–3400 Hz, 8 kHz, µ-law."""
    audio = wavfile.read(path)[1].astype(np.float32) / 32768
    band = signal.sosfilt(signal.butter(6, [300, 3400], "bandpass", fs=RATE, output="sos"), audio)
    write_audio(out, signal.resample_poly(band, 1, 2).astype(np.float32), 8000, "pcm_mulaw", "wav")
    return out


@pytest.fixture(scope="module")
def matcher(tmp_path_factory: pytest.TempPathFactory) -> VoiceMatcher:
    """The creator and a co-host, each enrolled from their own minute-long reading."""
    root = tmp_path_factory.mktemp("voices")
    store = VoiceStore(open_database(root / "data.sqlite"))
    for work_id, (voice, name) in enumerate([(CREATOR, "my voice"), (CO_HOST, "my co-host")], start=1):
        path = _say(voice, ENROL_TEXT, root / f"{voice}-enrol.wav")
        store.db.execute("INSERT INTO works (id, title, kind, format, path, size, mtime, sha256, added_at) "
                         "VALUES (?, ?, 'audio', 'wav', ?, 1, 0, ?, 'now')", [work_id, name, str(path), name])
        store.enrol(work_id, enrol_file(path), name)
    return VoiceMatcher(store.voices())


@pytest.mark.parametrize("line", ["as made", "over the telephone"])
def test_three_seconds_of_the_creators_voice_are_found(matcher: VoiceMatcher, tmp_path: Path, line: str) -> None:
    clip = _say(CREATOR, SHORT_TEXT, tmp_path / "message.wav")
    if line == "over the telephone":
        clip = _over_the_telephone(clip, tmp_path / "message-phone.wav")
    assert speech_segments(clip).speech_seconds < 3.5  # a few seconds of speech, no more
    hits = matcher.match_file(clip)
    assert [hit.evidence["voice"] for hit in hits] == ["my voice"]
    assert hits[0].work_id == 1


@pytest.mark.parametrize("line", ["as made", "over the telephone"])
def test_three_seconds_of_someone_else_are_not_taken_for_the_creator(matcher: VoiceMatcher, tmp_path: Path,
                                                                     line: str) -> None:
    clip = _say(STRANGER, SHORT_TEXT, tmp_path / "stranger.wav")
    if line == "over the telephone":
        clip = _over_the_telephone(clip, tmp_path / "stranger-phone.wav")
    assert matcher.match_file(clip) == []
