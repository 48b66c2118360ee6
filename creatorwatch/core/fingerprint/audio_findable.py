"""Whether copies of a recording can ever be found, so a creator adding a one-second sound or a silent file is told.

Under FOUND_FROM seconds a recording is too short, as `match` says of a candidate that short (an identical copy may
still score, but a re-encoded one seldom does). Above it, the best any copy can score is what an identical copy
scores against the work alone, so that decides. Only short recordings are tried: from LONG_ENOUGH seconds of sound
an identical copy always scores 1.0. A recording with nothing to hold on to is called silent only when it is.
"""

from __future__ import annotations

import math
from pathlib import Path

from creatorwatch.core.fingerprint.audio import DEFAULT_THRESHOLD, fingerprint_candidate
from creatorwatch.core.fingerprint.audio_blob import load
from creatorwatch.core.fingerprint.audio_decode import SAMPLE_RATE, decode_chunks
from creatorwatch.core.fingerprint.audio_index import Index

LONG_ENOUGH = 8.0  # seconds
FOUND_FROM = 2  # seconds of varied sound from which a copy reaches the alert line (bench: 0.55-0.78 at 2 s)
QUIET = 0.01  # peak level (of full scale, -40 dBFS) under which a recording is silent or nearly so


def unfindable_reason(path: Path, blob: bytes, threshold: float = DEFAULT_THRESHOLD) -> str:
    """Why no copy of the recording at `path` (fingerprint `blob`) can reach the alert line, in plain words; ""
    if one can."""
    fingerprint = load(blob)
    if fingerprint.keys.size == 0:
        if _silent(path):
            return ("there is no sound in it CreatorWatch can hold on to (it is silent or nearly so), so copies of "
                    "it will not be found")
        if fingerprint.seconds < LONG_ENOUGH:  # a chime of a second: loud, but over before anything repeats
            return too_short(path)
        return ("its sound does not change enough for CreatorWatch to hold on to (a steady tone or hum), so copies "
                "of it will not be found")
    if fingerprint.seconds < FOUND_FROM:
        return too_short(path)
    if fingerprint.seconds >= LONG_ENOUGH:
        return ""
    index = Index()
    index.add(0, blob)
    hits = index.search(fingerprint_candidate(path), 0.0)
    if hits and hits[0].score >= threshold:
        return ""
    return too_short(path)


def too_short(path: Path) -> str:
    """Why a short recording's copies will not be found. Under FOUND_FROM seconds the rule is said; at or over it
    the rule holds and the recording still falls short (too little varied sound in it), so the rule is not quoted."""
    seconds = seconds_of_sound(path)
    said = f"it is too short: {shown_seconds(seconds)} seconds of sound"
    if seconds < FOUND_FROM:
        return (f"{said}, and CreatorWatch reports a copied recording from about {FOUND_FROM} seconds of it, so copies "
                "of it will not be found")
    return (f"{said}, with too few changes in it for even an identical copy to be recognised (a few seconds more "
            "would do), so copies of it will not be found")


def shown_seconds(seconds: float) -> str:
    """Seconds to one decimal, rounded down: 1.96 s under the 2-second rule is never said as "2.0"."""
    return f"{math.floor(seconds * 10 + 0.01) / 10:.1f}"


def seconds_of_sound(path: Path, enough: float = math.inf) -> float:
    """How long the recording at `path` is, as `add` and `match` both say it (decoded, so a fingerprint's rounding
    to whole frames never makes the two disagree); counting stops once `enough` seconds are heard."""
    heard = 0
    for chunk in decode_chunks(path):
        heard += chunk.size
        if heard >= enough * SAMPLE_RATE:
            break
    return heard / SAMPLE_RATE


def _silent(path: Path) -> bool:
    """Whether the recording never rises above QUIET (decoding stops at the first chunk that does)."""
    return all(float(abs(chunk).max(initial=0.0)) < QUIET for chunk in decode_chunks(path))
