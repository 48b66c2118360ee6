"""Find the speech in a recording: voice-activity detection, plus a pause test that tells talk from music.

The decoder is the audio fingerprint's (mono 8 kHz chunks, so a long file never sits whole in memory). WebRTC's
detector marks voiced frames; it also fires on most music, so each two-second stretch is checked for the short
near-silent pauses between words that speech has and music rarely does.

scipy is imported where it is used: it takes a second to load, and every command imports this module through the
matcher, whether or not a voice is enrolled.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from creatorwatch.core.fingerprint.audio_decode import SAMPLE_RATE, decode_chunks

FRAME_SECONDS = 0.03  # webrtcvad takes 10, 20 or 30 ms frames
VAD_MODE = 3  # the strictest of webrtcvad's four settings
SMOOTH_FRAMES = 8  # a moving majority over about a quarter second
BRIDGE_FRAMES = 6  # gaps of up to this many frames inside speech are kept
MIN_REGION_SECONDS = 0.3
WINDOW_FRAMES = 66  # about two seconds, for the pause test
PAUSE_DB = 20.0  # a pause is a frame this far below the window's loud frames
PAUSE_SHARE = 0.1  # speech has at least this share of pause frames in two seconds; music mostly none
TARGET_DBFS = -30.0  # the level the speaker encoder was trained on
ENCODER_RATE = 16000


@dataclass
class Speech:
    """The speech of one recording, joined: `audio` at ENCODER_RATE, and where each piece came from."""

    audio: np.ndarray
    regions: list[tuple[float, float]] = field(default_factory=list)  # (start, end) seconds in the recording
    voiced_windows: int = 0
    talk_windows: int = 0  # voiced two-second stretches with the pauses of speech

    @property
    def seconds(self) -> float:
        return self.audio.size / ENCODER_RATE

    @property
    def talk_share(self) -> float:
        """How much of the voiced sound has the rhythm of talk (near 1 for speech, near 0 for music)."""
        return self.talk_windows / self.voiced_windows if self.voiced_windows else 0.0

    def source_time(self, t: float) -> float:
        """The time in the recording of second `t` of the joined speech."""
        for start, end in self.regions:
            if t <= end - start:
                return start + t
            t -= end - start
        return self.regions[-1][1] if self.regions else 0.0


def find_speech(path: Path, max_seconds: float) -> Speech:
    """The speech in `path` (up to `max_seconds` of it). Raises UnreadableMedia for a file with no sound."""
    vad, rate = _vad(), SAMPLE_RATE
    frame = int(rate * FRAME_SECONDS)
    pieces: list[np.ndarray] = []
    speech = Speech(np.zeros(0, np.float32))
    offset = collected = 0.0
    for chunk in decode_chunks(Path(path)):
        frames = chunk[: chunk.size // frame * frame].reshape(-1, frame)
        mask = _voiced(vad, frames, rate)
        _count_talk(speech, frames, mask)
        for start, stop in _regions(mask):
            piece = frames[start:stop].reshape(-1)
            pieces.append(piece)
            speech.regions.append((offset + start * FRAME_SECONDS, offset + stop * FRAME_SECONDS))
            collected += piece.size / rate
        offset += chunk.size / rate
        if collected >= max_seconds:
            break
    if pieces:
        speech.audio = _for_encoder(np.concatenate(pieces)[: int(max_seconds * rate)], rate)
    return speech


def _vad() -> Any:
    with warnings.catch_warnings():  # webrtcvad imports the deprecated pkg_resources for its version string
        warnings.simplefilter("ignore")
        import webrtcvad
    return webrtcvad.Vad(VAD_MODE)


def _voiced(vad: Any, frames: np.ndarray, rate: int) -> np.ndarray:
    pcm = (np.clip(frames, -1.0, 1.0) * 32767).astype(np.int16)
    from scipy import ndimage

    flags = np.array([vad.is_speech(f.tobytes(), rate) for f in pcm], np.float32)
    smooth = ndimage.uniform_filter1d(flags, SMOOTH_FRAMES) > 0.5
    return ndimage.binary_closing(smooth, np.ones(BRIDGE_FRAMES, bool)) if smooth.any() else smooth


def _regions(mask: np.ndarray) -> list[tuple[int, int]]:
    from scipy import ndimage

    labels, _ = ndimage.label(mask)
    spans = [(s[0].start, s[0].stop) for s in ndimage.find_objects(labels)]
    return [(a, b) for a, b in spans if (b - a) * FRAME_SECONDS >= MIN_REGION_SECONDS]


def _count_talk(speech: Speech, frames: np.ndarray, mask: np.ndarray) -> None:
    """Count the voiced two-second windows, and those among them with speech's pauses."""
    n = len(frames) // WINDOW_FRAMES * WINDOW_FRAMES
    if n == 0:
        return
    level = 10 * np.log10(np.mean(frames[:n] ** 2, axis=1) + 1e-10).reshape(-1, WINDOW_FRAMES)
    voiced = mask[:n].reshape(-1, WINDOW_FRAMES).mean(axis=1) >= 0.5
    loud = np.percentile(level, 90, axis=1, keepdims=True)
    talk = (level < loud - PAUSE_DB).mean(axis=1) >= PAUSE_SHARE
    speech.voiced_windows += int(voiced.sum())
    speech.talk_windows += int((voiced & talk).sum())


def _for_encoder(audio: np.ndarray, rate: int) -> np.ndarray:
    """Resample to the encoder's rate and bring to the loudness it was trained on."""
    from scipy import signal

    up = signal.resample_poly(audio, ENCODER_RATE // rate, 1).astype(np.float32) if rate != ENCODER_RATE else audio
    rms = float(np.sqrt(np.mean(up**2))) if up.size else 0.0
    return up * (10 ** (TARGET_DBFS / 20) / rms) if rms > 1e-6 else up
