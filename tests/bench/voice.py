"""Voice likeness bench: does an enrolled voice get recognised saying other words, and nobody else's?

    python -m tests.bench.voice [--quick]

Two families of real voices, never mixed: A (tests/bench/voice_corpus.py: Festival voices, Asterisk studio
prompts; the family the scorer was calibrated on) and B (tests/bench/voice_corpus_other.py: a Russian studio
speaker, GSM telephone prompts, volunteers reading words at home, in eight languages). Each voice is enrolled
from 60 s of speech; candidates are 10 s of other words by the same voice — plain, MP3 at 32 kbit/s, under music
at 10 dB, through a telephone line — and stand as impostors for every other voice of their family, beside
ten-second music clips with no voice at all; these set each family's line at 1% false positives. The same
candidates through a telephone line with steep band edges are shown apart, never fitted on. Two longer
kinds of candidate hold the voice in only part of the recording: a candidate after 30 s of music, and two voices
of one family one after the other (each voice counts for recall, every other voice of the family as an
impostor); a voice's long candidates go through the four conditions in turn. The shortest kind is the start of
each candidate cut after 2.5–5 s of speech (a voice's cuts go round those lengths), as made and through the
telephone line, standing as impostors the same way. Each family's table gives recall
at 1% false positives fitted on that family and at the line fitted on the OTHER family (held out). Ours and
plain Resemblyzer (one embedding per file, cosine) run in the same process on the same files; ours takes away
the average voice, fitted on family A alone (tests/bench/voice_mean.py). A last row checks one woman recorded
in two languages.
Needs Debian's festival and festvox voices (installed by the builder when run as root), ffmpeg, apt-get download."""

from __future__ import annotations

import argparse
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from creatorwatch.core.voice.encoder import warm_up
from creatorwatch.core.voice.enrol import NotEnoughSpeech, enrol_file
from creatorwatch.core.voice.enrol_works import SAME_PERSON_SIMILARITY
from creatorwatch.core.voice.matcher import HOP_SECONDS, MIN_SPEECH_SECONDS, score_heard, speech_segments
from creatorwatch.core.voice.profile import voice_vector
from creatorwatch.core.voice.score import DEFAULT_THRESHOLD, SIMILARITY_AT_THRESHOLD, score_voice, scoring_vector
from creatorwatch.core.voice.short_speech import (
    SHORT_HOP_SECONDS,
    SHORT_SIMILARITY_AT_THRESHOLD,
    SHORT_SPEECH_SECONDS,
    is_short,
)
from creatorwatch.core.voice.stretches import (
    STRETCH_SEGMENTS,
    STRETCH_SIMILARITY_AT_THRESHOLD,
    stretch_voices,
)
from tests.bench.voice_corpus import CANDIDATE_SECONDS, Voice, build
from tests.bench.voice_corpus_other import SAME_PERSON_ENROLLED, build_other
from tests.bench.voice_transforms import (
    CONDITIONS,
    CUT_SPEECH_SECONDS,
    LONG_CONDITIONS,
    OTHER_LINE_CONDITIONS,
    SHORT_CONDITIONS,
    after_music,
    in_turn,
    make_conditions,
    music_clip,
    short_cuts,
)

ROOT = Path(__file__).parent / "corpus" / "voice"
RESULTS = Path(__file__).parent / "results" / "voice.md"
MUSIC_CLIPS = 12
PLAIN_COSINE_LINE = 0.835  # the matcher's line before it took the average voice away (score.py)


