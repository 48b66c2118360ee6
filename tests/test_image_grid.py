"""A picture among a model's samples saved as one grid, edge to edge with no page between them (four variations
in a 2 × 2, a contact sheet of 3 × 3 or 4 × 4, a batch side by side), is found in its cell; a grid of other
pictures matches nothing, and a single picture is never cut into a grid."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from creatorwatch.core.fingerprint import image
from creatorwatch.core.fingerprint.image_decode import load_grey
from creatorwatch.core.fingerprint.image_features import SIDE, fingerprint_array
from tests.test_image_combined_edits import jpeg
from tests.test_image_crop_layout import landscape, scores
from tests.test_image_gallery import others
from tests.test_image_matching import artwork


def grid(pictures: list[Image.Image], columns: int, side: int) -> Image.Image:
    """`pictures` cut to fill square cells of `side`, set edge to edge in `columns`."""
    rows = -(-len(pictures) // columns)
    sheet = Image.new("RGB", (columns * side, rows * side))
    for number, picture in enumerate(pictures):
        factor = side / min(picture.size)
        shown = picture.resize((max(side, round(picture.width * factor)), max(side, round(picture.height * factor))))
        left, top = (shown.width - side) // 2, (shown.height - side) // 2
        at = (number % columns) * side, (number // columns) * side
        sheet.paste(shown.crop((left, top, left + side, top + side)), at)
    return sheet


@pytest.mark.parametrize(("columns", "count", "spot"), [(3, 9, 4), (4, 16, 9)])
def test_a_detailed_picture_in_a_grid_of_samples_is_found(tmp_path: Path, columns: int, count: int,
                                                         spot: int) -> None:  # fmt: skip
    """A ninth or a sixteenth of the grid: too little of its features for the whole grid's to find it."""
    work = artwork(7, (600, 600))
    shown = others(count)
    shown[spot] = work
    sheet = jpeg(grid(shown, columns, 300), 80)
    assert set(scores(work, sheet, tmp_path, [artwork(8, (600, 600)), landscape(9)])) == {0}


@pytest.mark.parametrize(("vertical", "count", "spot"), [(False, 4, 1), (True, 3, 1)], ids=["row", "column"])
def test_a_picture_in_a_single_row_or_column_of_samples_is_found(tmp_path: Path, vertical: bool, count: int,
                                                                 spot: int) -> None:  # fmt: skip
    """A batch of samples side by side (or stacked), the smooth picture cut to fill its square."""
    work = landscape(3, (600, 450))
    shown = [artwork(100 + number) for number in range(count)]
    shown[spot] = work
    row = grid(shown, 1 if vertical else count, 320)
    assert set(scores(work, jpeg(row, 80), tmp_path, [landscape(4, (600, 450)), artwork(5)])) == {0}


def test_a_smooth_picture_cut_to_fill_a_cell_of_a_grid_is_found(tmp_path: Path) -> None:
    work = landscape(3, (600, 450))
    shown = others(4)
    shown[2] = work
    sheet = jpeg(grid(shown, 2, 400), 80)
    assert set(scores(work, sheet, tmp_path, [landscape(4, (600, 450)), artwork(5)])) == {0}


def test_the_evidence_outlines_the_cell_the_picture_was_found_in(tmp_path: Path) -> None:
    work = artwork(7, (600, 600))
    shown = others(9)
    shown[5] = work  # the right of the middle row
    grid(shown, 3, 300).save(tmp_path / "grid.jpg", quality=85)
    work.save(tmp_path / "work.png")
    index = image.Index()
    index.add(1, image.fingerprint_file(tmp_path / "work.png"))
    [hit] = index.search(image.fingerprint_candidate(tmp_path / "grid.jpg"), image.DEFAULT_THRESHOLD)
    assert hit.evidence["candidate_box"] == pytest.approx([2 / 3, 1 / 3, 1.0, 2 / 3], abs=0.03)


def test_a_grid_of_other_pictures_matches_nothing(tmp_path: Path) -> None:
    sheet = jpeg(grid(others(9), 3, 300), 80)
    works = [artwork(7, (600, 600)), landscape(3, (600, 450)), artwork(8), landscape(4)]
    assert scores(works[0], sheet, tmp_path, works[1:]) == {}


@pytest.mark.parametrize(("columns", "count"), [(2, 4), (3, 6), (4, 16)])
def test_a_grid_is_read_cell_by_cell_on_a_candidate_never_on_a_work(tmp_path: Path, columns: int,
                                                                    count: int) -> None:  # fmt: skip
    """A work's fingerprint stays as it was (nothing to fingerprint again); a candidate's holds every cell."""
    grid(others(count), columns, 256).save(tmp_path / "grid.png")
    grey = load_grey(tmp_path / "grid.png", SIDE)
    assert len(fingerprint_array(grey, mirrored=False).insets) == count
    assert len(fingerprint_array(grey).insets) <= 1  # at most its largest picture, as before grids were read


@pytest.mark.parametrize("seed", range(6))
def test_a_single_picture_is_no_grid(tmp_path: Path, seed: int) -> None:
    picture = artwork(seed, (800, 600)) if seed % 2 else landscape(seed, (800, 600))
    jpeg(picture, 80).save(tmp_path / "one.jpg")
    grey = load_grey(tmp_path / "one.jpg", SIDE)
    assert len(fingerprint_array(grey, mirrored=False).insets) <= 1  # itself at most (between plain bars)
