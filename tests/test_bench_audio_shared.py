"""The audio bench's check for held-out speech that holds a library work's own recording (tests/bench/audio_shared)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from scipy.io import wavfile
from scipy.signal import lfilter

from tests.bench import audio_shared as shared

RATE = 8000


def _voice(rng: np.random.Generator, seconds: float) -> np.ndarray:
    """Speech-like sound: noise through a resonance, in bursts a few tenths of a second long, with pauses."""
    n = int(seconds * RATE)
    sound = lfilter([1.0], [1.0, -1.3, 0.8], rng.standard_normal(n))
    bursts = np.repeat(rng.random(n // 2400 + 1) < 0.7, 2400)[:n]
    return sound * bursts * 3000


def _write(path: Path, x: np.ndarray) -> Path:
    wavfile.write(path, RATE, np.clip(x, -32768, 32767).astype(np.int16))
    return path


def test_a_held_out_track_holding_a_works_take_is_found_there_and_only_there(tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    work = _voice(rng, 30)
    other_work = _voice(rng, 30)
    # Asterisk's reuse: the same take, a hair quieter and re-dithered, inside a different prompt
    take = work[int(12 * RATE) : int(17 * RATE)] * 0.99 + rng.integers(-3, 4, 5 * RATE)
    held_out = np.concatenate([_voice(rng, 20), take, _voice(rng, 15)])
    works = [_write(tmp_path / "speech-00.wav", other_work), _write(tmp_path / "speech-02.wav", work)]
    track = _write(tmp_path / "speech-01.wav", held_out)
    another_reading = _write(tmp_path / "speech-03.wav", _voice(rng, 40))

    found = shared.shared_map([track, another_reading], works, tmp_path / "shared.json")

    spans = found[shared.key(track)]
    assert spans and {w for _, w in spans} == {1}
    assert min(s for s, _ in spans) >= 19.0 and max(s for s, _ in spans) + shared.WINDOW_S <= 26.0
    assert found[shared.key(another_reading)] == []
    assert shared.overlapping_work(spans, start=15.0, seconds=10.0) == 1
    assert shared.overlapping_work(spans, start=2.0, seconds=10.0) is None
    assert shared.shared_map([track, another_reading], works, tmp_path / "shared.json") == found  # from the cache
