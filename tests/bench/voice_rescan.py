"""Retroactive voice matching bench: what keeping a candidate's voice costs at check time, and how long a voice
enrolled later takes to match against 1,000 kept candidates.

    python -m tests.bench.voice_rescan [--quick]   (--quick: the 60 s candidate is left out)

Check time: one audio candidate fingerprinted as a check does it, with no voice enrolled, first without keeping its
voice and then keeping it (the remember_voices preference); the difference is the cost of the feature, the blob's
size its bytes. Festival's festvox voices (Debian's festival, festvox-kdlpc16k, festvox-italp16k) say the speech.
Rescan: 1,000 candidates whose kept voices are real segments of three festvox speakers (one in fifty the
creator's), matched against the creator's voice enrolled from its own recording (rescan_voices, as `voice enrol`).
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from creatorwatch.core.fingerprint.audio_decode import decode_chunks
from creatorwatch.core.library.works import Library
from creatorwatch.core.store.db import open_database, transaction
from creatorwatch.core.voice.encoder import warm_up
from creatorwatch.core.voice.enrol import enrol_file
from creatorwatch.core.voice.kept import dump_segments, keep_voice
from creatorwatch.core.voice.matcher import speech_segments
from creatorwatch.core.voice.store import VoiceStore
from creatorwatch.core.watch.monitor import _fingerprint
from creatorwatch.core.watch.rescan import rescan_voices
from tests.media import make_recording, write_audio

CREATOR = ("The lighthouse keeper climbed the iron stair every evening for forty years. She trimmed the wick, wound "
           "the clockwork and watched the black water for the lights of fishing boats.")
CLONE = "A letter arrived in spring from a company in the city, offering to replace the keeper with a machine."
CANDIDATES = 1_000


def say(voice: str, text: str, path: Path) -> Path:
    subprocess.run(["text2wave", "-eval", f"(voice_{voice})", "-o", str(path)], input=text.encode(), check=True,
                   capture_output=True)
    return path


def looped(source: Path, seconds: float, path: Path) -> Path:
    """`source` said again and again, to `seconds` (a long candidate: a podcast, an audiobook chapter)."""
    audio = np.concatenate(list(decode_chunks(source)))
    write_audio(path, np.tile(audio, int(np.ceil(seconds * 8000 / audio.size)))[: int(seconds * 8000)], 8000)
    return path


def check_cost(path: Path, rounds: int = 3) -> tuple[float, float, int]:
    """Seconds to fingerprint `path` as a check does without keeping its voice, and keeping it; the kept bytes."""
    def best(keep: bool) -> float:
        times = []
        for _ in range(rounds):
            start = time.perf_counter()
            _fingerprint(path, frozenset(), None, keep)
            times.append(time.perf_counter() - start)
        return min(times)

    found = speech_segments(path)
    return best(False), best(True), len(dump_segments(found)) if len(found.embeddings) else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        started = time.perf_counter()
        warm_up()
        print(f"speaker encoder loaded once per process: {time.perf_counter() - started:.1f} s")
        creator = say("ked_diphone", CREATOR, root / "creator.wav")
        clone = say("ked_diphone", CLONE, root / "clone.wav")
        others = [say(v, CLONE, root / f"{v}.wav") for v in ("lp_diphone", "pc_diphone")]
        files = {"music, 12 s": make_recording(root / "music.wav", seed=3, seconds=12.0),
                 "speech, 6 s": clone, "speech, 30 s": looped(clone, 30, root / "clone30.wav")}
        if not args.quick:
            files["speech, 60 s"] = looped(clone, 60, root / "clone60.wav")
        print("\nper audio candidate at check time (no voice enrolled), best of 3:")
        print("| candidate | without keeping | keeping its voice | extra | kept bytes |\n|---|---|---|---|---|")
        for label, path in files.items():
            plain, keeping, size = check_cost(path)
            print(f"| {label} | {plain:.2f} s | {keeping:.2f} s | {keeping - plain:+.2f} s | {size:,} |")

        db = open_database(root / "bench.sqlite3")
        blobs = [dump_segments(speech_segments(p)) for p in (clone, *others)]
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with transaction(db):
            for i in range(CANDIDATES):
                db.execute("INSERT INTO candidates (url, source, first_seen) VALUES (?, 'bench', ?)",
                           [f"https://example.org/{i}.wav", now])
                blob = blobs[0] if i % 50 == 0 else blobs[1 + i % 2]
                keep_voice(db, int(db.execute("SELECT last_insert_rowid()").fetchone()[0]), blob, now)
        [added] = Library(db).add_paths([creator]).added
        assert added.work is not None
        voice_id = VoiceStore(db).enrol(added.work.id, enrol_file(creator))
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = time.perf_counter()
        summary = rescan_voices(db, [voice_id])
        took = time.perf_counter() - start
        grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss) / 1024
        print(f"\none new voice against {summary.candidates:,} kept candidates: {took:.2f} s, "
              f"{summary.matches} finds recorded (expected {CANDIDATES // 50}), peak memory +{grown:.0f} MB")


if __name__ == "__main__":
    main()
