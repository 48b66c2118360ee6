"""The average voice the matcher takes away (creatorwatch/core/voice/mean_voice.py), from family A only.

    python -m tests.bench.voice_mean

The mean of every enrolment segment of family A's voices (tests/bench/voice_corpus.py) in the four enrolment
conditions, printed as the module's MEAN_VOICE. Family B (voice_corpus_other.py) is never used: it stays held out.
"""

from __future__ import annotations

import warnings

import numpy as np

from creatorwatch.core.voice.enrol import enrol_file
from tests.bench.voice import ROOT
from tests.bench.voice_corpus import build


def main() -> None:
    warnings.simplefilter("ignore")
    family_a, _ = build(ROOT, quick=False)
    segments = np.concatenate([enrol_file(voice.enrol).embeddings.reshape(-1, 256) for voice in family_a])
    mean = segments.mean(axis=0)
    values = [f"{x:.5f}" for x in mean]
    print(f"# {len(family_a)} voices, {len(segments)} segments, length {np.linalg.norm(mean):.3f}")
    print("MEAN_VOICE = np.array([\n" + "\n".join("    " + ", ".join(values[i : i + 10]) + ","
                                               for i in range(0, len(values), 10)) + "\n], np.float32)")


if __name__ == "__main__":
    main()
