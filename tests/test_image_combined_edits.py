"""Copies altered several ways at once, as they really appear online (cropped and scaled down and recompressed,
mirrored and trimmed, turned and cropped, captioned), are found at the app's alert line; exact copies score as
near-certain; other pictures are not found. All pictures are drawn here: a detailed fractal, a made-up painting
of many shapes and a smooth gradient wallpaper."""

from __future__ import annotations

import functools
import io
import random
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageOps

from creatorwatch.core.fingerprint import image, image_verify
from creatorwatch.core.fingerprint.image_features import Fingerprint
from creatorwatch.core.library.works import Library
from creatorwatch.core.matching.match import Matcher
from creatorwatch.core.store.db import open_database


@functools.cache
def fractal(centre: complex, span: float, size: tuple[int, int] = (900, 600), phase: float = 0.0) -> Image.Image:
    """A coloured view of the Mandelbrot set: fine detail everywhere along the set's edge."""
    width, height = size
    x = np.linspace(centre.real - span, centre.real + span, width)[None, :]
    y = np.linspace(centre.imag - span * height / width, centre.imag + span * height / width, height)[:, None]
    c = x + 1j * y
    z = np.zeros_like(c)
    escaped = np.zeros(c.shape)
    for _ in range(120):
        inside = np.abs(z) <= 4
        z[inside] = z[inside] ** 2 + c[inside]
        escaped += inside
    t = escaped[..., None] / 120.0
    return Image.fromarray((127.5 + 127.5 * np.sin(t * 25 + phase + np.array([0.0, 2.1, 4.2]))).astype(np.uint8))


