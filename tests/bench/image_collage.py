"""Collage bench: two pictures set side by side or one above the other in one image (a before-and-after, a
comparison post), as the image bench's two families hold them. Copies: two of the library's works, scaled to one
height (width), the second often cut to 40-80 % of its width, 0-12 white pixels apart, JPEG q75-85. Negatives:
the same made of two distractor pictures, which must match nothing.

Each collage is searched as the whole picture only (index.search, as before image_rest) and as `match` and the
sources search it (search_file: what lies beside a work found, or a collage split at its seam when nothing is).

Run by hand: `python -m tests.bench.image_collage` (the image bench runs it too, after the smooth wallpapers).
"""

from __future__ import annotations

import random
import time
from collections import Counter
from pathlib import Path

from PIL import Image

from creatorwatch.core.fingerprint import image as engine

from .image import FAMILIES, RESULTS
from .image_smooth import publish

HEADING = "## Collages of two pictures"
PER_FAMILY = 60


def make(pictures: list[Path], count: int, folder: Path, seed: int) -> list[tuple[Path, tuple[int, int]]]:
    """`count` collages of two of `pictures` each, and which two (their numbers in `pictures`)."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    made = []
    for number in range(count):
        first, second = rng.sample(range(len(pictures)), 2)
        stacked = rng.random() < 0.3
        height = rng.choice([360, 480, 600])
        gap = rng.choice([0, 0, 4, 12])
        parts = []
        for which, index in enumerate((first, second)):
            with Image.open(pictures[index]) as im:
                picture = im.convert("RGB")
            if stacked:
                picture = picture.transpose(Image.Transpose.TRANSPOSE)
            picture = picture.resize((max(1, round(picture.width * height / picture.height)), height))
            if which and rng.random() < 0.5:
                picture = picture.crop((0, 0, max(40, round(picture.width * rng.uniform(0.4, 0.8))), height))
            parts.append(picture)
        sheet = Image.new("RGB", (parts[0].width + gap + parts[1].width, height), "white")
        sheet.paste(parts[0], (0, 0))
        sheet.paste(parts[1], (parts[0].width + gap, 0))
        if stacked:
            sheet = sheet.transpose(Image.Transpose.TRANSPOSE)
        path = folder / f"collage-{number:03d}.jpg"
        sheet.save(path, quality=rng.randint(75, 85))
        made.append((path, (first, second)))
    return made


def run() -> str:
    lines = [HEADING, "", " ".join((__doc__ or "").split("\n\n")[0].split()), "",
             "| family | collages | both found, whole picture only | both, now | one, now | none, now | wrong work "
             "matched, now | negatives matching anything: whole only, now | ms per collage: whole only, now |",
             "|---|---|---|---|---|---|---|---|---|"]  # fmt: skip
    for family, (builder, root) in FAMILIES.items():
        works, distractors = builder(root)
        index = engine.Index()
        index.add_many(enumerate(engine.fingerprint_file(p) for p in works))
        copies = make(works, PER_FAMILY, root / "collages" / "copies", 40)
        negatives = make(distractors, PER_FAMILY, root / "collages" / "negatives", 41)
        counts: Counter[str] = Counter()
        times = {"whole": 0.0, "now": 0.0}
        for path, pair in copies + negatives:
            start = time.perf_counter()
            whole = {h.work_id for h in index.search(engine.fingerprint_candidate(path), engine.DEFAULT_THRESHOLD)}
            times["whole"] += time.perf_counter() - start
            start = time.perf_counter()
            now = {h.work_id for h in engine.search_file(index, path, engine.DEFAULT_THRESHOLD)}
            times["now"] += time.perf_counter() - start
            if (path, pair) in negatives:
                counts["negative whole"] += bool(whole)
                counts["negative now"] += bool(now)
                continue
            counts["both whole"] += set(pair) <= whole
            counts[{2: "both", 1: "one", 0: "none"}[len(set(pair) & now)]] += 1
            counts["wrong"] += bool(now - set(pair))
        total = len(copies) + len(negatives)
        lines.append(f"| {family} | {len(copies)} | {counts['both whole']} | {counts['both']} | {counts['one']} | "
                     f"{counts['none']} | {counts['wrong']} | {counts['negative whole']} / {counts['negative now']} of "
                     f"{len(negatives)} | {1000 * times['whole'] / total:.1f} / {1000 * times['now'] / total:.1f} |")
    return "\n".join(lines)


def main() -> None:
    publish(run(), RESULTS, HEADING)


if __name__ == "__main__":
    main()
