"""The conditions a cloned voice reaches the creator in: as made, squeezed into a 32 kbit/s MP3, under
background music at 10 dB, and through a telephone line (300–3400 Hz, 8 kHz, G.711 µ-law); and, shown beside them
but never fitted on, through a line whose band edges are steep (a handset or codec that filters hard). Then the longer
recordings a voice is only part of: after a music intro (a podcast, a video), and one voice after another (an
interview, a cloned-voice dialogue). And the shortest: a few seconds of speech cut from a candidate, as made and
through the telephone line (a voice message, a clip in a video)."""

from __future__ import annotations

import random
import subprocess
from pathlib import Path

import numpy as np
from scipy.io import wavfile

MUSIC_SNR_DB = 10.0
CONDITIONS = ("plain", "mp3", "music", "phone")
# The same line with edges falling 36 dB an octave rather than 12: the voice's low end, which the telephone line
# lets through attenuated, is gone. Enrolment hears a telephone of its own (augment.py); a change that finds more
# on one line's shape while losing the other shows here.
OTHER_LINE_CONDITIONS = ("steep phone",)
INTRO_SECONDS = 30.0
LONG_CONDITIONS = ("after music", "in turn")  # the voice after a music intro; two voices one after the other
SHORT_CONDITIONS = ("short", "short phone")  # a few seconds of speech, as made and through the telephone line
CUT_SPEECH_SECONDS = (2.5, 3.0, 3.5, 4.0, 4.5, 5.0)  # of speech heard in the plain cut; a voice's cuts go round
RATE = 16000
PHONE = ("-af", "highpass=f=300,lowpass=f=3400", "-ar", "8000", "-c:a", "pcm_mulaw")  # a G.711 telephone line
STEEP_PHONE = ("-af", ",".join(["highpass=f=300"] * 3 + ["lowpass=f=3400"] * 3), *PHONE[2:])


def make_conditions(plain: Path, out: Path, music: list[Path], seed: int) -> dict[str, Path]:
    """The candidate `plain` in every condition, the other line's too (cached in `out`)."""
    out.mkdir(parents=True, exist_ok=True)
    stem = f"{plain.parent.name}-{plain.stem}"
    made = {"plain": plain, "mp3": out / f"{stem}.mp3", "music": out / f"{stem}-music.wav",
            "phone": out / f"{stem}-phone.wav", "steep phone": out / f"{stem}-steep-phone.wav"}
    if not made["mp3"].exists():
        _ffmpeg(plain, made["mp3"], "-ac", "1", "-c:a", "libmp3lame", "-b:a", "32k")
    if not made["phone"].exists():
        _ffmpeg(plain, made["phone"], *PHONE)
    if not made["steep phone"].exists():
        _ffmpeg(plain, made["steep phone"], *STEEP_PHONE)
    if not made["music"].exists():
        _mix(plain, random.Random(seed).choice(music), made["music"], random.Random(seed))
    return made


def short_cuts(plain: Path, out: Path, speech_seconds: float) -> dict[str, Path]:
    """The start of the candidate `plain`, cut where `speech_seconds` of speech (as the matcher finds it) have been
    heard; as made and through the telephone line, which leaves less speech still (cached in `out`)."""
    stem = f"{plain.parent.name}-{plain.stem}-{speech_seconds:.1f}s"
    made = {"short": out / f"{stem}.wav", "short phone": out / f"{stem}-phone.wav"}
    if not made["short"].exists():
        from creatorwatch.core.voice.speech import find_speech

        heard, end = 0.0, 0.0
        for start, stop in find_speech(plain, 3600.0).regions:
            end = min(stop, start + speech_seconds - heard)
            heard += end - start
            if heard >= speech_seconds:
                break
        _write(made["short"], _decode(plain, RATE)[: int(end * RATE)])
    if not made["short phone"].exists():
        _ffmpeg(made["short"], made["short phone"], *PHONE)
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


def after_music(plain: Path, track: Path, out: Path, seed: int) -> Path:
    """The candidate `plain` (in any condition) after INTRO_SECONDS of a music track, as a podcast or video opens."""
    path = out / f"{plain.parent.name}-{plain.stem}-{plain.suffix[1:]}-after-music.wav"
    if not path.exists():
        intro = _decode(track, RATE)
        start = random.Random(seed).randrange(0, max(1, intro.size - int(INTRO_SECONDS * RATE)))
        intro = np.resize(intro[start : start + int(INTRO_SECONDS * RATE)], int(INTRO_SECONDS * RATE))
        speech = _decode(plain, RATE)
        level = np.sqrt(np.mean(speech**2) / (np.mean(intro**2) + 1e-12))  # the music as loud as the voice
        _write(path, np.concatenate([intro * level, speech]))
    return path


def in_turn(first: Path, second: Path, out: Path) -> Path:
    """Two recordings one after the other with half a second between: two people taking turns."""
    path = out / f"{first.parent.name}-{first.stem}-{first.suffix[1:]}-then-{second.parent.name}-{second.stem}.wav"
    if not path.exists():
        _write(path, np.concatenate([_decode(first, RATE), np.zeros(RATE // 2, np.float32), _decode(second, RATE)]))
    return path


def _write(path: Path, audio: np.ndarray) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    wavfile.write(path, RATE, _pcm(audio))


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
