"""Audio fingerprints: find a creator's recordings in cut, re-encoded, noisy, phone-band, pitched or sped copies.

Decoding (audio_decode), peaks (audio_peaks), landmark hashes (audio_hashes), the keys a candidate asks
(audio_query), the stored form (audio_blob), the searchable index (audio_index) and its saved copy
(index_cache, shared with images) each live in their own module.

What a score means: 1 - exp(-(E / 9)^2), E being the candidate's hashes that line up with one work at one
speed and offset (at most six per second of the candidate; one lining up with more than two works is split).
0.5, the alert line, is about eight aligned hashes, a few seconds in step; twice that (16) scores 0.96, and
an identical or re-encoded copy of more than a few seconds scores 1.0. On the bench's two corpus families in full
(tests/bench/audio.py: 36 and 20 works, 576 and 313 distractor clips, every edit also applied to them), the
altered copies (pitch ±1-2 semitones by an editor's pitch effect or a resample, speed ±3-8%, 5-second excerpts,
noise, each through MP3 or AAC) were found in 0.993 and 1.000 of cases at the alert line. The hardest edit,
±2 semitones by Rubber Band then AAC, is found in 33 of family A's 36 works (29 before the second look, see
audio_index: the effect leaves about half of a quiet orchestral passage's strongest peaks where they were; 32
while it looked only where the first look had aligned the copy).
At the alert line 2 of family A's 576 distractor clips matched (0.53 and 0.50: chance alignments with other
orchestral pieces, by other composers); none of family B's (7 held-out clips holding a library work's own
recorded sentences are left out: not distractors).

Music under someone talking louder (a video's voice-over) keeps its own strongest peaks, but the voice's fall
between them, so the triplets a first look makes are the voice's: when nothing was found, the candidate is asked
again with all its peaks, unshifted (audio_index.BURIED). On the bench's voice-over section
(tests/bench/audio_voiceover.py: 10 s clips, MP3) it found, of 44 music works, 33 instead of 27 under a voice as
loud, 19 instead of 11 under one 6 dB louder, 9 instead of 4 at 10 dB; no negative of 176 (highest 0.36).

Cost per candidate: decoding is about half of it, so a search spends as little as it can on the rest: it asks
an unshifted copy's few keys first and every pitched and sped key only when nothing certain was found. On the
same bench, fingerprinting and searching a candidate took 0.38-0.42 of Chromaprint's time (`fpcalc -raw` on the
same files, timed in turn; 0.38-0.41 of its CPU time), on a shared machine; 0.34-0.35 before the look with all
the peaks, which every candidate matching nothing now takes.
"""

from __future__ import annotations

from pathlib import Path

from creatorwatch.core.fingerprint.audio_blob import Fingerprint, dump
from creatorwatch.core.fingerprint.audio_decode import decode_chunks
from creatorwatch.core.fingerprint.audio_hashes import WORK, landmark_hashes
from creatorwatch.core.fingerprint.audio_index import Index
from creatorwatch.core.fingerprint.audio_peaks import FRAMES_PER_SECOND, find_peaks
from creatorwatch.core.fingerprint.base import never_carried_over, nothing_more, search_whole

KIND = "audio"
VERSION = 2
DEFAULT_THRESHOLD = 0.5

__all__ = ["DEFAULT_THRESHOLD", "KIND", "VERSION", "Index", "carried_over", "fingerprint_candidate", "fingerprint_file",
           "search_file", "search_more"]


def fingerprint_file(path: Path) -> bytes:
    """The fingerprint of the sound in `path`; raises UnreadableMedia for a file that holds none."""
    peaks = find_peaks(decode_chunks(Path(path)))
    keys, times = landmark_hashes(peaks, WORK)
    return dump(Fingerprint(peaks.frames / FRAMES_PER_SECOND, keys, times, peaks))


fingerprint_candidate = fingerprint_file  # a candidate needs all a work has
search_file = search_whole(fingerprint_candidate)  # every part of its fingerprint may be looked at
search_more = nothing_more
carried_over = never_carried_over
