"""Two or three of a creator's pictures set side by side in one image (a collage, a before-and-after, a comparison
post), of unequal widths, recompressed, are each found: what lies beside a work found is searched on its own
(image_rest), and a collage in which nothing is found at first is split at its seam. An independent tester's
side-by-side of two works of unequal widths found only one."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from PIL import Image

from creatorwatch.core.fingerprint import image
from tests.test_image_combined_edits import crop, fractal, jpeg, painting, wallpaper


def side_by_side(pictures: Sequence[Image.Image], height: int, gap: int = 0, stacked: bool = False) -> Image.Image:
    """The pictures scaled to one `height` (or width, `stacked`) and set in a row (column), `gap` white pixels apart."""
    if stacked:
        turned = side_by_side([p.transpose(Image.Transpose.TRANSPOSE) for p in pictures], height, gap)
        return turned.transpose(Image.Transpose.TRANSPOSE)
    scaled = [p.convert("RGB").resize((round(p.width * height / p.height), height)) for p in pictures]
    sheet = Image.new("RGB", (sum(p.width for p in scaled) + gap * (len(scaled) - 1), height), "white")
    x = 0
    for picture in scaled:
        sheet.paste(picture, (x, 0))
        x += picture.width + gap
    return sheet


def hits_for(works: Sequence[Image.Image], candidate: Image.Image, tmp_path: Path) -> dict[int, image.Hit]:
    """The hits of the candidate, searched as `match` and every source search it, by work number."""
    index = image.Index()
    for number, picture in enumerate(works):
        picture.convert("RGB").save(tmp_path / f"work{number}.png")
        index.add(number, image.fingerprint_file(tmp_path / f"work{number}.png"))
    candidate.save(tmp_path / "candidate.jpg", quality=80)
    return {hit.work_id: hit for hit in image.search_file(index, tmp_path / "candidate.jpg", image.DEFAULT_THRESHOLD)}


FRACTAL = (-0.7 + 0.3j, 0.05)  # a richly detailed picture, whose details outvote a smooth one's beside it


@pytest.mark.parametrize("gap", [0, 10])
def test_two_works_side_by_side_of_unequal_widths_are_both_found(gap: int, tmp_path: Path) -> None:
    left, right = fractal(*FRACTAL), crop(wallpaper(4), 0.5)
    hits = hits_for([left, right, painting(23)], jpeg(side_by_side([left, right], 420, gap), 80), tmp_path)
    assert set(hits) == {0, 1}
    share = left.width / left.height / (left.width / left.height + right.width / right.height)
    assert hits[0].evidence["candidate_box"][2] == pytest.approx(share, abs=0.03)  # each outlined on its own side
    assert hits[1].evidence["candidate_box"][0] == pytest.approx(share, abs=0.03)
    assert image.BESIDE in hits[1].evidence["method"]


@pytest.mark.parametrize("stacked", [False, True])
def test_a_work_beside_a_picture_not_in_the_library_is_found(stacked: bool, tmp_path: Path) -> None:
    """Nothing is found in the whole collage: it is split at its seam, and the creator's part found."""
    hits = hits_for([wallpaper(4)], jpeg(side_by_side([painting(3), wallpaper(4)], 420, 10, stacked), 80), tmp_path)
    assert set(hits) == {0}
    assert hits[0].evidence["candidate_box"][1 if stacked else 0] > 0.4  # outlined in its half


def test_three_works_in_a_row_are_all_found(tmp_path: Path) -> None:
    works = [fractal(*FRACTAL), wallpaper(4), crop(wallpaper(6), 0.7)]
    hits = hits_for(works, jpeg(side_by_side(works, 360, 6), 80), tmp_path)
    assert set(hits) == {0, 1, 2}


def test_a_collage_of_pictures_not_in_the_library_finds_nothing(tmp_path: Path) -> None:
    works = [painting(28), painting(29), wallpaper(4)]
    assert hits_for(works, jpeg(side_by_side([fractal(*FRACTAL), wallpaper(5)], 420, 10), 80), tmp_path) == {}
    assert hits_for(works, jpeg(side_by_side([painting(30), wallpaper(7)], 420, 0, True), 80), tmp_path) == {}


