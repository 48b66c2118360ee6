"""A picture whose design is carried by hue at one brightness (a swirl of colours, waves of hues) is found in
its edited copies, mirrored too; another design of the same shape and brightness in other hues ranks below the
right work; a photo's fingerprint stays as it was, byte for byte, so it need not be taken again."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageOps

from creatorwatch.core.fingerprint import image
from creatorwatch.core.fingerprint.image_decode import load_grey
from creatorwatch.core.fingerprint.image_features import SIDE, Fingerprint, fingerprint_array
from tests.bench.image_colour import design
from tests.test_image_combined_edits import caption, crop, jpeg, scale
from tests.test_image_crop_layout import landscape, scores

SIZE = (900, 560)


def swirl(hues: int | None = None) -> Image.Image:
    """A swirl of hues at near-constant brightness (its grey thumbnail spreads over a few grey levels only)."""
    return design(2, SIZE, hues)


def test_a_swirl_of_hues_cropped_scaled_and_recompressed_is_found(tmp_path: Path) -> None:
    copy = jpeg(scale(crop(swirl(), 0.8), 0.5), 75)
    assert set(scores(swirl(), copy, tmp_path, [design(3, SIZE), design(7, SIZE)])) == {0}


def test_a_swirl_of_hues_mirrored_and_scaled_is_found(tmp_path: Path) -> None:
    copy = jpeg(scale(ImageOps.mirror(swirl()), 0.4), 70)
    assert set(scores(swirl(), copy, tmp_path, [design(3, SIZE), design(7, SIZE)])) == {0}


def test_a_swirl_of_hues_on_a_white_page_or_over_a_caption_bar_is_found(tmp_path: Path) -> None:
    """The page is the blank part of the copy, not its design: the picture found on it is looked at in colour."""
    page = Image.new("RGB", (1100, 800), "white")
    page.paste(scale(swirl(), 0.6), (300, 250))
    others = [design(3, SIZE), design(7, SIZE)]
    assert set(scores(swirl(), jpeg(page, 80), tmp_path, others)) == {0}
    assert set(scores(swirl(), jpeg(caption(scale(crop(swirl(), 0.85), 0.6)), 80), tmp_path, others)) == {0}


def test_a_swirl_of_hues_found_on_a_page_is_outlined_where_it_lies(tmp_path: Path) -> None:
    """Compare and the evidence bundle outline the picture on the page, not the whole page."""
    swirl().save(tmp_path / "swirl.png")
    page = Image.new("RGB", (1100, 800), "white")
    page.paste(scale(swirl(), 0.6), (300, 250))  # 540 x 336
    jpeg(page, 80).save(tmp_path / "page.jpg")
    index = image.Index()
    index.add(1, image.fingerprint_file(tmp_path / "swirl.png"))
    (hit,) = image.search_file(index, tmp_path / "page.jpg", image.DEFAULT_THRESHOLD)
    placed = (300 / 1100, 250 / 800, 840 / 1100, 586 / 800)
    assert all(abs(got - want) < 0.03 for got, want in zip(hit.evidence["candidate_box"], placed, strict=True)), hit


def test_the_same_swirl_in_other_hues_ranks_below_the_right_work(tmp_path: Path) -> None:
    other = swirl(hues=5)
    found = scores(other, jpeg(scale(crop(swirl(), 0.8), 0.5), 75), tmp_path, [swirl()])
    assert 1 in found
    assert found.get(0, 0.0) < found[1]


def test_a_photo_keeps_its_fingerprint_byte_for_byte(tmp_path: Path) -> None:
    path = tmp_path / "photo.jpg"
    landscape(4).save(path, quality=90)
    blob = image.fingerprint_file(path)
    assert Fingerprint.from_bytes(blob).views == ()
    assert blob == fingerprint_array(load_grey(path, SIDE)).to_bytes()


def test_a_saved_index_reopens_with_a_designs_views_and_forgets_them_with_it(tmp_path: Path) -> None:
    """A work in hue has a row per view: the saved index still signs for its works alone (it reopens rather
    than being built again), and removing the work removes every one of its rows."""
    swirl().save(tmp_path / "swirl.png")
    landscape(5).save(tmp_path / "photo.png")
    jpeg(scale(crop(swirl(), 0.8), 0.5), 75).save(tmp_path / "copy.jpg")
    blobs = {1: image.fingerprint_file(tmp_path / "swirl.png"), 2: image.fingerprint_file(tmp_path / "photo.png")}
    saved = image.Index(cache_dir=tmp_path / "cache")
    saved.add_many(blobs.items())
    reopened = image.Index(cache_dir=tmp_path / "cache")
    assert reopened.restore((work, len(blob)) for work, blob in blobs.items())
    candidate = image.fingerprint_candidate(tmp_path / "copy.jpg")
    assert [hit.work_id for hit in reopened.search(candidate, image.DEFAULT_THRESHOLD)] == [1]
    reopened.remove(1)
    assert reopened.search(candidate, image.DEFAULT_THRESHOLD) == []
    assert len(reopened) == 1