@dataclass
class Trials:
    """Scores of every candidate against every enrolled voice, and the time each candidate took."""

    scores: np.ndarray  # candidates × voices
    seconds: np.ndarray  # per candidate, NaN where not timed apart

    def split(self, own: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The scores of the voices each candidate holds (`own`, candidates × voices) and of every other."""
        return self.scores[own], self.scores[~own]


FAMILIES = ("A (Festival voices, Asterisk studio prompts)",
            "B (Russian studio, GSM phone prompts, volunteers' home recordings; never tuned on)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="half the voices, three candidates each")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    family_a, music = build(ROOT, args.quick)
    family_b, same_person = build_other(ROOT, args.quick)
    voices = [*family_a, *family_b]
    candidates, truth, second, conditions, family = [], [], [], [], []

    def add(path: Path, index: int, condition: str, partner: int = -1) -> None:
        candidates.append(path)
        truth.append(index)
        second.append(partner)
        conditions.append(condition)
        family.append(0 if index < len(family_a) else 1 if index < len(voices) else 2)

    made = {}  # (voice, candidate): the candidate in each condition
    for index, voice in enumerate([*voices, same_person]):
        for i, plain in enumerate(voice.candidates):
            made[index, i] = make_conditions(plain, ROOT / "conditions", music, 97 * index + i)
            for condition, path in made[index, i].items():
                add(path, index, condition)
    for index, voice in enumerate(voices):
        for i, plain in enumerate(voice.candidates):
            cut = CUT_SPEECH_SECONDS[(index + i) % len(CUT_SPEECH_SECONDS)]
            for condition, path in short_cuts(plain, ROOT / "short", cut).items():
                add(path, index, condition)
    for first, size in ((0, len(family_a)), (len(family_a), len(family_b))):
        for index in range(first, first + size):
            partner = first + (index - first + 1) % size  # the next voice of the same family
            for i in range(len(voices[index].candidates)):
                condition = CONDITIONS[i % len(CONDITIONS)]  # each voice's long candidates go through all four
                mine = made[index, i][condition]
                add(after_music(mine, music[i % len(music)], ROOT / "long", 97 * index + i), index, "after music")
                theirs = made[partner, i % len(voices[partner].candidates)][condition]
                add(in_turn(mine, theirs, ROOT / "long"), index, "in turn", partner)
    for k in range(MUSIC_CLIPS // (2 if args.quick else 1)):
        candidates.append(music_clip(music[k % len(music)], ROOT / "conditions", CANDIDATE_SECONDS, k))
        truth.append(-1)
        second.append(-1)
        conditions.append("music only")
        family.append(-1)
    started = time.perf_counter()
    warm_up()
    warm = time.perf_counter() - started
    ours, enrol_speed, enrolled, similarities = _ours([v.enrol for v in voices], candidates)
    peer = _peer([v.enrol for v in voices], candidates)
    columns = np.array([0] * len(family_a) + [1] * len(family_b))
    np.savez(ROOT / "last-run.npz", ours=ours.scores, peer=peer.scores, truth=truth, second=second, family=family,
             conditions=conditions, names=[v.name for v in voices], whole=similarities["whole"],
             stretch=similarities["stretch"])  # for a closer look at what failed
    own = np.array(truth)[:, None] == np.arange(len(voices))[None, :]
    own |= np.array(second)[:, None] == np.arange(len(voices))[None, :]
    seconds = np.array([_duration(path) for path in candidates])
    before = Trials(np.where(np.isnan(similarities["whole_score"]), 0.0, similarities["whole_score"]),
                    np.full(len(candidates), np.nan))
    runs = [_family(trials, own, np.array(family), columns, np.array(conditions), seconds)
            for trials in (ours, peer, before)]
    allison = next((i for i, v in enumerate(voices) if v.name == SAME_PERSON_ENROLLED), None)
    parts = []
    for f, title in enumerate(FAMILIES):
        held = 1 - f
        lines = [runs[0][held].at_fp(), runs[1][held].at_fp()]
        parts.append(f"## Family {title}\n\n{len(runs[0][f].voices)} voices: "
                     f"{', '.join(v.name for v, c in zip(voices, columns, strict=True) if c == f)}.\n\n"
                     + _table(runs[0][f], runs[1][f], lines, runs[2][f]))
    parts.append(_stretch_lines(similarities, own, np.array(family), columns, np.array(conditions)))
    parts.append(_short_lines(similarities, own, np.array(family), columns, np.array(conditions)))
    parts.append(_mixing(voices, enrolled, columns))
    if allison is not None:  # --quick leaves her out
        held_out = [r[1].at_fp() for r in runs[:2]]  # ours and plain Resemblyzer at family B's lines
        rows = (np.array(family) == 2) & np.isin(conditions, CONDITIONS)
        parts.append(_same_person(ours, peer, rows, allison, held_out, same_person.name))
    notes = (f"{len(voices)} voices in two families, {len(candidates)} candidates ({CANDIDATE_SECONDS:.0f} s each, "
             f"the long ones {CANDIDATE_SECONDS * 2:.0f}–{CANDIDATE_SECONDS + 30:.0f} s); "
             f"each family's candidates (and {MUSIC_CLIPS // (2 if args.quick else 1)} music-only clips) against "
             f"that family's voices. The held-out columns use the threshold allowing 1% false positives on the "
             f"OTHER family. Encoder warm-up (first call: import torch, load weights): {warm:.1f} s. Enrolment: "
             f"{enrol_speed:.0f}× real time (4 conditions, decoding included). Machine: 2 shared cores, loaded by "
             f"other work; torch on 1 thread.")
    text = f"# Voice likeness bench{' (quick)' if args.quick else ''}\n\n{notes}\n\n" + "\n\n".join(parts) + "\n"
    print(text)
    if not args.quick:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(text)


@dataclass
class Family:
    """One family's trials: its candidates (and the music clips) against its own voices."""

    trials: Trials
    own: np.ndarray  # rows × voices: the voices each row holds (none for music)
    conditions: np.ndarray
    voices: np.ndarray  # the columns of the full score matrix
    audio_seconds: float  # of all its candidates

    def at_fp(self, rate: float = 0.01) -> float:
        """The line for `rate` false positives on the 10 s candidates and music clips, as fitted before the long
        and the short recordings came (their false positives are shown beside it, at the same line)."""
        ten = _ten_seconds(self.conditions)
        return _at_fp(Trials(self.trials.scores[ten], self.trials.seconds[ten]), self.own[ten], rate)


def _ten_seconds(conditions: np.ndarray) -> np.ndarray:
    """The rows of 10 s candidates in the four conditions, and the music clips."""
    return ~np.isin(conditions, LONG_CONDITIONS + SHORT_CONDITIONS + OTHER_LINE_CONDITIONS)


def _family(trials: Trials, own: np.ndarray, family: np.ndarray, columns: np.ndarray, conditions: np.ndarray,
            durations: np.ndarray) -> list[Family]:
    out = []
    for f in (0, 1):
        rows, cols = (family == f) | (family < 0), np.flatnonzero(columns == f)
        out.append(Family(Trials(trials.scores[np.ix_(rows, cols)], trials.seconds[rows]), own[np.ix_(rows, cols)],
                          conditions[rows], cols, float(durations[rows].sum())))
    return out


def _ours(enrol: list[Path], candidates: list[Path]) -> tuple[Trials, float, np.ndarray, dict[str, np.ndarray]]:
    """Our scores, and each trial's similarity over the whole recording and in its best stretch (NaN where the
    recording is too short for stretches), from which the stretch and short-speech lines are fitted; and each
    candidate's seconds of speech."""
    started = time.perf_counter()
    enrolments = [enrol_file(path).embeddings for path in enrol]
    voices = [scoring_vector(e) for e in enrolments]
    enrol_speed = 60.0 * len(enrol) / (time.perf_counter() - started)
    scores, seconds = np.zeros((len(candidates), len(voices))), np.zeros(len(candidates))
    whole, whole_score, stretch = (np.full(scores.shape, np.nan) for _ in range(3))
    speech = np.zeros(len(candidates))
    for row, path in enumerate(candidates):
        started = time.perf_counter()
        found = speech_segments(path)
        speech[row] = found.speech_seconds
        if len(found.embeddings):
            scores[row] = [score_heard(found, voice).score for voice in voices]
            alone = [score_voice(found.embeddings, voice) for voice in voices]  # the whole recording, as before
            whole[row], whole_score[row] = [a.similarity for a in alone], [a.score for a in alone]
            if not is_short(found.speech_seconds) and len(found.embeddings) >= 2 * STRETCH_SEGMENTS:
                stretch[row] = (stretch_voices(found.embeddings) @ np.stack(voices).T).max(axis=0)
        seconds[row] = time.perf_counter() - started  # the whole recording's score, for the table, included
    return (Trials(scores, seconds), enrol_speed,
            np.stack([voice_vector(e) for e in enrolments]), {"whole": whole, "whole_score": whole_score,
                                                              "stretch": stretch, "speech": speech})


def _peer(enrol: list[Path], candidates: list[Path]) -> Trials:
    """Plain Resemblyzer: its own loading and silence trimming, one embedding per file, cosine."""
    from resemblyzer import VoiceEncoder, preprocess_wav

    encoder = VoiceEncoder("cpu", verbose=False)
    voices = np.stack([encoder.embed_utterance(preprocess_wav(path)) for path in enrol])
    scores, seconds = np.zeros((len(candidates), len(voices))), np.zeros(len(candidates))
    for row, path in enumerate(candidates):
        started = time.perf_counter()
        scores[row] = voices @ encoder.embed_utterance(preprocess_wav(path))
        seconds[row] = time.perf_counter() - started
    return Trials(scores, seconds)


def _table(ours: Family, peer: Family, held_out: list[float], before: Family) -> str:
    """Ours and plain Resemblyzer, each at 1% FP fitted here and at the line fitted on the other family; and ours
    scoring only the whole recording, as before stretches (stretches.py), at the default line."""
    rows = ["| | ours (≤1% FP here) | ours (other family's line) | ours (default 0.5) | ours before, whole recording "
            "only (default 0.5) | plain Resemblyzer (≤1% FP here) | Resemblyzer (other family's line) |",
            "|---|---|---|---|---|---|---|"]
    runs = [(ours, ours.at_fp()), (ours, held_out[0]), (ours, DEFAULT_THRESHOLD), (before, DEFAULT_THRESHOLD),
            (peer, peer.at_fp()), (peer, held_out[1])]
    own, conditions = ours.own, ours.conditions

    def row(label: str, value: Callable[[Trials, float], str]) -> None:
        rows.append(f"| {label} | " + " | ".join(value(f.trials, cut) for f, cut in runs) + " |")

    ten = _ten_seconds(conditions)
    row("equal-error rate, 10 s candidates",
        lambda t, cut: f"{_eer(t.scores[ten][own[ten]], t.scores[ten][~own[ten]]) * 100:.2f}%")
    row("threshold", lambda t, cut: f"{cut:.3f}")
    row("recall, 10 s candidates (four conditions)",
        lambda t, cut: f"{np.mean(t.scores[own & ten[:, None]] >= cut):.3f}")
    for condition in CONDITIONS + SHORT_CONDITIONS + LONG_CONDITIONS + OTHER_LINE_CONDITIONS:
        row(f"recall, {condition}", _recall(own, conditions == condition))
    row("false-positive rate, all trials (the steep line's apart)",
        _false_positives(own, ~np.isin(conditions, OTHER_LINE_CONDITIONS)))
    for condition in SHORT_CONDITIONS + LONG_CONDITIONS + OTHER_LINE_CONDITIONS:
        row(f"false-positive rate, {condition}", _false_positives(own, conditions == condition))
    music = conditions == "music only"
    row("music-only clips flagged", lambda t, cut: f"{int(np.sum(t.scores[music].max(axis=1) >= cut))} of "
                                                   f"{int(music.sum())}")
    row("speed, decoding included",  # not timed apart: the whole recording's score is part of ours
        lambda t, cut: f"{ours.audio_seconds / t.seconds.sum():.0f}× real time" if np.isfinite(t.seconds).all()
        else "—")
    kinds = {"10 s": ten & (conditions != "music only"), "short": np.isin(conditions, SHORT_CONDITIONS),
             "long": np.isin(conditions, LONG_CONDITIONS)}
    for kind, mask in kinds.items():
        row(f"time per {kind} candidate (mean)", _time_per(mask))
    return "\n".join(rows)


def _time_per(mask: np.ndarray) -> Callable[[Trials, float], str]:
    """The mean time to score a candidate in `mask`, as a table cell."""

    def cell(trials: Trials, cut: float) -> str:
        taken = trials.seconds[mask]
        return f"{taken.mean() * 1000:.0f} ms" if np.isfinite(taken).all() else "—"

    return cell


def _mixing(voices: list[Voice], enrolled: np.ndarray, columns: np.ndarray) -> str:
    """How often `voice enrol` tells two people apart under one name. A second recording of each person is their
    plain candidates, enrolled as the app would (those with enough speech)."""
    second, short = [], []  # all of a person's candidates as one recording; each candidate as one
    for voice, vector in zip(voices, enrolled, strict=True):
        parts = []
        for path in voice.candidates:
            try:
                parts.append(enrol_file(path).embeddings)
            except NotEnoughSpeech:
                continue
        second.append(voice_vector(np.concatenate(parts, axis=1)) if parts else np.full(vector.shape, np.nan))
        short.append(np.array([vector @ voice_vector(part) for part in parts]))
    same = np.sum(enrolled * np.stack(second), axis=1)
    rows = ["## Two people under one name", "",
            f"`voice enrol` refuses a recording whose similarity to the voice already learnt under that name is "
            f"below {SAME_PERSON_SIMILARITY} (before: the matcher's own line, {PLAIN_COSINE_LINE}). Each "
            "pair of people counted both ways round.", "",
            f"| family | other person's recording refused | at {PLAIN_COSINE_LINE} | same person's second "
            "recording kept (60 s; each 10 s candidate) | closest two people |", "|---|---|---|---|---|"]
    for f, title in enumerate(FAMILIES):
        own = np.flatnonzero(columns == f)
        pairs = (enrolled[own] @ enrolled[own].T)[~np.eye(own.size, dtype=bool)]
        refused, kept = pairs < SAME_PERSON_SIMILARITY, same[own][np.isfinite(same[own])] >= SAME_PERSON_SIMILARITY
        each = np.concatenate([short[i] for i in own])
        worst = np.unravel_index(np.argmax(enrolled[own] @ enrolled[own].T - 2 * np.eye(own.size)), (own.size,) * 2)
        rows.append(f"| {title[0]} | {int(refused.sum())}/{refused.size} | "
                    f"{int(np.sum(pairs < PLAIN_COSINE_LINE))}/{refused.size} | {int(kept.sum())}/{kept.size}; "
                    f"{int(np.sum(each >= SAME_PERSON_SIMILARITY))}/{each.size} (lowest {each.min():.3f}) | "
                    f"{voices[own[worst[0]]].name} / {voices[own[worst[1]]].name}: {pairs.max():.3f} |")
    return "\n".join(rows)


def _same_person(ours: Trials, peer: Trials, rows: np.ndarray, column: int, lines: list[float], name: str) -> str:
    """The same woman in another language: enrolled from her Spanish prompts (family A), heard in English."""
    cells = []
    for trials, line in zip((ours, peer), lines, strict=True):
        scores = trials.scores[rows]
        hits = scores[:, column] >= line
        first = np.mean(scores.argmax(axis=1) == column)
        cells.append(f"{hits.mean():.3f} ({int(hits.sum())}/{hits.size}); her own voice the closest in "
                     f"{first * 100:.0f}%")
    return (f"## Same person, other language\n\n{name}'s English prompts against her Mexican Spanish enrolment "
            f"(family A), at the line fitted on family B (held out), all four conditions:\n\n"
            f"| | ours | plain Resemblyzer |\n|---|---|---|\n| recall | {cells[0]} | {cells[1]} |")


def _recall(own: np.ndarray, mask: np.ndarray) -> Callable[[Trials, float], str]:
    """Recall over the candidates in `mask` (each voice a candidate holds counts once), as a table cell."""

    def cell(trials: Trials, cut: float) -> str:
        hits = trials.scores[mask][own[mask]] >= cut
        return f"{hits.mean():.3f} ({int(hits.sum())}/{hits.size})"

    return cell


def _false_positives(own: np.ndarray, mask: np.ndarray) -> Callable[[Trials, float], str]:
    """The share of impostor trials flagged among the candidates in `mask`, as a table cell."""

    def cell(trials: Trials, cut: float) -> str:
        return f"{np.mean(trials.scores[mask][~own[mask]] >= cut) * 100:.2f}%"

    return cell


def _stretch_lines(similarities: dict[str, np.ndarray], own: np.ndarray, family: np.ndarray, columns: np.ndarray,
                   conditions: np.ndarray) -> str:
    """Where the stretch line (stretches.py) falls when fitted on each family: the lowest stretch similarity that
    keeps the long recordings' impostor trials at ≤1% false positives, counting those the whole already flags."""
    long = np.isin(conditions, LONG_CONDITIONS)
    cells = []
    for f, title in enumerate(FAMILIES):
        rows, cols = long & (family == f), columns == f
        stranger = ~own[np.ix_(rows, cols)]
        whole = similarities["whole"][np.ix_(rows, cols)][stranger]
        stretch = similarities["stretch"][np.ix_(rows, cols)][stranger]
        flagged_whole = (whole >= SIMILARITY_AT_THRESHOLD) & ~(stretch < SIMILARITY_AT_THRESHOLD)  # as stretches.py
        rest = np.sort(np.nan_to_num(stretch[~flagged_whole], nan=-1.0))[::-1]
        allowed = int(0.01 * stranger.sum()) - int(flagged_whole.sum())
        line = float(np.nextafter(rest[max(allowed, 0)], np.inf)) if rest.size else float("nan")
        cells.append(f"| {title[0]} | {int(stranger.sum())} | {line:.3f} |")
    speech = STRETCH_SEGMENTS * HOP_SECONDS
    return (f"## The stretch line\n\nStretches of {STRETCH_SEGMENTS} segments ({speech:.0f} s of speech) answer to "
            f"their own line, fitted on family A's long recordings (after music, in turn) and fixed in stretches.py "
            f"at {STRETCH_SIMILARITY_AT_THRESHOLD:.3f}; family B's is shown only to see how far apart they fall.\n\n"
            "| family | impostor trials | line for ≤1% FP |\n|---|---|---|\n" + "\n".join(cells))


def _short_lines(similarities: dict[str, np.ndarray], own: np.ndarray, family: np.ndarray,
                 columns: np.ndarray, conditions: np.ndarray) -> str:
    """Where the short-speech line (short_speech.py) falls when fitted on each family: the lowest similarity that
    keeps the impostor trials of every candidate scored as short speech at ≤1% false positives (the steep line's
    apart, as it is never fitted on)."""
    speech = similarities["speech"]
    short = np.array([is_short(s) for s in speech]) & (speech >= MIN_SPEECH_SECONDS)
    short &= ~np.isin(conditions, OTHER_LINE_CONDITIONS)
    cells = []
    for f, title in enumerate(FAMILIES):
        rows, cols = short & (family == f), columns == f
        impostors = np.sort(similarities["whole"][np.ix_(rows, cols)][~own[np.ix_(rows, cols)]])[::-1]
        line = float(np.nextafter(impostors[int(0.01 * impostors.size)], np.inf))
        cells.append(f"| {title[0]} | {int(rows.sum())} | {impostors.size} | {line:.3f} |")
    return (f"## The short-speech line\n\nA candidate with {MIN_SPEECH_SECONDS:.0f}–{SHORT_SPEECH_SECONDS:.1f} s "
            f"of speech is embedded every {SHORT_HOP_SECONDS} s and scored whole against its own line, fitted on "
            f"family A and fixed in short_speech.py at {SHORT_SIMILARITY_AT_THRESHOLD:.3f}; family B's is shown only "
            "to see how far apart they fall.\n\n| family | candidates | impostor trials | line for ≤1% FP |\n"
            "|---|---|---|---|\n" + "\n".join(cells))


def _duration(path: Path) -> float:
    import av

    with av.open(str(path)) as media:
        return float(media.duration or 0) / av.time_base


def _at_fp(trials: Trials, own: np.ndarray, rate: float = 0.01) -> float:
    """The lowest threshold that flags at most `rate` of the impostor trials."""
    impostors = np.sort(trials.split(own)[1])[::-1]
    allowed = int(rate * impostors.size)
    return float(np.nextafter(impostors[allowed], np.inf))


def _eer(same: np.ndarray, impostors: np.ndarray) -> float:
    cuts = np.sort(np.concatenate([same, impostors]))
    return float(min(max(np.mean(impostors >= c), np.mean(same < c)) for c in cuts))


if __name__ == "__main__":
    main()
