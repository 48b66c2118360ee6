"""Voice likeness bench: does an enrolled voice get recognised saying other words, and nobody else's?

    python -m tests.bench.voice [--quick]

Each real voice (tests/bench/voice_corpus.py) is enrolled from 60 s of speech; candidates are 10 s of other text
by the same voice — plain, MP3 at 32 kbit/s, under music at 10 dB, through a telephone line — and the same
candidates stand as impostors for every other voice, beside ten-second music clips with no voice at all. Ours
and plain Resemblyzer (one embedding per file, cosine) run in the same process on the same files.
Needs Debian's festival and festvox voices (installed by the builder when run as root), ffmpeg, apt-get download.
"""

from __future__ import annotations

import argparse
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from creatorwatch.core.voice.encoder import warm_up
from creatorwatch.core.voice.enrol import enrol_file
from creatorwatch.core.voice.matcher import HOP_SECONDS, MAX_SPEECH_SECONDS, MIN_SPEECH_SECONDS
from creatorwatch.core.voice.profile import voice_vector
from creatorwatch.core.voice.score import DEFAULT_THRESHOLD, score_voice
from creatorwatch.core.voice.segments import voice_segments
from tests.bench.voice_corpus import CANDIDATE_SECONDS, build
from tests.bench.voice_transforms import CONDITIONS, make_conditions, music_clip

ROOT = Path(__file__).parent / "corpus" / "voice"
RESULTS = Path(__file__).parent / "results" / "voice.md"
MUSIC_CLIPS = 12


