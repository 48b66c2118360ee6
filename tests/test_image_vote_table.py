"""A small library's vote table (sorted keys, built at once) votes exactly as the large one's (a start for each
of its 2^20 buckets): the works a candidate's details point at do not depend on how many works there are."""

from __future__ import annotations

import numpy as np
import pytest

from creatorwatch.core.fingerprint import image_vote
from creatorwatch.core.fingerprint.image_vote import DescriptorTable


def _library_and_query(works: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(works)
    descriptors = rng.integers(0, 256, (works * 400, 32), dtype=np.uint8)
    descriptors[:50] = 7  # a detail every picture has (a flat patch): a bucket too common to vote
    ends = np.arange(400, works * 400 + 1, 400)
    copied = descriptors[rng.integers(0, len(descriptors), 300)]
    noise = (rng.random(copied.shape) < 0.02) * rng.integers(0, 256, copied.shape)
    query = np.concatenate([copied ^ noise.astype(np.uint8), rng.integers(0, 256, (100, 32), dtype=np.uint8),
                            np.full((5, 32), 7, np.uint8)])  # fmt: skip
    return descriptors, ends, query


@pytest.mark.parametrize("works", [1, 3, 8])
@pytest.mark.parametrize("probe", [False, True])
def test_small_table_votes_as_the_dense_one(works: int, probe: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    descriptors, ends, query = _library_and_query(works)
    small = DescriptorTable.build(descriptors, ends)
    monkeypatch.setattr(image_vote, "DENSE_FROM", 0)
    dense = DescriptorTable.build(descriptors, ends)
    assert dense.starts.shape[1] == (1 << image_vote.KEY_BITS) + 1
    assert small.starts.shape[1] != dense.starts.shape[1] or works * 400 >= 4096
    votes = small.votes(query, probe)
    assert votes.sum() > 0
    assert np.array_equal(votes, dense.votes(query, probe))


def test_a_saved_small_table_opened_again_votes_the_same(tmp_path) -> None:
    descriptors, ends, query = _library_and_query(2)
    built = DescriptorTable.build(descriptors, ends)
    np.save(tmp_path / "starts.npy", built.starts)
    opened = DescriptorTable(descriptors, ends, built.order, np.load(tmp_path / "starts.npy", mmap_mode="r"))
    assert np.array_equal(opened.votes(query, True), built.votes(query, True))
