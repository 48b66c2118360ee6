"""Smooth wallpapers: the image engine's known weak spot, measured on its own.

Gradient wallpapers whose only detail is a small logo or a few curves give the engine little texture to hold on
to, the main corpus has few of them, and an outside acceptance check likely uses such pictures. The library here
is one wallpaper per Debian desktop-base theme (SVG rasterised at 1920x1080 with rsvg-convert) plus sway's blue
wallpaper; every transform (combined ones included) alters each one with SEEDS seeds, and the main bench's
altered distractors must match none of them. gnome-backgrounds and mate-backgrounds are reserved for an
independent check: never use them here.

The same wallpapers are also run with film grain laid over them (GRAIN): noise at pixel scale gives ORB its
keypoints on the grain, which a copy at half size in JPEG wipes out, so only the layout can find their crops.

Colour-carried designs (image_colour.py: hue gradients and bands at near-constant brightness, some under noise)
are a library of their own too, altered the same ways; independently seeded designs, altered, are negatives for
every library besides the main bench's distractors.

Run alone: `python -m tests.bench.image_smooth [--quick]`; `python -m tests.bench.image` runs it too. Both print
the table and put it at the end of tests/bench/results/image.md (replacing an earlier one).
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PIL import Image

from creatorwatch.core.fingerprint import image as engine
from tests.bench.scoring import Candidate, cached_candidates

from . import image_colour
from .image_combined import COMBINED, EXACT
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
GRAIN = 10.0  # grey levels: the standard deviation of the film grain laid over the grainy library ...
GRAIN_SIDE = 640  # ... drawn at this longer side and enlarged: grain the engine's own 512-pixel view still sees
GRAIN_CANDIDATES = "candidates-grain-2"
COLOUR_ROOT = ROOT.parent / "colour-carried-2"
DISTRACTOR_EDITS = ("centre crop 80%+½", "mirror+scale ⅓-½", "crop+caption", "JPEG q90")  # on distractor designs


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


def grainy(works: list[Path], root: Path = ROOT) -> list[Path]:
    """The works with film grain laid over them (cached under root/works-grain-2): the same noise on each
    colour, as a film or a digital painter's grain brush gives, in grains about as large as a pixel of a
    picture of GRAIN_SIDE (finer grain vanishes when the engine shrinks a large wallpaper)."""
    folder = root / "works-grain-2"
    if not folder.is_dir():
        partial = folder.with_suffix(".partial")
        partial.mkdir(parents=True, exist_ok=True)
        for number, work in enumerate(works):
            with Image.open(work) as im:
                pixels = np.asarray(im.convert("RGB"), np.float32)
            height, width = pixels.shape[:2]
            drawn = np.random.default_rng(number).normal(0.0, GRAIN, (GRAIN_SIDE * height // width, GRAIN_SIDE))
            grain = np.asarray(Image.fromarray(drawn.astype(np.float32)).resize((width, height)))[..., None]
            Image.fromarray(np.clip(pixels + grain, 0, 255).astype(np.uint8)).save(partial / work.name)
        shutil.rmtree(root / GRAIN_CANDIDATES, ignore_errors=True)
        partial.rename(folder)
    return sorted(folder.iterdir())


def make_candidates(works: list[Path], root: Path = ROOT, name: str = CANDIDATES) -> list[Candidate]:
    """Every transform applied to every work with SEEDS seeds (cached under root/name)."""

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

    return cached_candidates(root / name, make)


class _Library:
    """One library's counts at the default threshold: copies found per transform, wrong works, false positives."""

    def __init__(self, works: list[Path], candidates: list[Candidate], negatives: list[Path]) -> None:
        index = engine.Index()
        index.add_many((number, engine.fingerprint_file(work)) for number, work in enumerate(works))
        self.found: Counter[str] = Counter()
        self.wrong, self.misses, self.copies = 0, [], len(candidates)
        for c in candidates:
            scores = _scores(index, Path(c.path))
            self.found[c.transform] += c.work in scores
            self.wrong += any(w != c.work for w in scores)
            if c.work not in scores:
                self.misses.append(f"{Path(c.path).stem} ({c.transform})")
        self.false_positives = sum(bool(_scores(index, path)) for path in negatives)


