"""Whether copies of a picture can ever be found, so a creator adding a solid-colour (or all but solid) picture is
told, as one adding a one-second sound is (audio_findable.py).

The best any copy can score is what an identical copy scores against the work alone, so that decides. Only the
pictures the image engine calls plain on both counts (a hash that says little and few local features) are tried:
every other picture's identical copy is found by its hash or its details (all 243 works of the two image bench
families score 1.0, the plain ones too, through their layout or their views in hue; 427 pictures of the bench
corpora plain on one count alone score at least 0.97). The trial costs a tenth of adding the picture.
"""

from __future__ import annotations

from pathlib import Path

from creatorwatch.core.fingerprint.image import DEFAULT_THRESHOLD, Index, fingerprint_candidate
from creatorwatch.core.fingerprint.image_features import own_part
from creatorwatch.core.fingerprint.image_index import PLAIN_FEATURES, PLAIN_QUALITY

NOTHING_TO_COMPARE = ("there is nothing in it to compare: it is one colour, or all but, with no layout or details "
                      "CreatorWatch can hold on to, so copies of it will not be found")


def unfindable_reason(path: Path, blob: bytes, threshold: float = DEFAULT_THRESHOLD) -> str:
    """Why no copy of the picture at `path` (fingerprint `blob`) can reach the alert line, in plain words; "" if
    one can."""
    fingerprint, _ = own_part(blob)
    if fingerprint.quality >= PLAIN_QUALITY or len(fingerprint.descriptors) >= PLAIN_FEATURES:
        return ""
    index = Index()
    index.add(0, blob)
    hits = index.search(fingerprint_candidate(path), 0.0)
    return "" if hits and hits[0].score >= threshold else NOTHING_TO_COMPARE
