"""Whether copies of a recording can ever be found, so a creator adding a one-second sound or a silent file is told.

Under FOUND_FROM seconds a recording is too short, as `match` says of a candidate that short (an identical copy may
still score, but a re-encoded one seldom does). Above it, the best any copy can score is what an identical copy
scores against the work alone, so that decides. Only short recordings are tried: from LONG_ENOUGH seconds of sound
an identical copy always scores 1.0. A recording with nothing to hold on to is called silent only when it is.
"""

from __future__ import annotations

from pathlib import Path

from creatorwatch.core.fingerprint.audio import DEFAULT_THRESHOLD, fingerprint_candidate
from creatorwatch.core.fingerprint.audio_blob import load
from creatorwatch.core.fingerprint.audio_decode import decode_chunks
from creatorwatch.core.fingerprint.audio_index import Index

LONG_ENOUGH = 8.0  # seconds
FOUND_FROM = 2  # seconds of varied sound from which a copy reaches the alert line (bench: 0.55-0.78 at 2 s)
QUIET = 0.01  # peak level (of full scale, -40 dBFS) under which a recording is silent or nearly so


def unfindable_reason(path: Path, blob: bytes, threshold: float = DEFAULT_THRESHOLD) -> str:
    """Why no copy of the recording at `path` (fingerprint `blob`) can reach the alert line, in plain words; ""
    if one can."""
    fingerprint = load(blob)
    too_short = (f"it is too short: {fingerprint.seconds:.1f} seconds of sound, and CreatorWatch reports a copied "
                 f"recording from about {FOUND_FROM} seconds of it, so copies of it will not be found")
    if fingerprint.keys.size == 0:
        if _silent(path):
            return ("there is no sound in it CreatorWatch can hold on to (it is silent or nearly so), so copies of "
                    "it will not be found")
        if fingerprint.seconds < LONG_ENOUGH:  # a chime of a second: loud, but over before anything repeats
            return too_short
        return ("its sound does not change enough for CreatorWatch to hold on to (a steady tone or hum), so copies "
                "of it will not be found")
    if fingerprint.seconds < FOUND_FROM:
        return too_short
    if fingerprint.seconds >= LONG_ENOUGH:
        return ""
    index = Index()
    index.add(0, blob)
    hits = index.search(fingerprint_candidate(path), 0.0)
    if hits and hits[0].score >= threshold:
        return ""
    return too_short


def _silent(path: Path) -> bool:
    """Whether the recording never rises above QUIET (decoding stops at the first chunk that does)."""
    return all(float(abs(chunk).max(initial=0.0)) < QUIET for chunk in decode_chunks(path))
