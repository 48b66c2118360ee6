"""Voice-over bench: a creator's music under someone talking, as in a video, a podcast or a livestream. Copies: 10 s
of each music work of the audio bench's two families, with 10 s of continuous speech laid over it 0, 3, 6 and 10 dB
louder than the music (by RMS), then MP3 128k. The speech is the other family's (no work of this library is in
it). Negatives: the same made of the family's held-out music, which must match nothing. Each clip is searched as
`match` and the sources search it, and again without the look with all its peaks that a search takes when nothing
was found (audio_index.BURIED), as before it was added.

Run by hand: `python -m tests.bench.audio_voiceover` (the audio bench runs it too, at its end).
"""

from __future__ import annotations

import subprocess
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy.io import wavfile

from creatorwatch.core.fingerprint import audio as engine
from creatorwatch.core.fingerprint.audio_decode import SAMPLE_RATE, decode_chunks

from .audio_corpus import build, build_other

ROOT = Path(__file__).parent / "corpus" / "audio"
RESULTS = Path(__file__).parent / "results" / "audio.md"
HEADING = "## Music under a voice-over"
LOUDER_DB = (0, 3, 6, 10)
SECONDS = 10.0
RATE = 44100


def _sound(path: Path, start: float) -> np.ndarray:
    """SECONDS of `path` from `start`, mono at RATE, float in -1..1."""
    raw = subprocess.run(["ffmpeg", "-v", "error", "-ss", f"{start:.2f}", "-t", f"{SECONDS}", "-i", str(path),
                          "-ac", "1", "-ar", str(RATE), "-f", "f32le", "-"], check=True, capture_output=True).stdout
    return np.frombuffer(raw, np.float32)


def _seconds(path: Path) -> float:
    return sum(len(c) for c in decode_chunks(path)) / SAMPLE_RATE


def make(music: list[Path], voices: list[Path], folder: Path) -> list[tuple[Path, int, int]]:
    """Each music track under each level of voice-over: (MP3 path, track number, dB louder)."""
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for number, track in enumerate(music):
        for louder in LOUDER_DB:
            path = folder / f"{number:03d}-voice_{louder}db.mp3"
            made.append((path, number, louder))
            if path.exists():
                continue
            song = _sound(track, _seconds(track) / 3)
            voice = _sound(voices[number % len(voices)], 2.0)
            n = min(len(song), len(voice))
            song, voice = song[:n], voice[:n]
            level = np.sqrt(np.mean(song.astype(np.float64) ** 2)) / max(1e-9, np.sqrt(np.mean(voice ** 2.0)))
            mix = song + voice * level * 10 ** (louder / 20)
            wav = path.with_suffix(".wav")
            wavfile.write(wav, RATE, (mix / max(1e-9, np.abs(mix).max()) * 0.9 * 32767).astype(np.int16))
            subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(wav), "-c:a", "libmp3lame", "-b:a", "128k",
                            str(path)], check=True)
            wav.unlink()
    return made


def _music(paths: list[Path]) -> list[Path]:
    return [p for p in paths if "speech" not in p.parts and _seconds(p) >= 3 * SECONDS]


@dataclass
class Scored:
    found: Counter[int] = field(default_factory=Counter)  # copies found at the alert line, by dB louder
    flagged: int = 0  # negatives matching any work at the alert line
    highest: float = 0.0  # the highest score of any negative
    ms: float = 0.0  # per clip, decoding included


def _score(index: engine.Index, ids: list[int], copies: list[tuple[Path, int, int]],
           negatives: list[tuple[Path, int, int]], buried: bool) -> Scored:
    """The clips searched as `match` searches them, or (not `buried`) without the look with all their peaks."""
    scored = Scored()
    look = engine.Index._buried
    if not buried:
        engine.Index._buried = lambda self, fp, hits: hits  # type: ignore[method-assign]
    try:
        start = time.perf_counter()
        for path, number, louder in copies:
            hits = engine.search_file(index, path, engine.DEFAULT_THRESHOLD)
            scored.found[louder] += any(h.work_id == ids[number] for h in hits)
        for path, _, _ in negatives:
            hits = engine.search_file(index, path, 0.0)
            scored.highest = max([scored.highest, *(h.score for h in hits)])
            scored.flagged += any(h.score >= engine.DEFAULT_THRESHOLD for h in hits)
        scored.ms = 1000 * (time.perf_counter() - start) / len(copies + negatives)
    finally:
        engine.Index._buried = look  # type: ignore[method-assign]
    return scored


def run() -> str:
    built = {"A": build(ROOT), "B": build_other(ROOT)}
    lines = [HEADING, "", " ".join((__doc__ or "").split("\n\n")[0].split()), "",
             "| family | music works | " + " | ".join(f"voice {d} dB louder: found before, now" for d in LOUDER_DB)
             + " | negatives matching anything: before, now | highest negative score: before, now | ms per clip: "
             "before, now |", "|---|---|" + "---|" * len(LOUDER_DB) + "---|---|---|"]  # fmt: skip
    for family, (works, distractors) in built.items():
        other = built["B" if family == "A" else "A"]
        voices = [p for p in other[0] + other[1] if "speech" in p.parts]
        index = engine.Index()
        index.add_many(enumerate(engine.fingerprint_file(p) for p in works))
        music = _music(works)
        ids = [works.index(p) for p in music]
        copies = make(music, voices, ROOT / f"voiceover-{family}" / "copies")
        negatives = make(_music(distractors), voices, ROOT / f"voiceover-{family}" / "negatives")
        before, now = (_score(index, ids, copies, negatives, buried) for buried in (False, True))
        lines.append(f"| {family} | {len(music)} | " + " | ".join(
            f"{before.found[d]}/{len(music)}, {now.found[d]}/{len(music)}" for d in LOUDER_DB)
            + f" | {before.flagged}, {now.flagged} of {len(negatives)} | {before.highest:.2f}, {now.highest:.2f} | "
            f"{before.ms:.0f}, {now.ms:.0f} |")
    return "\n".join(lines)


def main() -> None:
    section = run()
    print(section)
    before = RESULTS.read_text().split(HEADING)[0].rstrip() if RESULTS.exists() else "# Audio matching bench"
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(before + "\n\n" + section + "\n")


if __name__ == "__main__":
    main()