@functools.cache
def painting(seed: int, size: tuple[int, int] = (1200, 800)) -> Image.Image:
    """A made-up painting: a gradient with many coloured shapes and lines."""
    rng = random.Random(seed)
    ramp = np.linspace(0, 1, size[0])[None, :, None] * np.array(rng.sample(range(256), 3))[None, None, :]
    picture = Image.fromarray(np.broadcast_to(ramp, (size[1], size[0], 3)).astype(np.uint8))
    draw = ImageDraw.Draw(picture)
    for _ in range(80):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        w, h = rng.randint(8, size[0] // 5), rng.randint(8, size[1] // 5)
        colour = tuple(rng.randrange(256) for _ in range(3))
        rng.choice([draw.ellipse, draw.rectangle])((x, y, x + w, y + h), fill=colour, outline=(0, 0, 0))
        draw.line((x, y, rng.randrange(size[0]), rng.randrange(size[1])), fill=colour, width=rng.randint(1, 4))
    return picture.filter(ImageFilter.GaussianBlur(0.8))


@functools.cache
def wallpaper(seed: int, size: tuple[int, int] = (1280, 720)) -> Image.Image:
    """A smooth wallpaper: colour waves and a few soft curves, little texture to hold on to."""
    rng = random.Random(seed)
    yy, xx = np.mgrid[0 : size[1], 0 : size[0]] / max(size)
    a, b = rng.uniform(1, 3), rng.uniform(-2, 2)
    planes = [np.clip(128 + 100 * np.sin(a * xx * 3 + b * yy * 2 + k + seed), 0, 255) for k in (0.0, 1.0, 2.0)]
    picture = Image.fromarray(np.stack(planes, -1).astype(np.uint8))
    draw = ImageDraw.Draw(picture)
    for _ in range(4):
        x, y = rng.randrange(size[0] // 2), rng.randrange(size[1] // 2)
        box = (x, y, x + rng.randint(200, 600), y + rng.randint(150, 400))
        draw.arc(box, rng.randint(0, 180), rng.randint(200, 360), fill=(255, 255, 255), width=rng.randint(3, 8))
    return picture.filter(ImageFilter.GaussianBlur(2))


@functools.cache
def logo_wallpaper(seed: int, size: tuple[int, int] = (1280, 720)) -> Image.Image:
    """A plain wallpaper, a soft vertical gradient with one small detailed emblem: all its local features sit on
    the emblem, as on many desktop wallpapers."""
    rng = random.Random(seed)
    top = np.array(rng.sample(range(60, 180), 3))
    bottom = top + rng.choice([-1, 1]) * 25
    ramp = np.linspace(0, 1, size[1])[:, None, None]
    picture = Image.fromarray(np.broadcast_to(top + (bottom - top) * ramp, (size[1], size[0], 3)).astype(np.uint8))
    emblem = painting(seed + 100, (140, 100))
    picture.paste(emblem, (size[0] // 2 + rng.randint(-200, 200), size[1] // 2 + rng.randint(-150, 50)))
    return picture


def crop(picture: Image.Image, side: float, x_share: float = 0.5, y_share: float = 0.5) -> Image.Image:
    w, h = round(picture.width * side), round(picture.height * side)
    x, y = round((picture.width - w) * x_share), round((picture.height - h) * y_share)
    return picture.crop((x, y, x + w, y + h))


def scale(picture: Image.Image, factor: float) -> Image.Image:
    size = (round(picture.width * factor), round(picture.height * factor))
    return picture.resize(size, Image.Resampling.LANCZOS)


def jpeg(picture: Image.Image, quality: int) -> Image.Image:
    buffer = io.BytesIO()
    picture.convert("RGB").save(buffer, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buffer.getvalue()))


def caption(picture: Image.Image) -> Image.Image:
    bar = max(24, picture.height // 6)
    framed = Image.new("RGB", (picture.width, picture.height + bar), (0, 0, 0))
    framed.paste(picture, (0, 0))
    ImageDraw.Draw(framed).text((10, picture.height + bar // 3), "the AI made this lol  #aiart", fill="white")
    return framed


def turn(picture: Image.Image, degrees: float) -> Image.Image:
    return picture.rotate(degrees, Image.Resampling.BICUBIC)


Edit = Callable[[Image.Image], Image.Image]
COMBINED: dict[str, Edit] = {
    "mirrored, cropped to 87 % of each side, scaled to 500 wide, JPEG 70": lambda p: jpeg(
        scale(crop(ImageOps.mirror(p), 0.87, 0.3, 0.6), 500 / (0.87 * p.width)), 70),
    "mirrored, cropped to 75 % in a corner, scaled to 1/2, JPEG 60": lambda p: jpeg(
        scale(crop(ImageOps.mirror(p), 0.75, 0.0, 1.0), 0.5), 60),
    "centre crop 80 %, scaled to 1/2, JPEG 75": lambda p: jpeg(scale(crop(p, 0.8), 0.5), 75),
    "corner crop 60 %, scaled to 1/3, JPEG 80": lambda p: jpeg(scale(crop(p, 0.6, 1.0, 1.0), 1 / 3), 80),
    "cropped to 80 %, with a caption bar, JPEG 70": lambda p: jpeg(caption(crop(p, 0.8, 1.0, 0.0)), 70),
    "turned 5°, cropped to 80 %, scaled to 1/2, JPEG 65": lambda p: jpeg(scale(crop(turn(p, 5), 0.8), 0.5), 65),
    "turned -4°, cropped to 85 %, JPEG 85": lambda p: jpeg(crop(turn(p, -4), 0.85, 0.2, 0.7), 85),
}
SMOOTH_COMBINED: dict[str, Edit] = {  # a smooth picture has few local features: whole-picture edits
    "mirrored, scaled to 1/2, JPEG 70": lambda p: jpeg(scale(ImageOps.mirror(p), 0.5), 70),
    "mirrored, scaled to 1/3, JPEG 60": lambda p: jpeg(scale(ImageOps.mirror(p), 1 / 3), 60),
    "scaled to 1/3 with a caption bar, JPEG 75": lambda p: jpeg(caption(scale(p, 1 / 3)), 75),
    "cropped to 85 % with a caption bar, JPEG 75": lambda p: jpeg(caption(crop(p, 0.85, 0.2, 0.0)), 75),
}

DETAILED: dict[str, Callable[[], Image.Image]] = {
    "fractal": lambda: fractal(-0.7435 + 0.1314j, 0.02),
    "painting": lambda: painting(3),
}


def found(work: Image.Image, candidate: Image.Image, tmp_path: Path, others: Sequence[Image.Image] = ()) -> float:
    """The score the work gets for the candidate, through files as the app reads them (0 when not found);
    `others` are added to the library too, and must not be matched instead."""
    index = image.Index()
    for number, picture in enumerate([work, *others]):
        picture.convert("RGB").save(tmp_path / f"work{number}.png")
        index.add(number, image.fingerprint_file(tmp_path / f"work{number}.png"))
    candidate.save(tmp_path / "candidate.png")
    hits = index.search(image.fingerprint_candidate(tmp_path / "candidate.png"), image.DEFAULT_THRESHOLD)
    assert all(hit.work_id == 0 for hit in hits), f"another picture matched: {hits}"
    return max((hit.score for hit in hits), default=0.0)


@pytest.fixture(scope="module", params=list(DETAILED))
def detailed(request: pytest.FixtureRequest) -> Image.Image:
    return DETAILED[request.param]()


@pytest.mark.parametrize("edit", list(COMBINED))
def test_a_detailed_picture_altered_several_ways_at_once_is_found(detailed, edit: str, tmp_path: Path) -> None:
    others = [fractal(-0.16 + 1.04j, 0.04, phase=1.0), painting(11)]
    assert found(detailed, COMBINED[edit](detailed), tmp_path, others) >= image.DEFAULT_THRESHOLD


@pytest.mark.parametrize("fingerprint", [image.fingerprint_candidate, image.fingerprint_file])
def test_the_mirrored_cropped_fractal_is_found_as_a_mirror(fingerprint: Callable[[Path], bytes],
                                                            tmp_path: Path) -> None:  # fmt: skip
    """The case a creator met: a mirrored copy of a detailed picture, 900 × 600 cropped to 87 % and saved at
    500 × 333 as a JPEG of quality 70; the evidence says it is mirrored and where it lies in the work. A
    candidate's own fingerprint holds no mirrored descriptors (the work's are used); one that has them (kept
    from an earlier version, or a work's) is found the same."""
    work = DETAILED["fractal"]()
    copy = jpeg(scale(crop(ImageOps.mirror(work), 0.87, 0.3, 0.6), 500 / 783), 70)
    assert copy.size == (500, 333)
    work.save(tmp_path / "work.png")
    copy.save(tmp_path / "copy.jpg")
    index = image.Index()
    index.add(1, image.fingerprint_file(tmp_path / "work.png"))
    [hit] = index.search(fingerprint(tmp_path / "copy.jpg"), image.DEFAULT_THRESHOLD)
    assert hit.score >= 0.9
    assert hit.evidence["transform"]["flipped"] is True and hit.evidence["transform"]["mirror"] == "left-right"
    assert hit.evidence["transform"]["rotation_degrees"] == pytest.approx(0.0, abs=2.0)
    x0, y0, x1, y1 = hit.evidence["work_box"]  # the crop kept the work's right-hand side, mirrored
    assert x1 - x0 == pytest.approx(0.87, abs=0.05) and y1 - y0 == pytest.approx(0.87, abs=0.05)
    assert x0 == pytest.approx(1 - 0.039 - 0.87, abs=0.04) and y0 == pytest.approx(0.078, abs=0.04)
    assert hit.evidence["candidate_box"] == pytest.approx([0.0, 0.0, 1.0, 1.0], abs=0.03)


def test_a_copy_only_the_mirrored_vote_chose_is_verified_mirrored_only(tmp_path: Path, monkeypatch) -> None:
    """The mirrored, trimmed fractal is too far from the work by hash (84 bits) and its descriptors vote for the
    work mirrored only: it is matched once, against the work mirrored, not first as it is (which costs as much
    and, for such a copy, finds nothing), and it is still found as a mirror, certainly."""
    work = DETAILED["fractal"]()
    work.save(tmp_path / "work.png")
    jpeg(scale(crop(ImageOps.mirror(work), 0.87, 0.3, 0.6), 500 / 783), 70).save(tmp_path / "copy.jpg")
    index = image.Index()
    for number, picture in enumerate([painting(11), fractal(-0.16 + 1.04j, 0.04, phase=1.0)]):
        picture.save(tmp_path / f"other{number}.png")
        index.add(number, image.fingerprint_file(tmp_path / f"other{number}.png"))
    index.add(7, image.fingerprint_file(tmp_path / "work.png"))
    matched: list[np.ndarray] = []

    def counted(query: Fingerprint, candidate_work: Fingerprint) -> dict | None:
        matched.append(candidate_work.descriptors)
        return verify(query, candidate_work)

    verify = image_verify.verify
    monkeypatch.setattr(image_verify, "verify", counted)
    [hit] = image.search_file(index, tmp_path / "copy.jpg", image.DEFAULT_THRESHOLD)
    assert hit.work_id == 7 and hit.score >= 0.9 and hit.evidence["transform"]["mirror"] == "left-right"
    own = Fingerprint.from_bytes(image.fingerprint_file(tmp_path / "work.png"))
    assert len(matched) == 1 and np.array_equal(matched[0], own.mirrored)


def test_a_small_corner_of_a_detailed_picture_shown_much_smaller_is_found(tmp_path: Path) -> None:
    """A 40 % corner of a painting saved at a fifth of its size (96 × 64 pixels, JPEG 80): its keypoints are
    only as precise as its own few pixels, so the fit measures their errors in the coarser picture (measured in
    the copy enlarged to the comparison size, the same copy scored 0.43, under the alert line)."""
    work = painting(7)
    copy = jpeg(scale(crop(work, 0.4, 0.0, 1.0), 0.2), 80)
    assert copy.size == (96, 64)
    assert found(work, copy, tmp_path, [painting(3), fractal(-0.16 + 1.04j, 0.04, phase=1.0)]) >= 0.6


@pytest.mark.parametrize("corner", [(0.0, 0.0), (1.0, 1.0)], ids=["top left", "bottom right"])
def test_a_corner_of_a_small_painting_scaled_to_a_third_is_found(corner: tuple[float, float], tmp_path: Path) -> None:
    """A 60 % corner of a 400 × 400 painting scaled to a third: an 80 × 80 JPEG, enlarged six times to be compared.
    Its details sit at the work's scales times 1.67, beyond a work-sized pyramid, so a small candidate is looked
    at through a deeper one (the top-left corner scored 0.27 before, under the alert line)."""
    work = painting(1, (400, 400))
    copy = jpeg(scale(crop(work, 0.6, *corner), 1 / 3), 75)
    assert copy.size == (80, 80)
    assert found(work, copy, tmp_path, [painting(3), painting(2, (400, 400))]) >= 0.8


def test_a_candidate_s_blob_says_it_is_small_and_a_work_s_blob_is_unchanged(tmp_path: Path) -> None:
    """Only a candidate records the size it had (the looser descriptor test is for small ones only); a work's blob
    keeps the format the library and its cache already hold, and a candidate's blob kept by an earlier version
    (for retroactive matching) still reads, as not small."""
    work = painting(1, (400, 400))
    work.save(tmp_path / "work.png")
    jpeg(scale(crop(work, 0.6, 0.0, 0.0), 1 / 3), 75).save(tmp_path / "small.jpg")
    jpeg(work, 80).save(tmp_path / "large.jpg")
    small = Fingerprint.from_bytes(image.fingerprint_candidate(tmp_path / "small.jpg"))
    assert small.small and small.source_side == 80
    large = Fingerprint.from_bytes(image.fingerprint_candidate(tmp_path / "large.jpg"))
    assert not large.small and large.source_side == 400
    stored = image.fingerprint_file(tmp_path / "work.png")
    assert stored[0] == 4 and not Fingerprint.from_bytes(stored).small
    earlier = replace(small, source_side=0).to_bytes()
    assert earlier[0] == 4 and not Fingerprint.from_bytes(earlier).small
    assert np.array_equal(Fingerprint.from_bytes(earlier).descriptors, small.descriptors)


@pytest.mark.parametrize("edit", list(SMOOTH_COMBINED))
def test_a_smooth_wallpaper_altered_several_ways_at_once_is_found(edit: str, tmp_path: Path) -> None:
    work = wallpaper(1)
    assert found(work, SMOOTH_COMBINED[edit](work), tmp_path, [wallpaper(2), wallpaper(5)]) >= image.DEFAULT_THRESHOLD


def test_a_plain_wallpaper_cropped_with_a_caption_bar_is_found_by_its_emblem(tmp_path: Path) -> None:
    """Its features sit on one small emblem, so the whole picture must agree too, around the caption bar that
    hides part of it; the same emblem on another plain wallpaper is not a copy."""
    work = logo_wallpaper(1)
    copy = jpeg(caption(crop(work, 0.85, 0.3, 0.0)), 75)
    assert found(work, copy, tmp_path, [logo_wallpaper(4)]) >= image.DEFAULT_THRESHOLD
    other = Image.new("RGB", work.size, (30, 90, 160))
    other.paste(painting(101, (140, 100)), (600, 300))
    assert found(other, copy, tmp_path) == 0.0


def watermarked_under_a_bar(picture: Image.Image, top: bool) -> Image.Image:
    """A white caption bar (a sixth of the height) over or under the picture, and a faint text watermark in rows
    across all of it, as re-posting sites add them."""
    bar = picture.height // 6
    framed = Image.new("RGB", (picture.width, picture.height + bar), (255, 255, 255))
    framed.paste(picture.convert("RGB"), (0, bar if top else 0))
    ImageDraw.Draw(framed).text((10, (0 if top else picture.height) + bar // 3), "look what the AI made", fill="black")
    layer = Image.new("RGBA", framed.size, (0, 0, 0, 0))
    for y in range(0, framed.height, framed.height // 8):
        ImageDraw.Draw(layer).text((20, y), "SAMPLE  " * 30, fill=(255, 255, 255, 90))
    return Image.alpha_composite(framed.convert("RGBA"), layer).convert("RGB")


@pytest.mark.parametrize("top", [True, False], ids=["bar over", "bar under"])
def test_a_smooth_wallpaper_under_a_caption_bar_and_a_watermark_is_found(top: bool, tmp_path: Path) -> None:
    """The bar moves the whole-picture hash far away and the watermark's letters outnumber the wallpaper's few
    features (both scored 0 before): the picture beside the bar is hashed on its own. Another wallpaper with the
    same bar and watermark is not a copy."""
    work = wallpaper(1)
    copy = jpeg(watermarked_under_a_bar(work, top), 85)
    assert found(work, copy, tmp_path, [wallpaper(2), logo_wallpaper(4)]) >= 0.95
    assert found(wallpaper(3), copy, tmp_path, [wallpaper(2)]) == 0.0


@pytest.mark.parametrize("make", [DETAILED["fractal"], DETAILED["painting"], lambda: wallpaper(1)])
def test_an_identical_or_lightly_recompressed_copy_scores_as_near_certain(make, tmp_path: Path) -> None:
    work = make()
    assert found(work, work, tmp_path) >= 0.95
    assert found(work, jpeg(work, 90), tmp_path) >= 0.95


@pytest.mark.parametrize("edit", ["centre crop 80 %, scaled to 1/2, JPEG 75",
                                  "corner crop 60 %, scaled to 1/3, JPEG 80",
                                  "mirrored, cropped to 75 % in a corner, scaled to 1/2, JPEG 60"])  # fmt: skip
def test_other_pictures_altered_the_same_way_are_not_found(edit: str, tmp_path: Path) -> None:
    library = [DETAILED["fractal"](), painting(3), wallpaper(1)]
    strangers = [fractal(-1.25 + 0.02j, 0.1, phase=2.0), painting(21), wallpaper(7)]
    index = image.Index()
    for number, picture in enumerate(library):
        picture.save(tmp_path / f"work{number}.png")
        index.add(number, image.fingerprint_file(tmp_path / f"work{number}.png"))
    for number, stranger in enumerate(strangers):
        COMBINED[edit](stranger).save(tmp_path / f"stranger{number}.jpg")
        blob = image.fingerprint_candidate(tmp_path / f"stranger{number}.jpg")
        assert index.search(blob, image.DEFAULT_THRESHOLD) == []


def test_match_finds_a_mirrored_cropped_copy_with_the_library_s_own_mirrored_features(tmp_path: Path) -> None:
    """Through the library and `match` as a creator uses them: the work is imported (its fingerprint holds its
    mirrored descriptors), the candidate is fingerprinted without any, and the mirrored, trimmed copy is found."""
    work = DETAILED["fractal"]()
    work.save(tmp_path / "fractal.png")
    jpeg(scale(crop(ImageOps.mirror(work), 0.87, 0.3, 0.6), 500 / 783), 70).save(tmp_path / "copy.jpg")
    library = Library(open_database(tmp_path / "library.sqlite3"))
    assert not library.add_paths([tmp_path / "fractal.png"]).skipped
    stored = Fingerprint.from_bytes(library.db.execute("SELECT data FROM fingerprints").fetchone()[0])
    assert len(stored.mirrored) == len(stored.descriptors) > 100
    assert len(Fingerprint.from_bytes(image.fingerprint_candidate(tmp_path / "copy.jpg")).mirrored) == 0
    [found] = Matcher(library).match_file(tmp_path / "copy.jpg")
    assert found.work.path.endswith("fractal.png") and found.score >= 0.9
    assert found.evidence["transform"]["mirror"] == "left-right"
