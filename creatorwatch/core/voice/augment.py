"""The conditions a clone may reach us in, applied to the creator's own speech at enrolment.

A voice heard through a telephone line or under music drifts away from the clean voice in the encoder's space;
enrolling each condition too lets a candidate be compared with the creator as they would sound in it. The music
and noise here are made up (seeded), never taken from a candidate.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy import signal

from creatorwatch.core.voice.speech import ENCODER_RATE

SNR_DB = 10.0
NOTE_SECONDS = 0.25


def clean(audio: np.ndarray) -> np.ndarray:
    return audio


def telephone(audio: np.ndarray) -> np.ndarray:
    """The 300–3400 Hz band a phone line carries."""
    sos = signal.butter(6, [300, 3400], "bandpass", fs=ENCODER_RATE, output="sos")
    return signal.sosfilt(sos, audio).astype(np.float32)


def under_music(audio: np.ndarray) -> np.ndarray:
    """Chords of harmonic notes, changing four times a second, 10 dB below the voice."""
    rng = np.random.default_rng(1)
    t = np.arange(audio.size, dtype=np.float32) / ENCODER_RATE
    bed = np.zeros_like(audio)
    step = int(NOTE_SECONDS * ENCODER_RATE)
    for start in range(0, audio.size, step):
        piece = slice(start, start + step)
        for freq in 110 * 2 ** (rng.integers(0, 36, 3) / 12):
            for harmonic in (1, 2, 3, 4):
                bed[piece] += np.sin(2 * np.pi * freq * harmonic * t[piece]) / harmonic
    return _mix(audio, bed)


def under_noise(audio: np.ndarray) -> np.ndarray:
    """Pink noise (the hiss and rumble of a busy room), 10 dB below the voice."""
    white = np.random.default_rng(2).standard_normal(audio.size).astype(np.float32)
    b, a = [0.049922035, -0.095993537, 0.050612699, -0.004408786], [1, -2.494956002, 2.017265875, -0.522189400]
    return _mix(audio, signal.lfilter(b, a, white).astype(np.float32))


CONDITIONS: tuple[Callable[[np.ndarray], np.ndarray], ...] = (clean, telephone, under_music, under_noise)


def _mix(audio: np.ndarray, bed: np.ndarray) -> np.ndarray:
    power = float(np.mean(audio**2))
    mixed = audio + bed * np.sqrt(power / (float(np.mean(bed**2)) + 1e-12)) / 10 ** (SNR_DB / 20)
    return (mixed * np.sqrt(power / (float(np.mean(mixed**2)) + 1e-12))).astype(np.float32)
