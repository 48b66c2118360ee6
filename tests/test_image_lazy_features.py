"""A candidate's local features are computed only when the search needs them (image.search_file): a copy whose
whole-picture hash already finds the work for certain is matched on the hash alone, and every candidate gets the
very same hits as when its local features are computed first. All pictures are drawn here."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageOps

from creatorwatch.core.fingerprint import image
from creatorwatch.core.fingerprint.image_decode import load_grey
from creatorwatch.core.fingerprint.image_features import Fingerprint, fingerprint_array
from tests.test_image_combined_edits import crop, fractal, jpeg, painting, scale

EDITS = {
    "identical": lambda p: p,
    "recompressed": lambda p: jpeg(p, 70),
    "scaled to 1/3": lambda p: scale(p, 1 / 3),
    "mirrored": ImageOps.mirror,
    "cropped to 60 %": lambda p: crop(p, 0.6, 0.2, 0.7),
    "corner at 1/3": lambda p: jpeg(scale(crop(p, 0.6, 1.0, 0.0), 1 / 3), 80),
    "another picture": lambda p: painting(21),
}


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> image.Index:
    folder = tmp_path_factory.mktemp("works")
    index = image.Index()
    works = [painting(3), fractal(-0.7435 + 0.1314j, 0.02), painting(11)]
    for number, work in enumerate(works):
        work.convert("RGB").save(folder / f"work{number}.png")
        index.add(number, image.fingerprint_file(folder / f"work{number}.png"))
    return index


def _saved(picture: Image.Image, path: Path) -> Path:
    picture.convert("RGB").save(path)
    return path


@pytest.mark.parametrize("edit", list(EDITS))
def test_the_lazy_search_finds_exactly_what_the_full_fingerprint_finds(library: image.Index, edit: str,
                                                                       tmp_path: Path) -> None:  # fmt: skip
    path = _saved(EDITS[edit](painting(3)), tmp_path / "candidate.png")
    eager = library.search(image.fingerprint_candidate(path), 0.1)
    assert image.search_file(library, path, 0.1) == eager
    if edit != "another picture":
        assert eager and eager[0].work_id == 0 and eager[0].score >= image.DEFAULT_THRESHOLD


@pytest.mark.parametrize(("edit", "needed"), [("identical", False), ("recompressed", False), ("mirrored", False),
                                              ("cropped to 60 %", True), ("corner at 1/3", True),
                                              ("another picture", True)])  # fmt: skip
def test_local_features_are_needed_only_when_the_hash_is_not_certain(library: image.Index, edit: str, needed: bool,
                                                                     tmp_path: Path) -> None:  # fmt: skip
    """An exact, recompressed or mirrored copy is found for certain by its hash: its ORB features (two thirds of
    a candidate's fingerprinting time) are never computed; a crop or another picture needs them."""
    path = _saved(EDITS[edit](painting(3)), tmp_path / "candidate.png")
    whole = fingerprint_array(load_grey(path, 512), mirrored=False, local=False)
    assert len(whole.descriptors) == 0
    assert library.needs_local(whole) is needed


def test_a_work_near_by_hash_but_not_the_same_still_gets_its_local_check(tmp_path: Path) -> None:
    """Two works whose hashes are near (a picture and its slightly cropped version): a copy of the one is certain
    for it, but the other must still be verified by local features, so they are computed."""
    work = painting(3)
    index = image.Index()
    for number, picture in enumerate([work, crop(work, 0.93, 0.5, 0.5)]):
        index.add(number, image.fingerprint_file(_saved(picture, tmp_path / f"work{number}.png")))
    path = _saved(jpeg(work, 80), tmp_path / "candidate.jpg")
    whole = fingerprint_array(load_grey(path, 512), mirrored=False, local=False)
    distances = {hit.work_id: hit.evidence["pdq_distance"] for hit in index.search(whole.to_bytes(), 0.0)}
    assert distances[0] <= 24 < distances[1] <= 80
    assert index.needs_local(whole)
    hits = image.search_file(index, path, 0.1)
    assert hits == index.search(image.fingerprint_candidate(path), 0.1)
    assert {hit.work_id for hit in hits} == {0, 1}
    assert Fingerprint.from_bytes(image.fingerprint_candidate(path)).descriptors.shape[0] > 100
