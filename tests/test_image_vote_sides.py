"""Which way round a work is verified (image_index): as it is, mirrored, or both. A verification costs as much as
the rest of a search that finds nothing, so each is asked only where the hash or the descriptor vote points."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from creatorwatch.core.fingerprint import image, image_index
from creatorwatch.core.fingerprint.image_features import Fingerprint
from creatorwatch.core.fingerprint.image_index import MIRRORED, Voted
from tests.test_image_combined_edits import painting

ALONE = Voted({0}, set(), np.array([False]))  # the vote chose the work as it is; its mirror won no more votes


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[tuple[bool, bool]]:
    """The (mirrored too, as it is) of each verification the index asks for."""
    calls: list[tuple[bool, bool]] = []

    def recorded(query: Fingerprint, work: Fingerprint, mirror_too: bool = True, as_is: bool = True) -> None:
        calls.append((mirror_too, as_is))

    monkeypatch.setattr(image_index, "verify_either_way", recorded)
    return calls


def judged(tmp_path: Path, distance: int, variant: int, voted: Voted | None) -> None:
    """Judge one real work against a painting, its PDQ distance and nearest variant as given."""
    painting(11).save(tmp_path / "work.png")
    painting(12).save(tmp_path / "other.png")
    index = image.Index()
    index.add(1, image.fingerprint_file(tmp_path / "work.png"))
    index.flush()
    query = Fingerprint.from_bytes(image.fingerprint_candidate(tmp_path / "other.png"))
    pdq = (np.array([distance]), np.array([variant]), np.array([True]))
    index._judge_near(query, index._recent_segment, np.array([True]), pdq, voted)


def test_a_far_hash_whose_nearest_variant_is_the_mirror_asks_for_no_mirrored_verification(tmp_path, asked) -> None:
    """One far hash in eight is nearest mirrored by chance: that says nothing, so only the vote's side is
    verified."""
    judged(tmp_path, 130, MIRRORED, ALONE)
    assert asked == [(False, True)]


def test_a_near_hash_nearest_mirrored_is_verified_both_ways(tmp_path, asked) -> None:
    judged(tmp_path, 40, MIRRORED, ALONE)
    assert asked == [(True, True)]


def test_a_work_the_vote_chose_only_mirrored_is_verified_mirrored_only(tmp_path, asked) -> None:
    judged(tmp_path, 130, 0, Voted(set(), {0}, np.array([True])))
    assert asked == [(True, False)]


def test_a_work_the_vote_chose_both_ways_is_verified_both_ways(tmp_path, asked) -> None:
    judged(tmp_path, 130, 0, Voted({0}, {0}, np.array([True])))
    assert asked == [(True, True)]