def test_a_hit_beside_another_work_says_so_plainly() -> None:
    from creatorwatch.ui.explain import _plain_method

    said = _plain_method(f"local features (ORB) with geometric verification (RANSAC affine), {image.BESIDE}")
    assert said.endswith("of the part of the picture beside another of your works")


def test_a_check_finds_both_works_of_a_collage_in_a_folder_and_on_a_feed(tmp_path: Path, httpserver) -> None:
    """A check searches the fingerprint it keeps, then reads the file again for what lies beside a work found: a
    collage in a watched folder and one downloaded from a feed each give both works (one of them before)."""
    from creatorwatch.core.library.works import Library
    from creatorwatch.core.records.findings import Findings
    from creatorwatch.core.records.source_store import SourceStore
    from creatorwatch.core.sources.base import SourceConfig
    from creatorwatch.core.store.db import open_database
    from creatorwatch.core.watch.monitor import Monitor
    from tests.sources_fixtures import fast_client

    db = open_database(tmp_path / "data.sqlite3")
    left, right = fractal(*FRACTAL), crop(wallpaper(4), 0.5)
    (tmp_path / "works").mkdir()
    for name, picture in (("fractal", left), ("wallpaper", right)):
        picture.convert("RGB").save(tmp_path / "works" / f"{name}.png")
    ids = {Path(o.path).stem: o.work.id for o in Library(db).add_paths([tmp_path / "works"]).added if o.work}
    (tmp_path / "downloads").mkdir()
    collage = jpeg(side_by_side([left, right], 420, 10), 80)
    collage.save(tmp_path / "downloads" / "before-after.jpg", quality=80)
    served = tmp_path / "served.jpg"
    collage.save(served, quality=80)
    base = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/feed.xml").respond_with_data(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>g</title><link>{base}/</link><item><guid>1</guid>'
        f'<title>ours vs theirs</title><link>{base}/post/1</link><enclosure url="{base}/media/c.jpg" '
        'type="image/jpeg" length="1"/></item></channel></rss>', content_type="application/rss+xml")
    httpserver.expect_request("/media/c.jpg").respond_with_data(served.read_bytes(), content_type="image/jpeg")
    store = SourceStore(db)
    store.add(SourceConfig("downloads", "folder", settings={"path": str(tmp_path / "downloads")}))
    store.add(SourceConfig("gallery", "feed", settings={"url": httpserver.url_for("/feed.xml")}))

    Monitor(db, http=fast_client()).check()

    found = {(f.work_id, f.candidate_url) for f in Findings(db).all() if f.type == "match"}
    assert found == {(ids[name], url) for name in ids
                     for url in ((tmp_path / "downloads" / "before-after.jpg").as_uri(), f"{base}/post/1")}


def test_a_picture_found_weakly_in_a_collage_is_measured_again_on_its_own_part(tmp_path: Path) -> None:
    """A picture found in the whole collage by a few details bunched on one patch was said shown at a size the
    fit to them extrapolated (a photo scaled to 90 % read "about 95 %"): once the picture beside it is found, it is
    looked at again on its own part, where its details span it, and its size is said from that look."""
    from creatorwatch.core.evidence.picture_size import shown_in_pixels
    from creatorwatch.ui.explain import size_sentence

    painted = painting(3)
    beside_it = wallpaper(5).convert("RGB")
    beside_it = beside_it.resize((round(beside_it.height * 2.5), beside_it.height))  # a wide smooth panorama
    sheet = jpeg(side_by_side([painted, beside_it], 600), 80)
    hits = hits_for([painted, beside_it], sheet, tmp_path)
    assert set(hits) == {0, 1}
    found = hits[0].evidence
    assert image.OWN_PART in found["method"] and found["inliers"] >= 100  # not the 18 details of the whole look
    size = shown_in_pixels(painted.size, sheet.size, found["work_box"], found["candidate_box"])
    assert size == pytest.approx(600 / painted.height, abs=0.01)
    assert size_sentence(size or 0.0) == "The copy shows your picture at about three quarters of its size."
