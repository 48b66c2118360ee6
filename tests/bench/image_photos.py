"""The image bench's second corpus family: landscape photographs (Endless Sky's planet views, real photographs
of Earth under CC licences, 720 x 360), unlike the main family's wallpapers, paintings and game art. Split (fixed
seed) into library works and distractors; thresholds fitted on one family are reported on the other.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

from .image_corpus import unpack_debs

ROOT = Path(__file__).parent / "corpus" / "image-photos"
LAND = "usr/share/games/endless-sky/images/land"
SEED = 12


def build(root: Path = ROOT) -> tuple[list[Path], list[Path]]:
    """Library works and distractors (cached under root/works and root/distractors)."""
    root = root.resolve()
    library, distractors = root / "works", root / "distractors"
    if not (library.is_dir() and distractors.is_dir()):
        tree = unpack_debs(["endless-sky-data"], root / "downloads")
        photos = sorted((tree / "endless-sky-data" / LAND).glob("*.jpg"))
        random.Random(SEED).shuffle(photos)
        half = len(photos) // 2
        for folder, part in ((library, photos[:half]), (distractors, photos[half:])):
            partial = folder.with_suffix(".partial")
            partial.mkdir(parents=True, exist_ok=True)
            for photo in part:
                shutil.copy(photo, partial / photo.name)
            partial.rename(folder)
    return sorted(library.iterdir()), sorted(distractors.iterdir())