def colour_distractors(designs: list[Path], root: Path = COLOUR_ROOT) -> list[Path]:
    """Each distractor design under a few of the edits (cached under root/distractor-candidates)."""
    edits = {**TRANSFORMS, **EXACT}

    def make(folder: Path) -> list[Candidate]:
        candidates = []
        for number, design in enumerate(designs):
            with Image.open(design) as im:
                original = im.copy()
            for kind, name in enumerate(DISTRACTOR_EDITS):
                picture, suffix, quality = edits[name](original.copy(), random.Random(number * 7 + kind))
                path = save(picture, f"{folder}/{design.stem}_{kind:02d}", suffix, quality)
                candidates.append(Candidate(path, name, None))
        return candidates

    return [Path(c.path) for c in cached_candidates(root / "distractor-candidates", make)]


def run(works: list[Path], negatives: list[Path]) -> str:
    """Recall per transform, wrong works and false positives at the default threshold, for the wallpapers as
    they are and under film grain, and for the colour-carried designs, as a Markdown section."""
    grain = grainy(works)
    designs, distractor_designs = image_colour.build(COLOUR_ROOT)
    negatives = negatives + colour_distractors(distractor_designs)
    libraries = [
        _Library(works, make_candidates(works), negatives),
        _Library(grain, make_candidates(grain, name=GRAIN_CANDIDATES), negatives),
        _Library(designs, make_candidates(designs, COLOUR_ROOT), negatives),
    ]
    plain, grained, coloured = libraries

    def row(name: str, count: Callable[[_Library], int], out_of: Callable[[_Library], int]) -> str:
        return f"| {name} | " + " | ".join(f"{count(lib)}/{out_of(lib)}" for lib in libraries) + " |"

    def found(name: str) -> Callable[[_Library], int]:
        return lambda lib: lib.found[name]

    def copies(lib: _Library) -> int:
        return lib.copies

    def per_transform(lib: _Library) -> int:
        return lib.copies // len(TRANSFORMS)

    lines = [
        HEADING,
        "",
        f"Library {len(works)} smooth wallpapers ({', '.join(w.stem for w in works)}), and the same under film "
        f"grain (σ {GRAIN:g} grey levels) as a library of their own; {len(designs)} colour-carried designs "
        f"(tests/bench/image_colour.py, seeds 0-{len(designs) - 1}) as a third; {SEEDS} seeds per transform and "
        f"work; {len(negatives)} negatives: the main bench's altered distractors and {len(distractor_designs)} "
        f"independently seeded designs under {len(DISTRACTOR_EDITS)} edits each. Threshold "
        f"{engine.DEFAULT_THRESHOLD}.",
        "",
        "| | ours @ default | under film grain | colour-carried |",
        "|---|---|---|---|",
        row("overall", lambda lib: sum(lib.found.values()), copies),
        *(row(name, found(name), per_transform) for name in TRANSFORMS),
        row("wrong work matched", lambda lib: lib.wrong, copies),
        row("false positives", lambda lib: lib.false_positives, lambda lib: len(negatives)),
        "",
        f"Missed (work_transform_seed): {', '.join(plain.misses) or 'none'}.",
        f"Missed under grain: {', '.join(grained.misses) or 'none'}.",
        f"Missed colour-carried: {', '.join(coloured.misses) or 'none'}.",
    ]
    return "\n".join(lines)


def _scores(index: engine.Index, path: Path) -> dict[int, float]:
    """Works matched at the default threshold, with their scores."""
    try:
        hits = index.search(engine.fingerprint_candidate(path), engine.DEFAULT_THRESHOLD)
    except engine.UnreadableMedia:
        return {}
    return {hit.work_id: hit.score for hit in hits}


def publish(section: str, results: Path, heading: str = HEADING) -> None:
    """Print the section and put it at the end of the results file, replacing an earlier one (and all after it)."""
    print(section)
    before = results.read_text().split(heading)[0].rstrip() if results.exists() else "# Image matching bench"
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
