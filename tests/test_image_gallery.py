"""A picture shown as one of many on a page (an AI gallery, a board, a screenshot of a model's samples) is found
there, whether the page shows it whole or cropped to fill its tile; a page of other pictures matches nothing;
a work's own fingerprint is as it was (one picture looked for on it, the largest)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageOps

from creatorwatch.core.fingerprint import image
from creatorwatch.core.fingerprint.image_decode import load_grey
from creatorwatch.core.fingerprint.image_features import SIDE, Fingerprint, fingerprint_array
from tests.test_image_combined_edits import jpeg
from tests.test_image_crop_layout import landscape, scores
from tests.test_image_matching import artwork

GUTTER, HEADER = 16, 60


def gallery(pictures: list[Image.Image], columns: int, tile: tuple[int, int], fill: bool,
            ground: tuple[int, int, int] = (250, 250, 250)) -> Image.Image:  # fmt: skip
    """A gallery page: a title bar, then the pictures in a grid of `tile`-sized cells, each shrunk to fit its
    cell whole or, with `fill`, cropped to fill it (as most galleries show thumbnails)."""
    rows = -(-len(pictures) // columns)
    width, height = tile
    page = Image.new("RGB", (columns * (width + GUTTER) + GUTTER, HEADER + rows * (height + GUTTER)), ground)
    draw = ImageDraw.Draw(page)
    draw.rectangle((0, 0, page.width, 44), fill=(60, 60, 80))
    draw.text((16, 16), "Trending in AI art", fill="white")
    for number, picture in enumerate(pictures):
        factor = (max if fill else min)(width / picture.width, height / picture.height)
        shown = picture.resize((round(picture.width * factor), round(picture.height * factor)))
        if fill:
            shown = shown.crop(((shown.width - width) // 2, (shown.height - height) // 2,
                                (shown.width + width) // 2, (shown.height + height) // 2))  # fmt: skip
        x = GUTTER + (number % columns) * (width + GUTTER) + (width - shown.width) // 2
        y = HEADER + (number // columns) * (height + GUTTER) + (height - shown.height) // 2
        page.paste(shown, (x, y))
    return page


def others(count: int) -> list[Image.Image]:
    return [artwork(100 + number) if number % 2 else landscape(100 + number) for number in range(count)]


@pytest.mark.parametrize(("columns", "count", "tile", "spot"), [(2, 4, (480, 300), 3), (3, 6, (360, 225), 4),
                                                                 (4, 12, (260, 162), 6), (5, 20, (210, 131), 13)])
def test_a_picture_shown_whole_among_others_in_a_gallery_is_found_where_it_lies(
    tmp_path: Path, columns: int, count: int, tile: tuple[int, int], spot: int
) -> None:
    work = artwork(7, (720, 480))
    shown = others(count)
    shown[spot] = work
    page = jpeg(gallery(shown, columns, tile, fill=False), 80)
    assert set(scores(work, page, tmp_path, [artwork(8, (720, 480)), landscape(9)])) == {0}


@pytest.mark.parametrize(("columns", "count", "tile", "spot"), [(2, 4, (480, 300), 1), (3, 6, (360, 225), 2)])
def test_a_smooth_picture_cropped_to_fill_its_tile_in_a_gallery_is_found(
    tmp_path: Path, columns: int, count: int, tile: tuple[int, int], spot: int
) -> None:
    """A photo with few details, cut to its tile's shape: neither its hash nor the page's features find it, its
    layout does (in a 4 × 3 grid, a tile is too small for its layout to be sure: see the README)."""
    work = landscape(3, (720, 405))
    shown = others(count)
    shown[spot] = work
    page = jpeg(gallery(shown, columns, tile, fill=True), 80)
    assert set(scores(work, page, tmp_path, [landscape(4, (720, 405)), artwork(5)])) == {0}


@pytest.mark.parametrize("mirrored", [False, True], ids=["as-is", "mirrored"])
def test_a_detailed_picture_cut_to_fill_a_small_tile_is_found_by_its_own_features(tmp_path: Path,
                                                                                 mirrored: bool) -> None:
    """Twelve pictures to a page: the tile holds a twelfth of the page's features and its hash sees a crop; the
    tile's own features, taken from the page decoded larger, find it, mirrored too."""
    work = artwork(7, (720, 480))
    shown = others(12)
    shown[5] = ImageOps.mirror(work) if mirrored else work
    page = jpeg(gallery(shown, 4, (260, 162), fill=True), 80)
    assert set(scores(work, page, tmp_path, [artwork(8, (720, 480)), landscape(9)])) == {0}


def test_the_evidence_outlines_the_tile_the_picture_was_found_in(tmp_path: Path) -> None:
    work = landscape(3, (720, 405))
    shown = others(6)
    shown[4] = work  # the middle of the second row
    page = gallery(shown, 3, (360, 225), fill=True)
    page.save(tmp_path / "page.jpg", quality=80)
    index = image.Index()
    work.save(tmp_path / "work.png")
    index.add(1, image.fingerprint_file(tmp_path / "work.png"))
    [hit] = index.search(image.fingerprint_candidate(tmp_path / "page.jpg"), image.DEFAULT_THRESHOLD)
    x0, y0, x1, y1 = hit.evidence["candidate_box"]
    left, top = (GUTTER + 360 + GUTTER) / page.width, (HEADER + 225 + GUTTER) / page.height
    assert (x0, y0, x1, y1) == pytest.approx((left, top, left + 360 / page.width, top + 225 / page.height), abs=0.02)


@pytest.mark.parametrize("fill", [False, True], ids=["whole", "cropped"])
def test_a_gallery_of_other_pictures_matches_nothing(tmp_path: Path, fill: bool) -> None:
    page = jpeg(gallery(others(12), 4, (260, 162), fill=fill), 80)
    works = [artwork(7, (720, 480)), landscape(3, (720, 405)), artwork(8), landscape(4)]
    assert scores(works[0], page, tmp_path, works[1:]) == {}


def test_a_work_keeps_only_its_largest_picture_a_candidate_every_one(tmp_path: Path) -> None:
    """A work's fingerprint is the same bytes as before pages of pictures were looked into, so the library
    need not fingerprint its works again; a candidate's holds every picture of the page."""
    gallery(others(6), 3, (360, 225), fill=False).save(tmp_path / "page.png")
    grey = load_grey(tmp_path / "page.png", SIDE)
    assert len(fingerprint_array(grey).insets) == 1
    assert len(fingerprint_array(grey, mirrored=False).insets) == 6
    candidate = Fingerprint.from_bytes(image.fingerprint_candidate(tmp_path / "page.png"))
    assert len(candidate.insets) == 6


def test_a_picture_and_a_small_one_beside_it_are_no_gallery(tmp_path: Path) -> None:
    """A page with one picture and an avatar beside it is looked at as before (its picture alone): small pictures
    count only where the page holds three or more, as a gallery's thumbnails do."""
    page = Image.new("RGB", (1200, 800), (250, 250, 250))
    page.paste(landscape(3, (720, 405)), (300, 200))
    page.paste(artwork(5, (110, 110)), (60, 60))
    page.save(tmp_path / "post.png")
    grey = load_grey(tmp_path / "post.png", SIDE)
    assert len(fingerprint_array(grey, mirrored=False).insets) == 1
