"""The NumPy PDQ gives the reference's bits and quality (recorded from the C++ `pdqhash` package) on pictures
of every awkward kind, in all eight turns and mirrors, so fingerprints made before and after the switch agree."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from creatorwatch.core.fingerprint.pdq import compute_dihedral
from tests.pdq_pictures import pdq_pictures

REFERENCE = json.loads((Path(__file__).parent / "fixtures" / "pdq" / "reference.json").read_text())["pictures"]


@pytest.mark.parametrize(("name", "image"), pdq_pictures(), ids=[name for name, _ in pdq_pictures()])
def test_bits_and_quality_equal_the_reference(name: str, image: np.ndarray) -> None:
    hashes, quality = compute_dihedral(image)
    assert quality == REFERENCE[name]["quality"]
    assert [np.packbits(h).tobytes().hex() for h in hashes] == REFERENCE[name]["hashes"]


def test_a_grey_picture_hashes_as_its_three_channel_copy() -> None:
    grey = pdq_pictures()[3][1][:, :, 0]
    assert [h.tolist() for h in compute_dihedral(grey)[0]] == [
        h.tolist() for h in compute_dihedral(np.repeat(grey[:, :, None], 3, axis=2))[0]
    ]


def test_a_mirrored_picture_hashes_as_the_mirror_variant() -> None:
    image = pdq_pictures()[9][1]  # 64×64: no resampling, so the variants are exact
    plain, _ = compute_dihedral(image)
    assert int(np.sum(compute_dihedral(np.ascontiguousarray(image[:, ::-1]))[0][0] != plain[5])) == 0
    assert int(np.sum(compute_dihedral(np.ascontiguousarray(image[::-1]))[0][0] != plain[4])) == 0
    assert int(np.sum(compute_dihedral(np.ascontiguousarray(np.rot90(image)))[0][0] != plain[1])) == 0


def test_a_picture_too_small_to_hash_has_no_bits_and_no_quality() -> None:
    hashes, quality = compute_dihedral(np.zeros((4, 40, 3), np.uint8))
    assert quality == 0 and all(not h.any() for h in hashes)
