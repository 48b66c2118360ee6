"""Audio fingerprints: find a creator's recordings in cut, re-encoded, noisy, phone-band or shifted copies.

Decoding (audio_decode), peaks (audio_peaks), landmark hashes (audio_hashes), the stored form (audio_blob)
and the searchable index (audio_index) each live in their own module.
"""

from __future__ import annotations

from pathlib import Path

from creatorwatch.core.fingerprint.audio_blob import Fingerprint, dump
from creatorwatch.core.fingerprint.audio_decode import decode_chunks
from creatorwatch.core.fingerprint.audio_hashes import WORK, landmark_hashes
from creatorwatch.core.fingerprint.audio_index import Index
from creatorwatch.core.fingerprint.audio_peaks import FRAMES_PER_SECOND, find_peaks

KIND = "audio"
VERSION = 2
DEFAULT_THRESHOLD = 0.5

__all__ = ["DEFAULT_THRESHOLD", "KIND", "VERSION", "Index", "fingerprint_file"]


def fingerprint_file(path: Path) -> bytes:
    """The fingerprint of the sound in `path`; raises UnreadableMedia for a file that holds none."""
    peaks = find_peaks(decode_chunks(Path(path)))
    keys, times = landmark_hashes(peaks, WORK)
    return dump(Fingerprint(peaks.frames / FRAMES_PER_SECOND, keys, times, peaks))
