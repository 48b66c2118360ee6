"""A symmetric design (a playing card, drawn the same way up from either end) matches each of its details twice:
to itself and to its twin turned half round. Cropped copies of it are still found, with the move that is really
there, not the twins' half turn."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageOps

from tests.test_image_combined_edits import crop, found, jpeg, painting, scale


def card(seed: int) -> Image.Image:
    """A made-up court card: its top half a painting, its bottom half the same turned half round."""
    top = painting(seed, (420, 300))
    whole = Image.new("RGB", (420, 600))
    whole.paste(top, (0, 0))
    whole.paste(top.rotate(180), (0, 300))
    return whole


def test_the_made_up_card_is_the_same_turned_half_round() -> None:
    picture = np.asarray(card(4))
    assert np.array_equal(picture, picture[::-1, ::-1])


EDITS = {
    "centre crop 80 %, scaled to 1/2, JPEG 75": lambda p: jpeg(scale(crop(p, 0.8), 0.5), 75),
    "cropped to 75 %, scaled to 1/2, JPEG 70": lambda p: jpeg(scale(crop(p, 0.75, 0.2, 0.4), 0.5), 70),
    "mirrored, cropped to 87 %, JPEG 70": lambda p: jpeg(crop(ImageOps.mirror(p), 0.87, 0.3, 0.6), 70),
}


@pytest.mark.parametrize("edit", list(EDITS))
def test_a_cropped_copy_of_a_symmetric_card_is_found(edit: str, tmp_path: Path) -> None:
    work = card(4)
    assert found(work, EDITS[edit](work), tmp_path, [card(5), painting(3)]) >= 0.6


def test_another_card_cropped_the_same_way_is_not_found(tmp_path: Path) -> None:
    for number, edit in enumerate(EDITS.values()):
        (tmp_path / str(number)).mkdir()
        assert found(card(4), edit(card(6 + number)), tmp_path / str(number)) == 0.0
