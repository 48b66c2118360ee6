"""Held-out speech that holds a library work's very recording, found from the waveforms (no matcher's score).

Asterisk records a sentence once and reuses it in several prompt files (fr_CA conf-adminmenu-18 and
conf-usermenu-162 open with the same take: their waveforms agree at 0.99), so a held-out speech track can hold part of a
library work's recording: such a clip is a copy, not a distractor, for any matcher. Two stretches are the same
recording when one's samples predict the other's almost exactly (normalised waveform correlation at the best
lag >= SAME over 2 s); a different reading of the same words, even by the same voice, is nowhere near.
Music is not checked here: its files are whole published tracks, and a one-off check (every 10 s of each held-out
track's full Chromaprint print against each library track's) found none shared in either family, apart from
digital silence at the end of one tracker module, which the waveforms show is no recording.
"""

from __future__ import annotations

import json
from pathlib import Path

import av
import numpy as np
import scipy.fft

RATE = 4000  # both sides resampled alike: a shared recording still correlates at 0.99, and the check is quick
WINDOW_S = 2.0  # a stretch this long at one lag: a single shared word, or a chance likeness of two vowels, is not
STEP_S = 1.0  # any shared stretch of 3 s or more holds a whole window
BATCH = 16
SAME = 0.9
QUIET = 0.05  # windows quieter than this fraction of the track's RMS are pauses, not speech


def _pcm(path: Path) -> np.ndarray:
    """The file's sound, mono at RATE, as PyAV (FFmpeg's libraries) decodes and resamples it."""
    resampler = av.AudioResampler(format="s16", layout="mono", rate=RATE)
    parts = []
    with av.open(str(path)) as container:
        for frame in container.decode(audio=0):
            parts += [f.to_ndarray().reshape(-1) for f in resampler.resample(frame)]
    parts += [f.to_ndarray().reshape(-1) for f in resampler.resample(None)]
    return np.concatenate(parts).astype(np.float64)


def _best_correlations(windows: np.ndarray, spectrum: np.ndarray, energy: np.ndarray, size: int) -> np.ndarray:
    """For each row of `windows`, its highest normalised correlation at any lag inside the work whose rfft is
    `spectrum` (`energy`: the work's sum of squares over each window-long stretch)."""
    n = windows.shape[1]
    corr = scipy.fft.irfft(scipy.fft.rfft(windows[:, ::-1], size, axis=1) * spectrum, size, axis=1)
    corr = corr[:, n - 1 : n - 1 + energy.size]
    denom = np.sqrt(np.maximum(energy, 1e-9))[None, :] * np.linalg.norm(windows, axis=1)[:, None]
    return np.max(corr / denom, axis=1)


def shared_seconds(held_out: Path, works: list[Path]) -> list[tuple[float, int]]:
    """(start second, work index) of each 2 s window of `held_out` that is a stretch of one of `works`."""
    x = _pcm(held_out)
    n, step = int(WINDOW_S * RATE), int(STEP_S * RATE)
    quiet = QUIET * np.sqrt(np.mean(x**2))
    starts = [s for s in range(0, x.size - n + 1, step) if np.sqrt(np.mean(x[s : s + n] ** 2)) > quiet]
    found: dict[int, int] = {}
    for index, work in enumerate(works):
        y = _pcm(work)
        size = scipy.fft.next_fast_len(y.size + n)
        spectrum = scipy.fft.rfft(y, size)
        squares = np.concatenate([[0.0], np.cumsum(y**2)])
        energy = squares[n:] - squares[:-n]
        todo = [s for s in starts if s not in found]
        for b in range(0, len(todo), BATCH):
            chunk = todo[b : b + BATCH]
            best = _best_correlations(np.stack([x[s : s + n] for s in chunk]), spectrum, energy, size)
            found.update((s, index) for s, r in zip(chunk, best, strict=True) if r >= SAME)
    return sorted((s / RATE, i) for s, i in found.items())


def shared_map(held_out: list[Path], works: list[Path], cache: Path) -> dict[str, list[tuple[float, int]]]:
    """shared_seconds for each speech track held out, kept in `cache` (JSON) as the sources never change."""
    if cache.exists():
        return {k: [(float(s), int(i)) for s, i in v] for k, v in json.loads(cache.read_text()).items()}
    result = {}
    for path in held_out:
        if is_speech(path):  # a recording is shared only between prompts of one speaker: one folder of tracks
            same_voice = [(i, w) for i, w in enumerate(works) if is_speech(w) and w.parent == path.parent]
            hits = shared_seconds(path, [w for _, w in same_voice])
            result[key(path)] = [(s, same_voice[i][0]) for s, i in hits]
    tmp = cache.with_suffix(".tmp")
    tmp.write_text(json.dumps(result))
    tmp.rename(cache)
    return result


def key(path: Path) -> str:
    """A track's name in the cache, the same whichever checkout the corpus sits in."""
    return f"{path.parent.name}/{path.name}"


def is_speech(path: Path) -> bool:
    """A speech track the corpus joined from recorded prompts (audio_corpus._speech_tracks)."""
    return path.name.startswith("speech-")


def overlapping_work(spans: list[tuple[float, int]], start: float, seconds: float) -> int | None:
    """The work whose recording a clip [start, start + seconds] of the held-out track holds, if any."""
    for s, work in spans:
        if s < start + seconds and s + WINDOW_S > start:
            return work
    return None
