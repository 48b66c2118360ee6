"""A creator's music under someone talking louder (a video's or a podcast's voice-over) is still found; the same
voice over other music is not. The first look's triplets are the voice's; the look with all the candidate's peaks
that follows when nothing was found holds the music's too."""

from __future__ import annotations

import subprocess
from pathlib import Path

import av
import numpy as np
from scipy.io import wavfile

from creatorwatch.core.fingerprint import audio
from tests.media import write_audio

RATE = 16000


TALK = ("Welcome back to the show. Today we are looking at the places where the old harbour road meets the new "
        "estate, and why so many of the shops along it closed within a single year. My guest grew up above the "
        "bakery on the corner, and she remembers the morning the trams stopped running and the market moved away.")


def _talking(path: Path, voice: str) -> np.ndarray:
    """TALK read by a Festival voice (recorded from a real person: Debian's festival and festvox-kdlpc16k, which
    the voice tests need too), at RATE."""
    subprocess.run(["text2wave", "-eval", f"(voice_{voice})", "-F", str(RATE), "-o", str(path)],
                   input=TALK.encode(), check=True, capture_output=True)
    return wavfile.read(path)[1].astype(np.float32) / 32768


def _decoded(path: Path) -> np.ndarray:
    with av.open(str(path)) as container:
        resampler = av.AudioResampler(format="flt", layout="mono", rate=RATE)
        return np.concatenate([f.to_ndarray().ravel() for frame in container.decode(audio=0)
                               for f in resampler.resample(frame)])  # fmt: skip


def _under_voice(song: Path, out: Path, louder_db: float, voice: str) -> Path:
    music = _decoded(song)
    talk = _talking(out.with_suffix(".talk.wav"), voice)
    voice_part = np.resize(talk, len(music))  # read again from the start if the song is longer
    rms = np.sqrt(np.mean(music**2)) / np.sqrt(np.mean(voice_part**2))
    mix = music + voice_part * rms * 10 ** (louder_db / 20)
    write_audio(out, (0.8 * mix / np.abs(mix).max()).astype(np.float32), RATE, "libmp3lame")
    return out


def _song(path: Path, seed: int, seconds: float = 30.0) -> Path:
    """Music that holds its notes: a chord of four notes with their harmonics every half second, dying away."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * RATE)) / RATE
    music, step = np.zeros_like(t), RATE // 2
    for start in range(0, len(t), step):
        beat = slice(start, start + step)
        fading = np.exp(-3 * (t[beat] - t[start]))
        for _ in range(4):
            note = 220 * 2 ** (rng.integers(0, 30) / 12)
            for harmonic in (1, 2, 3, 4):
                music[beat] += fading * np.sin(2 * np.pi * note * harmonic * t[beat]) / harmonic
    write_audio(path, (0.25 * music / np.abs(music).max()).astype(np.float32), RATE)
    return path


def test_music_under_a_louder_voice_is_found_and_the_voice_over_other_music_matches_nothing(tmp_path: Path) -> None:
    songs = [_song(tmp_path / f"song{n}.wav", seed=n) for n in range(4)]
    index = audio.Index()
    index.add_many((n, audio.fingerprint_file(song)) for n, song in enumerate(songs[:3]))
    for number, song in enumerate(songs[:3]):  # before the look with all the peaks: 1 of the 3 (0.06, 0.89, 0.19)
        copy = _under_voice(song, tmp_path / f"voiceover{number}.mp3", 6.0, ("ked_diphone", "lp_diphone")[number % 2])
        hits = audio.search_file(index, copy, audio.DEFAULT_THRESHOLD)
        assert [h.work_id for h in hits] == [number], (copy.name, hits)
    other = _under_voice(songs[3], tmp_path / "other-music.mp3", 6.0, "ked_diphone")
    assert audio.search_file(index, other, audio.DEFAULT_THRESHOLD) == []
