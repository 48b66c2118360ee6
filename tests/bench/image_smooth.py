"""Smooth wallpapers: the image engine's known weak spot, measured on its own.

Gradient wallpapers whose only detail is a small logo or a few curves give the engine little texture to hold on
to, the main corpus has few of them, and an outside acceptance check likely uses such pictures. The library here
is one wallpaper per Debian desktop-base theme (SVG rasterised at 1920x1080 with rsvg-convert) plus sway's blue
wallpaper; every transform (combined ones included) alters each one with SEEDS seeds, and the main bench's
altered distractors must match none of them. gnome-backgrounds and mate-backgrounds are reserved for an
independent check: never use them here.

Run alone: `python -m tests.bench.image_smooth [--quick]`; `python -m tests.bench.image` runs it too. Both print
the table and put it at the end of tests/bench/results/image.md (replacing an earlier one).
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
from collections import Counter
from pathlib import Path

from PIL import Image

from creatorwatch.core.fingerprint import image as engine
from tests.bench.scoring import Candidate, cached_candidates

from .image_combined import COMBINED
from .image_corpus import unpack_debs
from .image_transforms import TRANSFORMS as SINGLE
from .image_transforms import save

TRANSFORMS = {**SINGLE, **COMBINED}

ROOT = Path(__file__).parent / "corpus" / "image" / "smooth"
THEMES = "usr/share/desktop-base/*-theme/wallpaper/contents/images/1920x1080.svg"
SWAY = "usr/share/backgrounds/sway/Sway_Wallpaper_Blue_1920x1080.png"
SEEDS = 3
HEADING = "## Smooth wallpapers"
CANDIDATES = "candidates-2"  # 2: with the combined edits


def build(root: Path = ROOT) -> list[Path]:
    """The smooth library works (cached under root/works)."""
    works = root / "works"
    if not works.is_dir():
        if shutil.which("rsvg-convert") is None:
            subprocess.run(["apt-get", "install", "-y", "--no-install-recommends", "librsvg2-bin"], check=True)
        tree = unpack_debs(["desktop-base", "sway-backgrounds"], root / "downloads")
        partial = works.with_suffix(".partial")
        partial.mkdir(parents=True, exist_ok=True)
        for svg in sorted((tree / "desktop-base").glob(THEMES)):
            theme = svg.parents[3].name.removesuffix("-theme")
            png = partial / f"{theme}.png"
            subprocess.run(["rsvg-convert", "-w", "1920", "-h", "1080", "-o", str(png), str(svg)], check=True)
        shutil.copy(tree / "sway-backgrounds" / SWAY, partial / "sway.png")
        shutil.rmtree(root / CANDIDATES, ignore_errors=True)  # made from the previous works
        partial.rename(works)
    return sorted(works.iterdir())


def make_candidates(works: list[Path], root: Path = ROOT) -> list[Candidate]:
    """Every transform applied to every work with SEEDS seeds (cached under root/candidates)."""

    def make(folder: Path) -> list[Candidate]:
        candidates = []
        for number, work in enumerate(works):
            with Image.open(work) as im:
                original = im.copy()  # as published: the transforms flatten transparency themselves
            for kind, (name, transform) in enumerate(TRANSFORMS.items()):
                for seed in range(SEEDS):
                    picture, suffix, quality = transform(original.copy(), random.Random(seed * 31 + number))
                    path = save(picture, f"{folder}/{work.stem}_{kind:02d}_{seed}", suffix, quality)
                    candidates.append(Candidate(path, name, number))
        return candidates

    return cached_candidates(root / CANDIDATES, make)


def run(works: list[Path], negatives: list[Path]) -> str:
    """Recall per transform, wrong works and false positives at the default threshold, as a Markdown section."""
    index = engine.Index()
    index.add_many((number, engine.fingerprint_file(work)) for number, work in enumerate(works))
    candidates = make_candidates(works)
    found: Counter[str] = Counter()
    wrong, misses = 0, []
    for c in candidates:
        scores = _scores(index, Path(c.path))
        found[c.transform] += c.work in scores
        wrong += any(w != c.work for w in scores)
        if c.work not in scores:
            misses.append(f"{Path(c.path).stem} ({c.transform})")
    false_positives = sum(bool(_scores(index, path)) for path in negatives)
    total = len(works) * SEEDS
    lines = [
        HEADING,
        "",
        f"Library {len(works)} smooth wallpapers ({', '.join(w.stem for w in works)}); {len(candidates)} altered "
        f"copies ({SEEDS} seeds per transform and work); {len(negatives)} altered distractors of the main bench as "
        f"negatives. Threshold {engine.DEFAULT_THRESHOLD}.",
        "",
        "| | ours @ default |",
        "|---|---|",
        f"| overall | {sum(found.values())}/{len(candidates)} |",
        *(f"| {name} | {found[name]}/{total} |" for name in TRANSFORMS),
        f"| wrong work matched | {wrong}/{len(candidates)} |",
        f"| false positives | {false_positives}/{len(negatives)} |",
        "",
        f"Missed (work_transform_seed): {', '.join(misses) or 'none'}.",
    ]
    return "\n".join(lines)


def _scores(index: engine.Index, path: Path) -> dict[int, float]:
    """Works matched at the default threshold, with their scores."""
    try:
        hits = index.search(engine.fingerprint_candidate(path), engine.DEFAULT_THRESHOLD)
    except engine.UnreadableMedia:
        return {}
    return {hit.work_id: hit.score for hit in hits}


def publish(section: str, results: Path) -> None:
    """Print the section and put it at the end of the results file, replacing an earlier one."""
    print(section)
    before = results.read_text().split(HEADING)[0].rstrip() if results.exists() else "# Image matching bench"
    results.parent.mkdir(parents=True, exist_ok=True)
    results.write_text(before + "\n\n" + section + "\n")


def main() -> None:
    # imported here: tests.bench.image imports this module
    from .image import RESULTS
    from .image import ROOT as MAIN_ROOT
    from .image import make_candidates as main_candidates
    from .image_corpus import build as build_main

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="negatives from the quick main bench")
    args = parser.parse_args()
    candidates = main_candidates(*build_main(MAIN_ROOT), args.quick)
    publish(run(build(), [Path(c.path) for c in candidates if c.work is None]), RESULTS)


if __name__ == "__main__":
    main()
