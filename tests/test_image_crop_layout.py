"""A part of a work too small or too smooth for local features (a corner of a photo shown as a thumbnail of a
hundred-odd pixels, a crop of a plain wallpaper) is found by its layout; another picture laid out alike (a sky
over a horizon, a plain gradient) is not."""

from __future__ import annotations

import functools
import random
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter

from creatorwatch.core.fingerprint import image
from tests.test_image_combined_edits import crop, jpeg, scale


@functools.cache
def landscape(seed: int, size: tuple[int, int] = (720, 360)) -> Image.Image:
    """A made-up landscape photo: a sky darkening upwards, a sun, soft clouds and a dark ridge of hills."""
    rng = random.Random(seed)
    width, height = size
    sky = np.linspace(rng.uniform(60, 120), rng.uniform(190, 240), height)[:, None, None]
    tint = np.array([rng.uniform(0.7, 1.0), rng.uniform(0.8, 1.0), 1.0])
    picture = Image.fromarray(np.broadcast_to(sky * tint, (height, width, 3)).astype(np.uint8))
    draw = ImageDraw.Draw(picture)
    for _ in range(6):
        x, y = rng.randrange(width), rng.randrange(height // 2)
        draw.ellipse((x, y, x + rng.randint(60, 200), y + rng.randint(15, 40)), fill=(235, 235, 240))
    x, y = rng.randrange(width), rng.randrange(height // 3, height // 2)
    draw.ellipse((x, y, x + 30, y + 30), fill=(255, 250, 200))
    ridge, level = [], rng.uniform(0.55, 0.7) * height
    for x in range(0, width + 20, 20):
        level = min(height * 0.9, max(height * 0.45, level + rng.uniform(-18, 18)))
        ridge.append((x, level))
    draw.polygon([*ridge, (width, height), (0, height)], fill=(40, 45, 35))
    return picture.filter(ImageFilter.GaussianBlur(3))


@functools.cache
def facets(seed: int, size: tuple[int, int] = (1600, 900)) -> Image.Image:
    """A plain wallpaper: a diagonal gradient crossed by a few faint, large facets, no corners to speak of."""
    rng = random.Random(seed)
    width, height = size
    yy, xx = np.mgrid[0:height, 0:width]
    ramp = (xx / width + yy / height) / 2
    grey = 70 + 110 * ramp
    picture = Image.fromarray(np.stack([grey * 1.2, grey * 0.6, grey * 0.9], -1).clip(0, 255).astype(np.uint8))
    layer = Image.new("L", size, 0)
    draw = ImageDraw.Draw(layer)
    for _ in range(5):
        points = [(rng.randrange(width), rng.randrange(height)) for _ in range(3)]
        draw.polygon(points, fill=rng.randint(14, 26))
    lighter = Image.new("RGB", size, (255, 255, 255))
    return Image.composite(lighter, picture, layer).filter(ImageFilter.GaussianBlur(1.5))


def scores(work: Image.Image, candidate: Image.Image, tmp_path: Path, others: list[Image.Image],
           saved_as: str = "jpg") -> dict[int, float]:  # fmt: skip
    """Each picture of the library (the work is 0, then `others`) the candidate (saved as a `saved_as` file) is
    found to copy, with its score."""
    index = image.Index()
    for number, picture in enumerate([work, *others]):
        picture.save(tmp_path / f"work{number}.png")
        index.add(number, image.fingerprint_file(tmp_path / f"work{number}.png"))
    candidate.save(tmp_path / f"candidate.{saved_as}")
    hits = index.search(image.fingerprint_candidate(tmp_path / f"candidate.{saved_as}"), image.DEFAULT_THRESHOLD)
    return {hit.work_id: hit.score for hit in hits}


@pytest.mark.parametrize("corner", [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0)], ids=["tl", "tr", "bl", "br"])
def test_a_corner_of_a_photo_shown_as_a_small_thumbnail_is_found_by_its_layout(
    corner: tuple[float, float], tmp_path: Path
) -> None:
    """60 % of a 720 × 360 photo scaled to a third: a 144 × 72 JPEG, far too blurred for local features."""
    work = landscape(1)
    copy = jpeg(scale(crop(work, 0.6, *corner), 1 / 3), 75)
    assert copy.size == (144, 72)
    assert set(scores(work, copy, tmp_path, [landscape(2), landscape(3)])) == {0}


def test_the_layout_says_where_in_the_work_the_part_was_found_and_that_it_was_mirrored(tmp_path: Path) -> None:
    work = landscape(1)
    copy = jpeg(scale(crop(work, 0.6, 0.0, 1.0), 1 / 3).transpose(Image.Transpose.FLIP_LEFT_RIGHT), 75)
    index = image.Index()
    work.save(tmp_path / "work.png")
    index.add(1, image.fingerprint_file(tmp_path / "work.png"))
    copy.save(tmp_path / "copy.jpg")
    [hit] = index.search(image.fingerprint_candidate(tmp_path / "copy.jpg"), image.DEFAULT_THRESHOLD)
    assert "layout" in hit.evidence["method"]
    assert hit.score <= 0.7  # the weakest evidence the engine gives: never read as certain
    assert hit.evidence["transform"]["flipped"] is True
    x0, y0, x1, y1 = hit.evidence["work_box"]  # the bottom-left 60 % of the work
    assert (x0, y0, x1, y1) == pytest.approx((0.0, 0.4, 0.6, 1.0), abs=0.07)


def test_a_corner_of_another_photo_with_a_sky_over_hills_is_not_taken_for_a_work_by_its_layout(tmp_path: Path) -> None:
    """Every one of these landscapes is a bright sky over a dark ridge: their layouts correlate at 0.9 and more,
    what sets them apart is where their clouds, sun and hilltops are. (Their ridges, drawn by one hand, also fool
    the local features of a small candidate now and then: see the next test.)"""
    index = image.Index()
    for seed in range(1, 9):
        landscape(seed).save(tmp_path / f"work{seed}.png")
        index.add(seed, image.fingerprint_file(tmp_path / f"work{seed}.png"))
    for seed in range(20, 30):
        for corner in ((0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0)):
            jpeg(scale(crop(landscape(seed), 0.6, *corner), 1 / 3), 75).save(tmp_path / "other.jpg")
            hits = index.search(image.fingerprint_candidate(tmp_path / "other.jpg"), image.DEFAULT_THRESHOLD)
            assert not [hit for hit in hits if "layout" in hit.evidence["method"]], (seed, corner)


def test_a_small_corner_of_a_look_alike_is_seldom_taken_for_a_work_by_its_local_features(tmp_path: Path) -> None:
    """A small candidate's local features are matched loosely (its descriptors are blurred), so one landscape's
    ridge, drawn by the same hand, can pass for another's. A match stands only if the shapes over the overlap
    agree too: of 160 corners at a third of other landscapes, 5 were taken for a work before, 2 are now (a known
    weakness, kept in view here)."""
    index = image.Index()
    for seed in range(1, 9):
        landscape(seed).save(tmp_path / f"work{seed}.png")
        index.add(seed, image.fingerprint_file(tmp_path / f"work{seed}.png"))
    taken = []
    for seed in range(20, 60):
        for corner in ((0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0)):
            jpeg(scale(crop(landscape(seed), 0.6, *corner), 1 / 3), 75).save(tmp_path / "other.jpg")
            taken += index.search(image.fingerprint_candidate(tmp_path / "other.jpg"), image.DEFAULT_THRESHOLD)
    assert len(taken) <= 2, [(hit.work_id, hit.score) for hit in taken]


@pytest.mark.parametrize("corner", [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0)], ids=["tl", "tr", "bl", "br"])
def test_a_crop_of_a_plain_wallpaper_is_found_and_the_same_crop_of_another_is_not(
    corner: tuple[float, float], tmp_path: Path
) -> None:
    """A 60 % corner of a gradient wallpaper with faint facets, at full size: its few local features (a few tens,
    on the facets' tips) do not survive the crop, which defeats the whole-picture hash too (the engine found 1 of
    8 such crops before it looked at the layout). The same corner of a wallpaper of the same gradient with other
    facets is not a copy."""
    others = [facets(2), facets(3)]
    assert set(scores(facets(1), jpeg(crop(facets(1), 0.6, *corner), 85), tmp_path, others)) == {0}
    assert scores(facets(1), jpeg(crop(facets(4), 0.6, *corner), 85), tmp_path, others) == {}


