"""Audio fingerprints: find a creator's recordings in cut, re-encoded, noisy, phone-band, pitched or sped copies.

Decoding (audio_decode), peaks (audio_peaks), landmark hashes (audio_hashes), the keys a candidate asks
(audio_query), the stored form (audio_blob), the searchable index (audio_index) and its saved copy
(index_cache, shared with images) each live in their own module.

What a score means: 1 - exp(-(E / 9)^2), E being the candidate's hashes that line up with one work at one
speed and offset (at most six per second of the candidate; one lining up with more than two works is split).
0.5, the alert line, is about eight aligned hashes, a few seconds in step; twice that (16) scores 0.96, and
an identical or re-encoded copy of more than a few seconds scores 1.0. On the bench's two corpus families
(tests/bench/audio.py --quick: 256 distractor clips, every edit also applied to them) no distractor reached
0.32, while the altered copies, combined edits included (pitch ±1-2 semitones by an editor's pitch effect or a
resample, speed ±3-8%, 5-second excerpts, noise, each through MP3 or AAC), were all found in both families. On
every work of family A, the hardest edit, ±2 semitones by Rubber Band then AAC, is found in 29 of 36 (the
effect leaves about half of a quiet orchestral passage's strongest peaks where they were).

Cost per candidate: decoding is about half of it, so a search spends as little as it can on the rest: it asks
an unshifted copy's few keys first and every pitched and sped key only when nothing certain was found. On the
same bench, fingerprinting and searching a candidate took 0.42-0.45 of Chromaprint's time (`fpcalc -raw` on the
same files, timed in turn; 0.42-0.44 of its CPU time), on a shared machine.
"""

from __future__ import annotations

from pathlib import Path

from creatorwatch.core.fingerprint.audio_blob import Fingerprint, dump
from creatorwatch.core.fingerprint.audio_decode import decode_chunks
from creatorwatch.core.fingerprint.audio_hashes import WORK, landmark_hashes
from creatorwatch.core.fingerprint.audio_index import Index
from creatorwatch.core.fingerprint.audio_peaks import FRAMES_PER_SECOND, find_peaks
from creatorwatch.core.fingerprint.base import search_whole

KIND = "audio"
VERSION = 2
DEFAULT_THRESHOLD = 0.5

__all__ = ["DEFAULT_THRESHOLD", "KIND", "VERSION", "Index", "fingerprint_candidate", "fingerprint_file", "search_file"]


def fingerprint_file(path: Path) -> bytes:
    """The fingerprint of the sound in `path`; raises UnreadableMedia for a file that holds none."""
    peaks = find_peaks(decode_chunks(Path(path)))
    keys, times = landmark_hashes(peaks, WORK)
    return dump(Fingerprint(peaks.frames / FRAMES_PER_SECOND, keys, times, peaks))


fingerprint_candidate = fingerprint_file  # a candidate needs all a work has
search_file = search_whole(fingerprint_candidate)  # every part of its fingerprint may be looked at
