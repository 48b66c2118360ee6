"""Text every creator's work may share and no copy is made of: standard licences and screenplay conventions.

The library's own document frequency finds template text many works share; this finds common text beyond
the library (a licence one work quotes in full). Built by tests/bench/text_boilerplate.py.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

from creatorwatch.core.fingerprint.text_normalise import canonical_words

DATA = Path(__file__).with_name("text_boilerplate.npy")  # sorted uint32 seeds of standard licence texts

# Screenplay and stage markup: words that are formatting, never the writer's own text.
CONVENTIONS = "int ext fade dissolve smash continued continuous contd cont'd beat exeunt intercut montage"


def licence_seeds(shingles: np.ndarray) -> np.ndarray:
    """Which of these shingle hashes are seeds of a standard licence text."""
    known = _licence_table()
    slot = np.minimum(np.searchsorted(known, shingles), max(len(known) - 1, 0))
    return known[slot] == shingles if len(known) else np.zeros(len(shingles), bool)


def conventions(ids: np.ndarray) -> np.ndarray:
    """Which of these word ids are screenplay or stage markup."""
    return np.isin(ids, _convention_ids())


@lru_cache(maxsize=1)
def _licence_table() -> np.ndarray:
    return np.load(DATA, allow_pickle=False).astype(np.uint32)


@lru_cache(maxsize=1)
def _convention_ids() -> np.ndarray:
    return np.unique(canonical_words(CONVENTIONS).ids)
