"""Gallery bench: a work shown as one of many pictures on a page (an AI gallery, a board, a screenshot of a
model's samples), in both image families, against pHash on the same pages.

Each work is shown on two pages of its family's distractors: once whole (shrunk to fit its tile) and once cut to
fill its tile, as most galleries show thumbnails, in grids of 2 × 2, 3 × 2, 4 × 3 or 5 × 4 on a light or dark page
under a title bar, saved as JPEG 70-85; and once more with no page at all, its pictures cut to fill square tiles
set edge to edge (a model's samples saved as one image: 2 × 2, 3 × 2, 3 × 3, 4 × 4, or a row of 2 or 4). Pages and
grids of distractors alone measure false positives. A third section shows each work reposted under (or over) a
meme's caption: a bar of 1, 2 or 3 lines of bold capitals, black on white or white on black, JPEG 70-85, with
distractors under the same captions. No line is fitted here: ours is read at its default alert
line; pHash at the line that lets 1 % of this family's distractor pages through (the most favourable to it).
Run by hand: `python -m tests.bench.image_gallery [--quick]`; saves
tests/bench/results/image-gallery.md.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from creatorwatch.core.fingerprint import image as engine

from . import image_photos
from .image import ROOT, _peer, _phash_bits
from .image_corpus import build
from .image_transforms import _flat
from .scoring import Candidate, cached_candidates, threshold_at_fp

RESULTS = Path(__file__).parent / "results" / "image-gallery.md"
FAMILIES = {"art": (build, ROOT), "photos": (image_photos.build, image_photos.ROOT)}
GRIDS = ((2, 2, 480), (3, 2, 360), (4, 3, 260), (5, 4, 210))  # columns, rows, tile width
EDGE_GRIDS = ((2, 2, 512), (3, 2, 360), (3, 3, 300), (4, 4, 240), (2, 1, 512), (4, 1, 384))  # ... set edge to
# edge, square tiles (a row: a before-and-after, a batch of samples)
GUTTER, HEADER = 16, 60
CAPTION_WORDS = ("when", "the", "AI", "makes", "art", "lol", "this", "is", "fine", "nobody", "asked", "me", "about",
                 "my", "own", "work", "again", "today")
DISTRACTOR_PAGES = 60


def page(pictures: list[Path], columns: int, tile_width: int, fill: bool, dark: bool) -> Image.Image:
    """A gallery page of `pictures` in `columns`, each tile shrunk to fit whole or, with `fill`, cut to fill it."""
    width, height = tile_width, round(tile_width * (0.625 if fill else 0.75))
    rows = -(-len(pictures) // columns)
    sheet = Image.new("RGB", (columns * (width + GUTTER) + GUTTER, HEADER + rows * (height + GUTTER)),
                      (28, 28, 32) if dark else (250, 250, 250))  # fmt: skip
    draw = ImageDraw.Draw(sheet)
    draw.rectangle((0, 0, sheet.width, 44), fill=(60, 60, 80))
    draw.text((16, 16), "Trending in AI art", fill="white")
    for number, path in enumerate(pictures):
        with Image.open(path) as im:
            picture = _flat(im)
        factor = (max if fill else min)(width / picture.width, height / picture.height)
        shown = picture.resize((max(1, round(picture.width * factor)), max(1, round(picture.height * factor))),
                               Image.Resampling.LANCZOS)  # fmt: skip
        if fill:
            left, top = (shown.width - width) // 2, (shown.height - height) // 2
            shown = shown.crop((left, top, left + width, top + height))
        x = GUTTER + (number % columns) * (width + GUTTER) + (width - shown.width) // 2
        y = HEADER + (number // columns) * (height + GUTTER) + (height - shown.height) // 2
        sheet.paste(shown, (x, y))
    return sheet


def edge_to_edge(pictures: list[Path], columns: int, side: int) -> Image.Image:
    """A grid of `pictures` cut to fill square tiles of `side`, with no page or gutter between them."""
    rows = -(-len(pictures) // columns)
    sheet = Image.new("RGB", (columns * side, rows * side))
    for number, path in enumerate(pictures):
        with Image.open(path) as im:
            picture = _flat(im)
        factor = side / min(picture.width, picture.height)
        shown = picture.resize((max(side, round(picture.width * factor)), max(side, round(picture.height * factor))),
                               Image.Resampling.LANCZOS)  # fmt: skip
        left, top = (shown.width - side) // 2, (shown.height - side) // 2
        at = (number % columns) * side, (number // columns) * side
        sheet.paste(shown.crop((left, top, left + side, top + side)), at)
    return sheet


def layout(columns: int, rows: int, fill: bool) -> str:
    return f"{columns} × {rows}, {'cut to fill' if fill else 'whole'}"


def edge_layout(columns: int, rows: int) -> str:
    return f"{columns} × {rows}, edge to edge"


def make_edge_candidates(works: list[Path], distractors: list[Path], quick: bool, root: Path) -> list[Candidate]:
    def grid(number: int, work: int | None, rng: random.Random) -> tuple[Image.Image, str]:
        columns, rows, side = EDGE_GRIDS[number % len(EDGE_GRIDS)]
        pictures = rng.sample(distractors, columns * rows)
        if work is not None:
            pictures[rng.randrange(len(pictures))] = works[work]
        return edge_to_edge(pictures, columns, side), edge_layout(columns, rows)

    return cached_candidates(root / f"gallery-edge-2{'-quick' if quick else ''}",  # 2: with rows
                             lambda folder: _each_once(folder, works, quick, 41, grid))


def _each_once(folder: Path, works: list[Path], quick: bool, seed: int,
               make: Callable[[int, int | None, random.Random], tuple[Image.Image, str]]) -> list[Candidate]:
    """Each work shown once (every fourth when quick), then DISTRACTOR_PAGES (a third) of distractors alone: `make`
    gives candidate `number`'s picture, holding `work` (None: none), and its layout."""
    rng = random.Random(seed)
    shown = works[:: 4 if quick else 1]
    candidates = []
    for number in range(len(shown) + DISTRACTOR_PAGES // (3 if quick else 1)):
        work = works.index(shown[number]) if number < len(shown) else None
        picture, layout = make(number, work, rng)
        path = folder / f"{'w' if work is not None else 'd'}{number:04d}.jpg"
        picture.save(path, quality=rng.randint(70, 85))
        candidates.append(Candidate(str(path), layout, work))
    return candidates


def under_caption(picture: Path, lines: int, rng: random.Random) -> Image.Image:
    """`picture` (at most 800 pixels a side) with a bar of `lines` lines of bold capitals above or below it."""
    with Image.open(picture) as im:
        shown = _flat(im)
    shown.thumbnail((800, 800))
    width, height = shown.size
    size = max(14, round(rng.uniform(0.05, 0.08) * height))
    font = ImageFont.load_default(size=size)
    bar, top, dark = round((lines * 1.35 + 0.6) * size), rng.random() < 0.5, rng.random() < 0.5
    page = Image.new("RGB", (width, height + bar), (0, 0, 0) if dark else (255, 255, 255))
    page.paste(shown, (0, bar if top else 0))
    draw, ink = ImageDraw.Draw(page), (255, 255, 255) if dark else (0, 0, 0)
    for line in range(lines):
        words = " ".join(rng.choice(CAPTION_WORDS) for _ in range(rng.randint(3, 6))).upper()
        draw.text((width // 2, (0 if top else height) + round((0.3 + 1.35 * line) * size)), words, font=font,
                  fill=ink, anchor="ma", stroke_width=max(1, size // 12), stroke_fill=ink)
    return page


def caption_layout(lines: int) -> str:
    return f"under a caption of {lines} line{'s' if lines > 1 else ''}"


def make_caption_candidates(works: list[Path], distractors: list[Path], quick: bool, root: Path) -> list[Candidate]:
    def captioned(number: int, work: int | None, rng: random.Random) -> tuple[Image.Image, str]:
        lines = 1 + number % 3
        picture = works[work] if work is not None else rng.choice(distractors)
        return under_caption(picture, lines, rng), caption_layout(lines)

    return cached_candidates(root / f"gallery-caption{'-quick' if quick else ''}",
                             lambda folder: _each_once(folder, works, quick, 42, captioned))


def make_candidates(works: list[Path], distractors: list[Path], quick: bool, root: Path) -> list[Candidate]:
    def make(folder: Path) -> list[Candidate]:
        rng = random.Random(40)
        candidates = []
        shown = works[:: 4 if quick else 1]
        for number in range(len(shown) * 2 + DISTRACTOR_PAGES // (3 if quick else 1)):
            columns, rows, tile = GRIDS[number // 2 % len(GRIDS)]
            fill = number % 2 == 1  # each work once whole, once cut to fill
            pictures = rng.sample(distractors, columns * rows)
            work = works.index(shown[number // 2]) if number < len(shown) * 2 else None
            if work is not None:
                pictures[rng.randrange(len(pictures))] = works[work]
            path = folder / f"{'w' if work is not None else 'd'}{number:04d}.jpg"
            page(pictures, columns, tile, fill, rng.random() < 0.5).save(path, quality=rng.randint(70, 85))
            candidates.append(Candidate(str(path), layout(columns, rows, fill), work))
        return candidates

    return cached_candidates(root / f"gallery-2{'-quick' if quick else ''}", make)  # 2: with 5 × 4 grids


def run_family(name: str, works: list[Path], distractors: list[Path], quick: bool, root: Path) -> list[str]:
    index = engine.Index()
    index.add_many(enumerate(engine.fingerprint_file(p) for p in works))
    library = np.array([_phash_bits(p) for p in works])
    lines = [f"### {name}: {len(works)} works, pages of {len(distractors)} distractors", ""]
    on_pages = [layout(columns, rows, fill) for columns, rows, _ in GRIDS for fill in (False, True)]
    edge = [edge_layout(columns, rows) for columns, rows, _ in EDGE_GRIDS]
    for candidates, rows, what in (
        (make_candidates(works, distractors, quick, root), on_pages, "pages"),
        (make_edge_candidates(works, distractors, quick, root), edge, "edge-to-edge grids"),
        (make_caption_candidates(works, distractors, quick, root), [caption_layout(n) for n in (1, 2, 3)],
         "captioned distractors"),
    ):
        lines += _table(index, library, candidates, rows, what)
    return lines


def _table(
    index: engine.Index, library: np.ndarray, candidates: list[Candidate], rows: list[str], what: str
) -> list[str]:
    for candidate in candidates:
        hits = engine.search_file(index, Path(candidate.path), engine.DEFAULT_THRESHOLD)
        candidate.ours = {hit.work_id: hit.score for hit in hits}
        _peer(library, candidate)
    peer_line = threshold_at_fp(candidates, "peer")
    lines = [f"| layout | ours @ default {engine.DEFAULT_THRESHOLD} | pHash @ 1 % FP here ({peer_line:.3f}) |",
             "|---|---|---|"]  # fmt: skip
    copies = [c for c in candidates if c.work is not None]
    for row in [*rows, "all"]:
        shown = [c for c in copies if row in ("all", c.transform)]
        ours = sum(_found(c, c.ours, engine.DEFAULT_THRESHOLD) for c in shown)
        peer = sum(_found(c, c.peer, peer_line) for c in shown)
        lines.append(f"| {row} | {ours}/{len(shown)} | {peer}/{len(shown)} |")
    others = [c for c in candidates if c.work is None]
    lines += [
        f"| wrong work matched | {sum(any(w != c.work for w in c.ours) for c in copies)}/{len(copies)} | |",
        f"| false positives ({what} of distractors) | {sum(bool(c.ours) for c in others)}/{len(others)} | "
        f"{sum(max(c.peer.values()) >= peer_line for c in others)}/{len(others)} |",
        "",
    ]
    return lines


def _found(candidate: Candidate, scores: dict[int, float], line: float) -> bool:
    return candidate.work is not None and scores.get(candidate.work, 0.0) >= line


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a quarter of the works, a third of the distractor pages")
    args = parser.parse_args()
    lines = ["# Image gallery bench", ""]
    for name, (builder, root) in FAMILIES.items():
        works, distractors = builder(root)
        lines += run_family(name, works, distractors, args.quick, root)
    text = "\n".join(lines)
    print(text)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(text)


if __name__ == "__main__":
    main()