@pytest.mark.parametrize("corner", [(0.0, 0.0), (0.0, 1.0)], ids=["tl", "bl"])  # the two local features miss
def test_a_small_corner_is_found_among_many_works_laid_out_alike(corner: tuple[float, float], tmp_path: Path) -> None:
    """Only the works whose layout comes nearest in a coarse first look are compared in full: among 24 skies over
    hills, the corner's own work must still be one of them."""
    work = landscape(1)
    copy = jpeg(scale(crop(work, 0.6, *corner), 1 / 3), 75)
    assert set(scores(work, copy, tmp_path, [landscape(seed) for seed in range(100, 123)])) == {0}



@functools.cache
def grainy_bands(seed: int, size: tuple[int, int] = (900, 600)) -> Image.Image:
    """A digital painting of broad colour bands sweeping across the canvas, under a painter's noise texture."""
    rng = np.random.default_rng(seed)
    width, height = size
    yy, xx = np.mgrid[0:height, 0:width] / height * 4
    a, b, c = rng.uniform(0.6, 1.6, 3)
    bands = np.stack([np.sin(xx * a + np.cos(yy * b * 2)), np.cos(xx * yy * c * 0.7), np.sin(yy * 3 * b + xx)], -1)
    return Image.fromarray((bands * 127 + 128 + rng.normal(0, 8, bands.shape)).clip(0, 255).astype(np.uint8))


@pytest.mark.parametrize("mirrored", [False, True], ids=["plain", "mirrored"])
def test_a_crop_of_a_grainy_gradient_is_found_though_its_grain_looks_like_detail(
    mirrored: bool, tmp_path: Path
) -> None:
    """A 900 × 600 painting of colour bands under a noise texture, cropped to 87 % of each side, perhaps mirrored,
    scaled to 500 × 333 in JPEG 70. The grain gives the work 400 local features, all of which the copy has lost,
    so the engine took it for a detailed picture and never looked at its layout: it found none of these."""
    work = grainy_bands(1)
    copy = crop(work, 0.87, 0.5, 0.5)
    if mirrored:
        copy = copy.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    assert set(scores(work, jpeg(copy.resize((500, 333)), 70), tmp_path, [grainy_bands(2)])) == {0}


def test_the_same_crop_of_another_grainy_gradient_is_not_a_copy(tmp_path: Path) -> None:
    copy = jpeg(crop(grainy_bands(3), 0.87, 0.5, 0.5).resize((500, 333)), 70)
    assert scores(grainy_bands(1), copy, tmp_path, [grainy_bands(2)]) == {}
