"""The altered copies the audio engine must see through: 10-second excerpts, then a codec, noise or shift."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
from scipy.io import wavfile

EXCERPT_SECONDS = 10.0
SEMITONE = 2 ** (1 / 12)

# name -> (file suffix, ffmpeg arguments after the input); "{sign}" alternates + and - between candidates
TRANSFORMS: dict[str, tuple[str, list[str]]] = {
    "clean": (".wav", []),
    "mp3_64k": (".mp3", ["-c:a", "libmp3lame", "-b:a", "64k"]),
    "vorbis_q1": (".ogg", ["-c:a", "libvorbis", "-q:a", "1"]),
    "aac_64k": (".m4a", ["-c:a", "aac", "-b:a", "64k"]),
    "pink_noise_10db": (".wav", []),  # noise is added in numpy at an exact SNR
    "phone_band": (
        ".wav",
        ["-af", "highpass=f=300:poles=2,lowpass=f=3400:poles=2", "-ar", "8000", "-ac", "1"],
    ),
    "gain_-12db": (".wav", ["-af", "volume=-12dB"]),
    "tempo_3pct": (".wav", ["-af", "atempo={tempo}"]),
    "pitch_1st": (".wav", ["-af", "aresample=44100,asetrate={rate},aresample=44100,atempo={inverse}"]),
}


def make_excerpt(source: Path, start: float, name: str, up: bool, out: Path) -> Path:
    """Write the transformed 10-second excerpt of `source` beginning at `start` seconds; returns its path."""
    suffix, args = TRANSFORMS[name]
    path = out.with_suffix(suffix)
    if path.exists():  # made by an earlier, interrupted run
        return path
    ratio = SEMITONE if up else 1 / SEMITONE
    values = {
        "tempo": "1.03" if up else "0.97",
        "rate": f"{44100 * ratio:.1f}",
        "inverse": f"{1 / ratio:.6f}",
    }
    args = [a.format(**values) for a in args]
    cmd = [
        "ffmpeg",
        "-v",
        "error",
        "-y",
        "-ss",
        f"{start:.2f}",
        "-t",
        f"{EXCERPT_SECONDS}",
        "-i",
        str(source),
    ]
    subprocess.run([*cmd, *args, str(path)], check=True)
    if name == "pink_noise_10db":
        _add_pink_noise(path, snr_db=10.0, seed=int(start * 1000))
    return path


def _add_pink_noise(path: Path, snr_db: float, seed: int) -> None:
    rate, data = wavfile.read(path)
    x = data.astype(np.float64) / 32768.0
    rng = np.random.default_rng(seed)
    spectrum = np.fft.rfft(rng.standard_normal(x.shape), axis=0)
    freqs = np.fft.rfftfreq(x.shape[0], 1 / rate)
    spectrum /= np.sqrt(np.maximum(freqs, 20.0)).reshape(-1, *([1] * (x.ndim - 1)))  # 1/f power: pink
    noise = np.fft.irfft(spectrum, n=x.shape[0], axis=0)
    noise *= np.sqrt(np.mean(x**2) / np.mean(noise**2) / 10 ** (snr_db / 10))
    y = np.clip(x + noise, -1.0, 1.0)
    wavfile.write(path, rate, (y * 32767).astype(np.int16))
