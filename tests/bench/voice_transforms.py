"""The conditions a cloned voice reaches the creator in: as made, squeezed into a 32 kbit/s MP3, under
background music at 10 dB, and through a telephone line (300–3400 Hz, 8 kHz, G.711 µ-law)."""

from __future__ import annotations

import random
import subprocess
from pathlib import Path

import numpy as np
from scipy.io import wavfile

MUSIC_SNR_DB = 10.0
CONDITIONS = ("plain", "mp3", "music", "phone")


def make_conditions(plain: Path, out: Path, music: list[Path], seed: int) -> dict[str, Path]:
    """The candidate `plain` in every condition (cached in `out`)."""
    out.mkdir(parents=True, exist_ok=True)
    stem = f"{plain.parent.name}-{plain.stem}"
    made = {"plain": plain, "mp3": out / f"{stem}.mp3", "music": out / f"{stem}-music.wav",
            "phone": out / f"{stem}-phone.wav"}
    if not made["mp3"].exists():
        _ffmpeg(plain, made["mp3"], "-ac", "1", "-c:a", "libmp3lame", "-b:a", "32k")
    if not made["phone"].exists():
        _ffmpeg(plain, made["phone"], "-af", "highpass=f=300,lowpass=f=3400", "-ar", "8000", "-c:a", "pcm_mulaw")
    if not made["music"].exists():
        _mix(plain, random.Random(seed).choice(music), made["music"], random.Random(seed))
    return made


def music_clip(track: Path, out: Path, seconds: float, seed: int) -> Path:
    """A `seconds`-long stretch of a music track: a candidate with no voice in it at all."""
    path = out / f"music-{track.stem}-{seed}.wav"
    if not path.exists():
        out.mkdir(parents=True, exist_ok=True)
        audio = _decode(track, 16000)
        start = random.Random(seed).randrange(0, max(1, audio.size - int(seconds * 16000)))
        wavfile.write(path, 16000, _pcm(audio[start : start + int(seconds * 16000)]))
    return path


def _mix(speech_path: Path, track: Path, out: Path, rng: random.Random) -> None:
    rate, speech = wavfile.read(speech_path)
    speech = speech.astype(np.float32) / 32768
    music = _decode(track, rate)
    start = rng.randrange(0, max(1, music.size - speech.size))
    bed = np.resize(music[start : start + speech.size], speech.size)
    gain = np.sqrt(np.mean(speech**2) / (np.mean(bed**2) + 1e-12)) / 10 ** (MUSIC_SNR_DB / 20)
    wavfile.write(out, rate, _pcm(speech + gain * bed))


def _decode(path: Path, rate: int) -> np.ndarray:
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", str(path), "-ac", "1", "-ar", str(rate), "-f", "s16le", "-"],
                         check=True, capture_output=True).stdout
    return np.frombuffer(raw, np.int16).astype(np.float32) / 32768


def _pcm(audio: np.ndarray) -> np.ndarray:
    peak = max(1.0, float(np.abs(audio).max()))
    return (audio / peak * 32767).astype(np.int16)


def _ffmpeg(src: Path, dst: Path, *args: str) -> None:
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(src), *args, str(dst)], check=True)
