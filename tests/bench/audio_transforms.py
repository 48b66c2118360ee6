"""The altered copies the audio engine must see through: excerpts, then a codec, noise or shift, alone or combined.

The combined edits are how copies really appear online: a pitched or sped-up song is also an MP3 or AAC.
"Resample" speed changes move pitch and tempo together (a record played fast); "tempo kept" pitch shifts use
Rubber Band, as audio editors do.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.io import wavfile

EXCERPT_SECONDS = 10.0
SEMITONE = 2 ** (1 / 12)
MP3_128 = ["-c:a", "libmp3lame", "-b:a", "128k"]
MP3_96 = ["-c:a", "libmp3lame", "-b:a", "96k"]
AAC_128 = ["-c:a", "aac", "-b:a", "128k"]
AAC_96 = ["-c:a", "aac", "-b:a", "96k"]


@dataclass(frozen=True)
class Edit:
    """An altered copy: file suffix, ffmpeg arguments after the input, seconds kept, pink noise SNR (dB) if any.
    In arguments, {tempo}, {rate}, {inverse}, {pitch} and {speed} take the edit's up or down value."""

    suffix: str
    args: list[str]
    seconds: float = EXCERPT_SECONDS
    noise_db: float | None = None
    semitones: float = 1.0
    speed: float = 1.0  # a resample's factor (its inverse when going down)
    lead_in: float = 0.0  # seconds of other music or speech before the copy (a track of the other family)
    seed_apart: bool = False  # its start drawn from a seed of its own: added later, it moved no older edit's start


TRANSFORMS: dict[str, Edit] = {
    "clean": Edit(".wav", []),
    "mp3_64k": Edit(".mp3", ["-c:a", "libmp3lame", "-b:a", "64k"]),
    "vorbis_q1": Edit(".ogg", ["-c:a", "libvorbis", "-q:a", "1"]),
    "aac_64k": Edit(".m4a", ["-c:a", "aac", "-b:a", "64k"]),
    "pink_noise_10db": Edit(".wav", [], noise_db=10.0),  # noise is added in numpy at an exact SNR
    "phone_band": Edit(
        ".wav", ["-af", "highpass=f=300:poles=2,lowpass=f=3400:poles=2", "-ar", "8000", "-ac", "1"]
    ),
    "gain_-12db": Edit(".wav", ["-af", "volume=-12dB"]),
    "tempo_3pct": Edit(".wav", ["-af", "atempo={tempo}"]),
    "pitch_1st": Edit(".wav", ["-af", "aresample=44100,asetrate={rate},aresample=44100,atempo={inverse}"]),
    # combined edits, each ending in a lossy codec
    "pitch_1st_mp3": Edit(".mp3", ["-af", "rubberband=pitch={pitch}", *MP3_128]),
    "pitch_2st_aac": Edit(".m4a", ["-af", "rubberband=pitch={pitch}", *AAC_128], semitones=2.0),
    "speed_3pct_mp3_96k": Edit(".mp3", ["-af", "aresample=44100,asetrate={rate},aresample=44100", *MP3_96],
                               semitones=0.0, speed=1.03),
    "speed_5pct_mp3": Edit(".mp3", ["-af", "aresample=44100,asetrate={rate},aresample=44100", *MP3_128],
                           semitones=0.0, speed=1.05),
    "speed_8pct_aac_96k": Edit(".m4a", ["-af", "aresample=44100,asetrate={rate},aresample=44100", *AAC_96],
                               semitones=0.0, speed=1.08),
    "excerpt_5s_mp3": Edit(".mp3", MP3_128, seconds=5.0),
    "pink_noise_10db_mp3": Edit(".mp3", MP3_128, noise_db=10.0),
    "late_in_a_mix_mp3": Edit(".mp3", MP3_128, lead_in=40.0),  # a song 40 s into a video or a podcast
    # two semitones by a resample: pitch and tempo together, 12 % faster or 11 % slower
    "pitch_2st_resample_aac": Edit(".m4a", ["-af", "aresample=44100,asetrate={rate},aresample=44100", *AAC_128],
                                   semitones=0.0, speed=SEMITONE**2, seed_apart=True),
}


def make_excerpt(source: Path, start: float, name: str, up: bool, out: Path, lead: Path | None = None) -> Path:
    """Write the transformed excerpt of `source` beginning at `start` seconds; returns its path. An edit with a
    lead-in plays the opening of `lead` (a held-out track of the other family, no work's) before it."""
    edit = TRANSFORMS[name]
    path = out.with_suffix(edit.suffix)
    if path.exists():  # made by an earlier, interrupted run
        return path
    ratio = SEMITONE if up else 1 / SEMITONE
    speed = edit.speed if up else 1 / edit.speed
    values = {
        "tempo": "1.03" if up else "0.97",
        "rate": f"{44100 * (ratio if edit.speed == 1.0 else speed):.1f}",
        "inverse": f"{1 / ratio:.6f}",
        "pitch": f"{ratio ** edit.semitones:.6f}",
    }
    args = [a.format(**values) for a in edit.args]
    if edit.lead_in and lead is not None:
        same = "aresample=44100,aformat=channel_layouts=stereo"
        mix = (f"[0:a]atrim={start:.2f}:{start + edit.seconds:.2f},asetpts=PTS-STARTPTS,{same}[copy];"
               f"[1:a]atrim=0:{edit.lead_in},asetpts=PTS-STARTPTS,{same}[lead];[lead][copy]concat=n=2:v=0:a=1")
        subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(source), "-i", str(lead), "-filter_complex", mix,
                        *args, str(path)], check=True)
        return path
    cmd = ["ffmpeg", "-v", "error", "-y", "-ss", f"{start:.2f}", "-t", f"{edit.seconds}", "-i", str(source)]
    if edit.noise_db is None:
        subprocess.run([*cmd, *args, str(path)], check=True)
        return path
    wav = path.with_name(path.stem + "-noisy.wav")
    subprocess.run([*cmd, str(wav)], check=True)
    _add_pink_noise(wav, snr_db=edit.noise_db, seed=int(start * 1000))
    if wav.suffix == path.suffix:
        wav.rename(path)
    else:
        subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(wav), *args, str(path)], check=True)
        wav.unlink()
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
