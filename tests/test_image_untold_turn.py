"""A copy's evidence states only the changes it is sure of: when the details that matched span a small patch of the
work (a smooth wallpaper's few corners), their fit cannot tell a turn or a stretch, and a mirrored crop of a
gradient read "turned 4° and mirrored" in the window and the report."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

from creatorwatch.core.fingerprint import image
from creatorwatch.core.fingerprint.image_verify import SHAPE_FROM
from creatorwatch.core.wording.picture_changes import picture_changes


def _smooth_with_a_small_detailed_patch() -> Image.Image:
    """A 640 × 480 gradient holding its only details, a patch of grain and marks, in under 2 % of it."""
    rng = np.random.default_rng(7)
    y, x = np.mgrid[0:480, 0:640]
    picture = np.stack([60 + x / 8, 40 + y / 6, 120 + (x + y) / 12], axis=-1)
    patch = rng.integers(0, 255, (50, 50, 1)).repeat(3, axis=2)
    picture[300:350, 420:470] = patch
    return Image.fromarray(picture.astype(np.uint8))


def test_a_mirrored_crop_whose_details_span_a_small_patch_is_said_mirrored_not_turned(tmp_path: Path) -> None:
    work = _smooth_with_a_small_detailed_patch()
    work.save(tmp_path / "work.png")
    w, h = work.size
    copy = ImageOps.mirror(work.crop((0, 0, round(0.9 * w), round(0.9 * h)))).resize((346, 259))
    buffer = io.BytesIO()
    copy.save(buffer, "JPEG", quality=70)
    (tmp_path / "copy.jpg").write_bytes(buffer.getvalue())
    index = image.Index()
    index.add(1, image.fingerprint_file(tmp_path / "work.png"))
    hits = [h for h in index.search(image.fingerprint_candidate(tmp_path / "copy.jpg"), 0.0)
            if "matched_area" in h.evidence]
    assert hits, "the patch's details were matched"
    evidence = hits[0].evidence
    assert evidence["matched_area"] < SHAPE_FROM
    assert evidence["transform"]["flipped"] is True
    assert "rotation_degrees" not in evidence["transform"] and "stretch" not in evidence["transform"]
    assert picture_changes(evidence["transform"]) == ["mirrored"]