@dataclass
class Trials:
    """Scores of every candidate against every enrolled voice, and the time it took to produce them."""

    scores: np.ndarray  # candidates × voices
    seconds: float

    def split(self, truth: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        same = truth[:, None] == np.arange(self.scores.shape[1])[None, :]
        return self.scores[same], self.scores[~same]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="half the voices, three candidates each")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    voices, music = build(ROOT, args.quick)
    candidates, truth, conditions = [], [], []
    for index, voice in enumerate(voices):
        for i, plain in enumerate(voice.candidates):
            for condition, path in make_conditions(plain, ROOT / "conditions", music, 97 * index + i).items():
                candidates.append(path)
                truth.append(index)
                conditions.append(condition)
    for k in range(MUSIC_CLIPS // (2 if args.quick else 1)):
        candidates.append(music_clip(music[k % len(music)], ROOT / "conditions", CANDIDATE_SECONDS, k))
        truth.append(-1)
        conditions.append("music only")
    started = time.perf_counter()
    warm_up()
    warm = time.perf_counter() - started
    ours, enrol_speed = _ours([v.enrol for v in voices], candidates)
    peer = _peer([v.enrol for v in voices], candidates)
    audio = CANDIDATE_SECONDS * len(candidates)
    table = _table(ours, peer, np.array(truth), np.array(conditions), audio)
    notes = (f"{len(voices)} voices, {len(candidates)} candidates ({CANDIDATE_SECONDS:.0f} s each), "
             f"{len(voices) * (len(candidates))} trials. Encoder warm-up (first call: import torch, load "
             f"weights): {warm:.1f} s. Enrolment: {enrol_speed:.0f}× real time (4 conditions, decoding "
             f"included). Machine: 2 shared cores, torch on 1 thread.")
    text = f"# Voice likeness bench{' (quick)' if args.quick else ''}\n\n{notes}\n\n{table}\n"
    print(text)
    if not args.quick:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(text)


def _ours(enrol: list[Path], candidates: list[Path]) -> tuple[Trials, float]:
    started = time.perf_counter()
    voices = [voice_vector(enrol_file(path).embeddings) for path in enrol]
    enrol_speed = 60.0 * len(enrol) / (time.perf_counter() - started)
    started = time.perf_counter()
    scores = np.zeros((len(candidates), len(voices)))
    for row, path in enumerate(candidates):
        found = voice_segments(path, MAX_SPEECH_SECONDS, HOP_SECONDS)
        if found.speech_seconds >= MIN_SPEECH_SECONDS:
            scores[row] = [score_voice(found.embeddings, voice).score for voice in voices]
    return Trials(scores, time.perf_counter() - started), enrol_speed


def _peer(enrol: list[Path], candidates: list[Path]) -> Trials:
    """Plain Resemblyzer: its own loading and silence trimming, one embedding per file, cosine."""
    from resemblyzer import VoiceEncoder, preprocess_wav

    encoder = VoiceEncoder("cpu", verbose=False)
    voices = np.stack([encoder.embed_utterance(preprocess_wav(path)) for path in enrol])
    started = time.perf_counter()
    scores = np.stack([voices @ encoder.embed_utterance(preprocess_wav(path)) for path in candidates])
    return Trials(scores, time.perf_counter() - started)


def _table(ours: Trials, peer: Trials, truth: np.ndarray, conditions: np.ndarray, audio: float) -> str:
    rows = ["| | ours (≤1% FP) | ours (default 0.5) | plain Resemblyzer (≤1% FP) |", "|---|---|---|---|"]
    cuts: list[Callable[[Trials], float]] = [lambda t: _at_fp(t, truth), lambda t: DEFAULT_THRESHOLD,
                                             lambda t: _at_fp(t, truth)]
    runs = [(ours, cuts[0](ours)), (ours, cuts[1](ours)), (peer, cuts[2](peer))]

    def row(label: str, value: Callable[[Trials, float], str]) -> None:
        rows.append(f"| {label} | " + " | ".join(value(t, cut) for t, cut in runs) + " |")

    row("equal-error rate", lambda t, cut: f"{_eer(*t.split(truth)) * 100:.2f}%")
    row("threshold", lambda t, cut: f"{cut:.3f}")
    row("recall, all conditions", lambda t, cut: f"{np.mean(t.split(truth)[0] >= cut):.3f}")
    for condition in CONDITIONS:
        row(f"recall, {condition}", _recall(truth, conditions == condition))
    row("false-positive rate", lambda t, cut: f"{np.mean(t.split(truth)[1] >= cut) * 100:.2f}%")
    music = conditions == "music only"
    row("music-only clips flagged", lambda t, cut: f"{int(np.sum(t.scores[music].max(axis=1) >= cut))} of "
                                                   f"{int(music.sum())}")
    row("speed, decoding included", lambda t, cut: f"{audio / t.seconds:.0f}× real time")
    rows.append(f"| threshold learnt on half the voices, recall / FP on the other half | {_held_out(ours, truth)} | | "
                f"{_held_out(peer, truth)} |")
    return "\n".join(rows)


def _held_out(trials: Trials, truth: np.ndarray) -> str:
    """Calibrate at 1% FP on the even voices and test on the odd ones, then the other way round: how well the
    threshold carries to voices it was not set on."""
    cells = []
    for learn in (0, 1):
        halves = [np.flatnonzero(np.arange(trials.scores.shape[1]) % 2 == (learn + k) % 2) for k in (0, 1)]
        (_, impostors), (same, others) = (_trials_among(trials, truth, voices) for voices in halves)
        cut = np.nextafter(np.sort(impostors)[::-1][int(0.01 * impostors.size)], np.inf)
        cells.append(f"{np.mean(same >= cut):.3f} / {np.mean(others >= cut) * 100:.2f}%")
    return "; ".join(cells)


def _trials_among(trials: Trials, truth: np.ndarray, voices: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Same-voice and impostor scores of those voices' candidates (and the music clips) against those voices."""
    rows = np.isin(truth, voices) | (truth < 0)
    scores, owners = trials.scores[np.ix_(rows, voices)], truth[rows]
    same = owners[:, None] == voices[None, :]
    return scores[same], scores[~same]


def _recall(truth: np.ndarray, mask: np.ndarray) -> Callable[[Trials, float], str]:
    """Recall over the candidates in `mask`, as a table cell."""
    rows = np.flatnonzero(mask)

    def cell(trials: Trials, cut: float) -> str:
        hits = trials.scores[rows, truth[rows]] >= cut
        return f"{hits.mean():.3f} ({int(hits.sum())}/{hits.size})"

    return cell


def _at_fp(trials: Trials, truth: np.ndarray, rate: float = 0.01) -> float:
    """The lowest threshold that flags at most `rate` of the impostor trials."""
    impostors = np.sort(trials.split(truth)[1])[::-1]
    allowed = int(rate * impostors.size)
    return float(np.nextafter(impostors[allowed], np.inf))


def _eer(same: np.ndarray, impostors: np.ndarray) -> float:
    cuts = np.sort(np.concatenate([same, impostors]))
    return float(min(max(np.mean(impostors >= c), np.mean(same < c)) for c in cuts))


if __name__ == "__main__":
    main()
