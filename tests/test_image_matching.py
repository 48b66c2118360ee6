"""The image modality finds altered copies of a work, ignores other pictures, and refuses bad files plainly."""

from __future__ import annotations

import io
import json
import random
import struct
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageOps

from creatorwatch.core.errors import UnreadableMedia
from creatorwatch.core.evidence.preview import image_preview
from creatorwatch.core.fingerprint import image, image_features, image_index, image_vote
from creatorwatch.core.fingerprint.image_decode import load_grey
from creatorwatch.core.library.works import Library
from creatorwatch.core.matching.index import LibraryIndex
from creatorwatch.core.store.db import open_database


def artwork(seed: int, size: tuple[int, int] = (640, 480)) -> Image.Image:
    """A made-up painting: a gradient with many coloured shapes, so it has detail like real artwork."""
    rng = random.Random(seed)
    ramp = np.linspace(0, 1, size[0])[None, :, None] * np.array(rng.sample(range(256), 3))[None, None, :]
    picture = Image.fromarray(np.broadcast_to(ramp, (size[1], size[0], 3)).astype(np.uint8))
    draw = ImageDraw.Draw(picture)
    for _ in range(60):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        w, h = rng.randint(8, size[0] // 5), rng.randint(8, size[1] // 5)
        colour = tuple(rng.randrange(256) for _ in range(3))
        shape = rng.choice([draw.ellipse, draw.rectangle])
        shape((x, y, x + w, y + h), fill=colour, outline=(0, 0, 0))
        draw.line((x, y, rng.randrange(size[0]), rng.randrange(size[1])), fill=colour, width=rng.randint(1, 4))
    return picture.filter(ImageFilter.GaussianBlur(0.8))


def page_with(picture: Image.Image, scale: float) -> Image.Image:
    """The picture shrunk to `scale` and placed off-centre on a larger page with text lines."""
    small = picture.resize((round(picture.width * scale), round(picture.height * scale)))
    page = Image.new("RGB", picture.size, (248, 246, 240))
    draw = ImageDraw.Draw(page)
    for y in range(0, page.height, 14):
        draw.text((4, y), "Lorem ipsum dolor sit amet, consectetur adipiscing elit " * 2, fill=(90, 90, 90))
    page.paste(small, (page.width - small.width - 10, 20))
    return page


def with_logo(picture: Image.Image) -> Image.Image:
    """The picture with the same corner logo (about 6 % of its area) that other works also carry."""
    logo = artwork(999, (150, 110))
    out = picture.copy()
    out.paste(logo, (picture.width - logo.width - 6, picture.height - logo.height - 6))
    return out


def caption_and_watermark(picture: Image.Image) -> Image.Image:
    framed = Image.new("RGB", (picture.width, picture.height + 80), (0, 0, 0))
    framed.paste(picture, (0, 0))
    draw = ImageDraw.Draw(framed)
    draw.text((10, picture.height + 30), "look what the AI made  #aiart #art", fill="white")
    for y in range(0, picture.height, 60):
        draw.text((20, y), "© stockbank sample " * 5, fill=(255, 255, 255))
    return framed


def crop_fraction(picture: Image.Image, side: float, corner: str) -> Image.Image:
    w, h = round(picture.width * side), round(picture.height * side)
    x = 0 if "left" in corner else picture.width - w
    y = 0 if "top" in corner else picture.height - h
    return picture.crop((x, y, x + w, y + h))


def recolour(picture: Image.Image) -> Image.Image:
    hsv = np.asarray(picture.convert("HSV")).copy()
    hsv[..., 0] += 40
    brighter = Image.fromarray(hsv, "HSV").convert("RGB")
    return Image.eval(brighter, lambda v: min(255, int(v * 1.3)))


TRANSFORMS: dict[str, Callable[[Image.Image], Image.Image]] = {
    "resized to a quarter": lambda p: p.resize((p.width // 4, p.height // 4)),
    "blurred": lambda p: p.filter(ImageFilter.GaussianBlur(2.5)),
    "greyscale": lambda p: ImageOps.grayscale(p),
    "recoloured and brightened": recolour,
    "mirrored": lambda p: ImageOps.mirror(p),
    "rotated 8 degrees": lambda p: p.rotate(8, Image.Resampling.BILINEAR, expand=True, fillcolor="white"),
    "corner crop keeping 56 %": lambda p: crop_fraction(p, 0.75, "bottom right"),
    "crop keeping half, top left": lambda p: crop_fraction(p, 0.71, "top left"),
    "embedded at 55 % in a page": lambda p: page_with(p, 0.55),
    "caption bar and watermark": caption_and_watermark,
    "stretched sideways": lambda p: p.resize((round(p.width * 1.5), p.height)),
}


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> tuple[image.Index, dict[int, Image.Image]]:
    folder = tmp_path_factory.mktemp("works")
    works = {work_id: artwork(work_id) for work_id in range(1, 6)}
    index = image.Index()
    for work_id, picture in works.items():
        path = folder / f"work{work_id}.jpg"
        picture.save(path, quality=92)
        index.add(work_id, image.fingerprint_file(path))
    return index, works


def match(index: image.Index, picture: Image.Image, path: Path, **save: Any) -> list[image.Hit]:
    picture.save(path, **save)
    return index.search(image.fingerprint_candidate(path), image.DEFAULT_THRESHOLD)


@pytest.mark.parametrize("name", list(TRANSFORMS))
def test_altered_copy_is_found(library, tmp_path: Path, name: str) -> None:
    index, works = library
    hits = match(index, TRANSFORMS[name](works[3]), tmp_path / "copy.jpg", quality=85)
    assert hits, f"{name}: no match"
    assert hits[0].work_id == 3
    assert [h.work_id for h in hits] == [3]


def test_heavy_jpeg_is_found(library, tmp_path: Path) -> None:
    index, works = library
    hits = match(index, works[2], tmp_path / "q30.jpg", quality=30)
    assert [h.work_id for h in hits] == [2]
    assert hits[0].score >= 0.9


def test_evidence_explains_a_crop(library, tmp_path: Path) -> None:
    index, works = library
    (hit,) = match(index, crop_fraction(works[4], 0.75, "top left"), tmp_path / "crop.jpg", quality=90)
    evidence = json.loads(json.dumps(hit.evidence))
    assert evidence["inliers"] >= 20
    x0, y0, x1, y1 = evidence["work_box"]
    assert x0 < 0.05 and y0 < 0.05 and 0.65 < x1 < 0.85 and 0.65 < y1 < 0.85
    assert evidence["candidate_box"] == pytest.approx([0, 0, 1, 1], abs=0.05)
    assert evidence["transform"]["scale"] == pytest.approx(1 / 0.75, rel=0.1)
    assert abs(evidence["transform"]["rotation_degrees"]) < 2


def test_evidence_names_the_mirror_and_rotation(library, tmp_path: Path) -> None:
    index, works = library
    (flipped,) = match(index, ImageOps.mirror(works[1]), tmp_path / "flip.jpg", quality=90)
    assert flipped.evidence["transform"]["flipped"] is True
    rotated = works[1].rotate(-7, Image.Resampling.BILINEAR, expand=True, fillcolor="white")
    (turned,) = match(index, rotated, tmp_path / "turn.jpg", quality=90)
    assert turned.evidence["transform"]["rotation_degrees"] == pytest.approx(7, abs=1.5)


def test_other_pictures_do_not_match(library, tmp_path: Path) -> None:
    index, _ = library
    for seed in range(100, 106):
        assert match(index, artwork(seed), tmp_path / f"other{seed}.jpg", quality=85) == []
        assert match(index, page_with(artwork(seed), 0.6), tmp_path / f"page{seed}.jpg", quality=85) == []


def test_a_shared_logo_alone_does_not_match(tmp_path: Path) -> None:
    index = image.Index()
    with_logo(artwork(7)).save(tmp_path / "work.png")
    index.add(7, image.fingerprint_file(tmp_path / "work.png"))
    assert match(index, with_logo(artwork(8)), tmp_path / "other.jpg", quality=90) == []
    assert [h.work_id for h in match(index, with_logo(artwork(7)), tmp_path / "same.jpg", quality=90)] == [7]


def smooth_with_emblem(start: tuple[int, int, int], end: tuple[int, int, int]) -> Image.Image:
    """A wallpaper-like picture: a smooth diagonal gradient whose only detail is a small emblem in the middle."""
    x, y = np.meshgrid(np.linspace(0, 1, 960), np.linspace(0, 1, 540))
    t = ((x + y) / 2)[..., None]
    pixels = (np.array(start) * (1 - t) + np.array(end) * t).astype(np.uint8)
    picture = Image.fromarray(pixels)
    picture.paste(artwork(42, (90, 60)), (435, 240))
    return picture


def test_a_smooth_picture_is_found_by_its_one_detail_and_the_whole_agreeing(tmp_path: Path) -> None:
    index = image.Index()
    smooth_with_emblem((110, 200, 230), (40, 110, 170)).save(tmp_path / "work.png")
    index.add(5, image.fingerprint_file(tmp_path / "work.png"))
    copy = smooth_with_emblem((110, 200, 230), (40, 110, 170))
    resized = copy.resize((480, 270))
    assert [h.work_id for h in match(index, resized, tmp_path / "small.jpg", quality=60)] == [5]
    mirrored = copy.transpose(Image.Transpose.FLIP_LEFT_RIGHT)  # its hash is too weak alone; the thumbnail agrees
    assert [h.work_id for h in match(index, mirrored, tmp_path / "mirrored.jpg", quality=80)] == [5]
    cropped = copy.crop((96, 54, 960, 540))  # 80 % of each side, from the bottom right
    assert [h.work_id for h in match(index, cropped, tmp_path / "crop.png")] == [5]
    other = smooth_with_emblem((40, 110, 170), (230, 200, 110))  # the same emblem on another gradient
    assert match(index, other, tmp_path / "other.png") == []


def text_page(size: tuple[int, int], ground: tuple[int, int, int]) -> Image.Image:
    """A web page: a plain ground with lines of text all over, for a picture to be laid on."""
    page = Image.new("RGB", size, ground)
    draw = ImageDraw.Draw(page)
    for y in range(0, size[1], 16):
        draw.text((6, y), "Lorem ipsum dolor sit amet, consectetur adipiscing elit " * 4, fill=(120, 120, 120))
    return page


@pytest.mark.parametrize("ground", [(240, 236, 228), (30, 30, 34)])
def test_a_smooth_picture_laid_on_a_page_of_text_is_found_there(tmp_path: Path, ground: tuple[int, ...]) -> None:
    """The page's text takes the local features a smooth picture would be found by; the picture found on the
    page is hashed on its own, and the evidence shows where it lies."""
    index = image.Index()
    work = smooth_with_emblem((110, 200, 230), (40, 110, 170))
    work.save(tmp_path / "work.png")
    index.add(5, image.fingerprint_file(tmp_path / "work.png"))
    page = text_page((1500, 1100), (ground[0], ground[1], ground[2]))
    page.paste(work.resize((720, 405)), (600, 300))
    hits = match(index, page, tmp_path / "page.jpg", quality=85)
    assert [h.work_id for h in hits] == [5]
    assert hits[0].evidence["candidate_box"] == pytest.approx([0.4, 0.273, 0.88, 0.641], abs=0.01)
    mirrored = text_page((1500, 1100), (ground[0], ground[1], ground[2]))
    mirrored.paste(ImageOps.mirror(work).resize((720, 405)), (100, 500))
    assert [h.work_id for h in match(index, mirrored, tmp_path / "mirrored.jpg", quality=85)] == [5]
    other = text_page((1500, 1100), (ground[0], ground[1], ground[2]))  # the same emblem on another gradient
    other.paste(smooth_with_emblem((40, 110, 170), (230, 200, 110)).resize((720, 405)), (600, 300))
    assert match(index, other, tmp_path / "other.jpg", quality=85) == []


def test_fingerprints_of_an_older_format_are_remade_at_start_and_find_the_page(tmp_path: Path) -> None:
    """A library fingerprinted before pages were looked into: at start its works are fingerprinted afresh from
    their files, and the saved index of the old format is not reused."""
    library = Library(open_database(tmp_path / "library.sqlite3"))
    smooth_with_emblem((110, 200, 230), (40, 110, 170)).save(tmp_path / "wallpaper.png")
    assert library.add_paths([tmp_path / "wallpaper.png"]).added
    LibraryIndex.load(library, cache=tmp_path / "cache")  # a saved index, as the app leaves it
    library.db.execute("UPDATE fingerprints SET version = ?, data = ?", [image.VERSION - 1, b"\x02 older format"])
    index = LibraryIndex.load(library, cache=tmp_path / "cache")
    assert [row[1] for row in library.fingerprints("image")] == [image.VERSION]
    page = text_page((1500, 1100), (240, 236, 228))
    page.paste(smooth_with_emblem((110, 200, 230), (40, 110, 170)).resize((720, 405)), (600, 300))
    page.save(tmp_path / "page.jpg", quality=85)
    hits = index.search("image", image.fingerprint_file(tmp_path / "page.jpg"), image.DEFAULT_THRESHOLD)
    assert [h.work_id for h in hits] == [w.id for w in library.works()]


def test_a_picture_of_an_older_version_is_carried_over_without_its_file_unless_its_design_is_in_hue(
        tmp_path: Path) -> None:
    """After an update only pictures whose grey is all but blank are read again (they gain views in hue): a
    photo's fingerprint is kept as it was, so a large library opens at once and a work whose file is no longer
    there (its disk unplugged) is still found."""
    from tests.bench.image_colour import design

    library = Library(open_database(tmp_path / "library.sqlite3"))
    artwork(31).save(tmp_path / "photo.png")
    design(2, (900, 560)).save(tmp_path / "swirl.png")
    assert len(library.add_paths([tmp_path / "photo.png", tmp_path / "swirl.png"]).added) == 2
    photo, swirl = [w.id for w in sorted(library.works(), key=lambda w: w.title)]
    artwork(31).resize((320, 240)).save(tmp_path / "copy.jpg", quality=80)
    grey_only = image_features.own_part(library.db.execute(
        "SELECT data FROM fingerprints WHERE work_id = ?", [swirl]).fetchone()[0])[0].to_bytes()
    library.db.execute("UPDATE fingerprints SET version = ?", [image.SAME_SINCE])  # as the version before left them
    library.db.execute("UPDATE fingerprints SET data = ? WHERE work_id = ?", [grey_only, swirl])
    (tmp_path / "photo.png").unlink()
    index = LibraryIndex.load(library, cache=tmp_path / "cache")
    assert [row[1] for row in library.fingerprints("image")] == [image.VERSION, image.VERSION]
    hits = index.search("image", image.fingerprint_candidate(tmp_path / "copy.jpg"), image.DEFAULT_THRESHOLD)
    assert [h.work_id for h in hits] == [photo]
    remade = library.db.execute("SELECT data FROM fingerprints WHERE work_id = ?", [swirl]).fetchone()[0]
    assert image_features.Fingerprint.from_bytes(remade).views  # read again from its file: views in hue


def test_a_near_hash_alone_does_not_match_a_picture_that_looks_different(tmp_path: Path) -> None:
    """Two different wallpapers laid out alike can be 52 bits apart by PDQ (Debian's joy and moonlight): the
    thumbnails tell them apart, while a copy's thumbnail agrees."""
    artwork(21).save(tmp_path / "work.png")
    work = image_features.Fingerprint.from_bytes(image.fingerprint_file(tmp_path / "work.png"))
    index = image.Index()
    index.add(1, work.to_bytes())
    bits = np.unpackbits(work.pdq.view(np.uint8), axis=1)
    bits[:, :52] ^= 1  # 52 of 256 bits differ in every variant: near, not certain
    near = np.packbits(bits, axis=1).view(np.uint64).reshape(8, 4)
    bare = np.zeros((0, 2), np.float32), np.zeros((0, 32), np.uint8)  # no local features to confirm either way
    looks_same = image_features.Fingerprint(work.width, work.height, work.quality, near, *bare, work.thumb)
    looks_other = image_features.Fingerprint(work.width, work.height, work.quality, near, *bare, work.thumb.T.copy())
    assert [h.work_id for h in index.search(looks_same.to_bytes(), image.DEFAULT_THRESHOLD)] == [1]
    assert index.search(looks_other.to_bytes(), image.DEFAULT_THRESHOLD) == []


def test_transparent_work_matches_its_copy_on_white(tmp_path: Path) -> None:
    figure = artwork(11, (400, 400)).convert("RGBA")
    mask = Image.new("L", figure.size, 0)
    ImageDraw.Draw(mask).ellipse((40, 20, 360, 390), fill=255)
    figure.putalpha(mask)
    figure.save(tmp_path / "figure.png")
    index = image.Index()
    index.add(1, image.fingerprint_file(tmp_path / "figure.png"))
    flat = Image.new("RGBA", figure.size, "white")
    flat.alpha_composite(figure)
    assert [h.work_id for h in match(index, flat.convert("RGB"), tmp_path / "flat.jpg", quality=85)] == [1]


def _white_art(seed: int) -> Image.Image:
    """White shapes on a transparent ground, the drawing held by the transparency alone (a desktop overlay,
    white line art): laid on white, as pages show pictures, nothing of it can be seen."""
    shape = Image.new("L", (480, 320), 0)
    draw = ImageDraw.Draw(shape)
    rng = random.Random(seed)
    for _ in range(40):
        x, y, r = rng.randrange(480), rng.randrange(320), rng.randrange(6, 40)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=rng.randrange(90, 256))
    art = Image.new("RGBA", shape.size, (255, 255, 255, 0))
    art.putalpha(shape.filter(ImageFilter.GaussianBlur(1)))
    return art


def test_white_art_on_transparency_is_found_as_a_dark_page_shows_it(tmp_path: Path) -> None:
    index = image.Index()
    for work_id in (1, 2):
        _white_art(work_id).save(tmp_path / f"art{work_id}.png")
        index.add(work_id, image.fingerprint_file(tmp_path / f"art{work_id}.png"))
    identical = index.search(image.fingerprint_candidate(tmp_path / "art1.png"), image.DEFAULT_THRESHOLD)
    assert [h.work_id for h in identical] == [1] and identical[0].score >= 0.95
    on_black = Image.new("RGBA", (480, 320), "black")
    on_black.alpha_composite(_white_art(1))
    copy = ImageOps.mirror(on_black.convert("RGB")).resize((240, 160), Image.Resampling.LANCZOS)
    assert [h.work_id for h in match(index, copy, tmp_path / "copy.jpg", quality=80)] == [1]
    other = Image.new("RGBA", (480, 320), "black")
    other.alpha_composite(_white_art(3))
    assert match(index, other.convert("RGB"), tmp_path / "other.jpg", quality=80) == []


def test_the_report_shows_white_art_on_black_not_a_blank_square(tmp_path: Path) -> None:
    _white_art(1).save(tmp_path / "art.png")
    shown = Image.open(io.BytesIO(image_preview(tmp_path / "art.png") or b"")).convert("L")
    grey = np.asarray(shown, np.float32)
    assert grey.std() > 20 and np.percentile(grey, 10) < 30  # the shapes, light on a dark ground


def test_white_art_added_by_an_older_version_is_fingerprinted_again(run_cli, home: Path, tmp_path: Path) -> None:
    _white_art(1).save(tmp_path / "art.png")
    artwork(4).save(tmp_path / "photo.png")
    assert run_cli("add", tmp_path / "art.png", tmp_path / "photo.png").returncode == 0
    on_white = Image.new("RGBA", (480, 320), "white")
    on_white.alpha_composite(_white_art(1))
    on_white.convert("RGB").save(tmp_path / "as_before.png")  # what an older version saw of it: nothing
    db = open_database(home / "data" / "creatorwatch.sqlite3")
    blank = image.fingerprint_file(tmp_path / "as_before.png")
    db.execute("UPDATE fingerprints SET data = ? WHERE work_id = 1", [blank])
    photo_print = db.execute("SELECT data FROM fingerprints WHERE work_id = 2").fetchone()[0]
    db.execute("PRAGMA user_version = 13")
    db.conn.close()
    assert json.loads(run_cli("match", "--json", tmp_path / "art.png").stdout)["matches"][0]["score"] >= 0.95
    db = open_database(home / "data" / "creatorwatch.sqlite3")
    assert db.execute("SELECT data FROM fingerprints WHERE work_id = 2").fetchone()[0] == photo_print


@pytest.mark.parametrize(
    ("suffix", "convert", "options"),
    [
        (".gif", lambda p: p.convert("P", palette=Image.Palette.ADAPTIVE), {}),
        (".tif", lambda p: p, {}),
        (".bmp", lambda p: p, {}),
        (".webp", lambda p: p, {"quality": 80}),
        (".png", lambda p: p.convert("RGBA"), {}),
        (".jpg", lambda p: p.convert("CMYK"), {"quality": 90}),
        (".png", lambda p: Image.fromarray(np.asarray(p.convert("L"), np.uint16) * 257), {}),
    ],
    ids=["gif", "tiff", "bmp", "webp", "png-alpha", "cmyk-jpeg", "png-16-bit"],
)
def test_every_common_format_is_read(library, tmp_path: Path, suffix: str, convert, options) -> None:
    index, works = library
    hits = match(index, convert(works[5]), tmp_path / f"copy{suffix}", **options)
    assert [h.work_id for h in hits] == [5]


def test_a_phone_photo_in_heic_and_a_picture_served_as_avif_are_read(library, tmp_path: Path) -> None:
    from pillow_heif import from_pillow

    index, works = library
    from_pillow(works[2].convert("RGB")).save(str(tmp_path / "photo.heic"), quality=80)
    found = index.search(image.fingerprint_candidate(tmp_path / "photo.heic"), image.DEFAULT_THRESHOLD)
    assert [h.work_id for h in found] == [2] and found[0].score >= 0.95
    assert [h.work_id for h in match(index, works[4].resize((320, 240)), tmp_path / "copy.avif", quality=60)] == [4]


def test_sixteen_bit_png_keeps_its_tones(tmp_path: Path) -> None:
    ramp = np.tile(np.linspace(0, 65535, 256), (64, 1)).astype(np.uint16)
    Image.fromarray(ramp).save(tmp_path / "deep.png")
    with Image.open(tmp_path / "deep.png") as opened:
        assert opened.mode.startswith("I")
    decoded = load_grey(tmp_path / "deep.png", 512)
    assert decoded.shape == (64, 256)
    assert decoded[:, :8].mean() < 10 and decoded[:, -8:].mean() > 245 and 110 < decoded.mean() < 145


def test_transparent_pixels_are_laid_on_white(tmp_path: Path) -> None:
    rgba = np.zeros((40, 60, 4), np.uint8)
    rgba[:, :30] = (200, 0, 0, 255)  # opaque red on the left, fully transparent black on the right
    Image.fromarray(rgba).save(tmp_path / "half.png")
    decoded = load_grey(tmp_path / "half.png", 512)
    assert abs(int(decoded[:, :28].mean()) - round(0.299 * 200)) <= 1 and decoded[:, 32:].min() == 255


def _png_header_only(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    )


def test_bad_files_are_refused_in_plain_words(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    with pytest.raises(UnreadableMedia, match="empty"):
        image.fingerprint_file(empty)

    artwork(3).save(tmp_path / "whole.jpg", quality=90)
    cut = tmp_path / "cut.jpg"
    cut.write_bytes((tmp_path / "whole.jpg").read_bytes()[:4000])
    with pytest.raises(UnreadableMedia, match="truncated"):
        image.fingerprint_file(cut)

    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(_png_header_only(20_000, 20_000))
    with pytest.raises(UnreadableMedia, match="too large"):
        image.fingerprint_file(bomb)

    text = tmp_path / "notes.jpg"
    text.write_text("not a picture at all")
    with pytest.raises(UnreadableMedia, match="not a picture"):
        image.fingerprint_file(text)

    with pytest.raises(UnreadableMedia, match="cannot be opened"):
        image.fingerprint_file(tmp_path / "missing.jpg")


def test_index_add_remove_and_blob_format(library, tmp_path: Path) -> None:
    _, works = library
    works[1].save(tmp_path / "a.jpg", quality=90)
    blob = image.fingerprint_file(tmp_path / "a.jpg")
    assert blob[0] == image_features.FORMAT and len(blob) < 32_000  # 400 keypoints, plain and mirrored
    index = image.Index()
    index.add(10, blob)
    index.add(11, blob)
    assert len(index) == 2
    index.remove(10)
    assert len(index) == 1
    assert [h.work_id for h in index.search(blob, image.DEFAULT_THRESHOLD)] == [11]
    index.remove(11)
    assert index.search(blob, image.DEFAULT_THRESHOLD) == []


@pytest.fixture()
def blobs(library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[int, bytes]:
    """The library's works as blobs; the index merges its recent works into the main segment after 2."""
    monkeypatch.setattr(image_index, "RECENT_MAX", 2)
    _, works = library
    for work_id, picture in works.items():
        picture.save(tmp_path / f"w{work_id}.jpg", quality=92)
    return {work_id: image.fingerprint_file(tmp_path / f"w{work_id}.jpg") for work_id in works}


def sizes(blobs: dict[int, bytes]) -> list[tuple[int, int]]:
    return [(work_id, len(blob)) for work_id, blob in blobs.items()]


def test_cached_index_reopens_without_rebuilding(blobs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    image.Index(cache_dir=tmp_path / "cache").add_many(blobs.items())
    rebuilt: list[int] = []
    build = image_vote.DescriptorTable.build

    def counted(descriptors: np.ndarray, ends: np.ndarray) -> image_vote.DescriptorTable:
        rebuilt.append(len(descriptors))
        return build(descriptors, ends)

    monkeypatch.setattr(image_vote.DescriptorTable, "build", counted)
    index = image.Index(cache_dir=tmp_path / "cache")
    assert index.restore(sizes(blobs))
    assert len(index) == len(blobs) and not any(rebuilt)
    for work_id, blob in blobs.items():
        assert [h.work_id for h in index.search(blob, image.DEFAULT_THRESHOLD)] == [work_id]


def test_cached_index_is_stale_after_add_or_remove(blobs, tmp_path: Path) -> None:
    first = dict(list(blobs.items())[:4])
    index = image.Index(cache_dir=tmp_path / "cache")
    index.add_many(first.items())
    index.add(5, blobs[5])  # the cache is brought up to date at once, without a search
    assert image.Index(cache_dir=tmp_path / "cache").restore(sizes(first)) is False
    index.remove(2)
    assert image.Index(cache_dir=tmp_path / "cache").restore(sizes(blobs)) is False
    reopened = image.Index(cache_dir=tmp_path / "cache")
    remaining = {w: b for w, b in blobs.items() if w != 2}
    assert reopened.restore(sizes(remaining))
    assert len(reopened) == 4
    assert [h.work_id for h in reopened.search(blobs[5], image.DEFAULT_THRESHOLD)] == [5]
    assert all(h.work_id != 2 for h in reopened.search(blobs[2], 0.0))


def test_removed_work_is_gone_from_results(blobs, tmp_path: Path) -> None:
    index = image.Index(cache_dir=tmp_path / "cache")
    index.add_many(blobs.items())
    index.remove(3)
    assert all(h.work_id != 3 for h in index.search(blobs[3], 0.0))
    index.add(3, blobs[3])
    assert [h.work_id for h in index.search(blobs[3], image.DEFAULT_THRESHOLD)] == [3]
    index.remove(3)
    reopened = image.Index(cache_dir=tmp_path / "cache")
    assert reopened.restore(sizes({w: b for w, b in blobs.items() if w != 3})) and len(reopened) == 4
    assert all(h.work_id != 3 for h in reopened.search(blobs[3], 0.0))


def test_segments_are_sealed_merged_and_reopened(blobs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(image_index, "RECENT_MAX", 1)
    monkeypatch.setattr(image_index, "MAX_SEGMENTS", 2)
    index = image.Index(cache_dir=tmp_path / "cache")
    for work_id, blob in blobs.items():  # one at a time, as the library adds them: sealed, then merged
        index.add(work_id, blob)
        assert [h.work_id for h in index.search(blob, image.DEFAULT_THRESHOLD)] == [work_id]
    index.remove(1)
    index.add(2, blobs[2])
    reopened = image.Index(cache_dir=tmp_path / "cache")
    remaining = {w: b for w, b in blobs.items() if w != 1}
    assert reopened.restore(sizes(remaining))
    assert len(reopened) == len(remaining) == len(index)
    for work_id, blob in blobs.items():
        expected = [] if work_id == 1 else [work_id]
        assert [h.work_id for h in reopened.search(blob, image.DEFAULT_THRESHOLD)] == expected
    assert len(list((tmp_path / "cache").glob("segment-*"))) <= 3


def test_a_rebuilt_cache_keeps_only_what_it_needs(blobs, tmp_path: Path) -> None:
    image.Index(cache_dir=tmp_path / "cache").add(1, blobs[1])
    rebuilt = image.Index(cache_dir=tmp_path / "cache")  # as at start when the saved copy is stale
    rebuilt.add_many(list(blobs.items())[1:])
    assert list((tmp_path / "cache" / "blobs").glob("*")) == []  # all sealed into one segment
    assert len(list((tmp_path / "cache").glob("segment-*"))) == 1


def test_a_mirrored_crop_is_found_in_sealed_merged_and_reopened_segments(
    library, blobs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The works' mirrored descriptors are kept in every kind of segment (recent, sealed, merged, reopened from
    the cache), so a mirrored crop, which only they find (a candidate brings none), is found in each."""
    _, works = library
    copy = crop_fraction(ImageOps.mirror(works[4]), 0.75, "top left")
    copy.save(tmp_path / "copy.jpg", quality=80)
    blob = image.fingerprint_candidate(tmp_path / "copy.jpg")
    assert len(image_features.Fingerprint.from_bytes(blob).mirrored) == 0
    monkeypatch.setattr(image_index, "RECENT_MAX", 1)
    monkeypatch.setattr(image_index, "MAX_SEGMENTS", 2)
    index = image.Index(cache_dir=tmp_path / "cache")
    for work_id, work_blob in blobs.items():
        index.add(work_id, work_blob)
        hits = index.search(blob, image.DEFAULT_THRESHOLD)
        assert [h.work_id for h in hits] == ([4] if work_id >= 4 else [])
    reopened = image.Index(cache_dir=tmp_path / "cache")
    assert reopened.restore(sizes(blobs))
    [hit] = reopened.search(blob, image.DEFAULT_THRESHOLD)
    assert hit.work_id == 4 and hit.evidence["transform"]["mirror"] == "left-right"
    assert hit.evidence["work_box"][0] > 0.2 and hit.evidence["work_box"][2] == pytest.approx(1.0, abs=0.03)
