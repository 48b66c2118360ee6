"""The window shows pictures as the matcher compared them: light art on black, dark art on white, and phones' HEIC
photos and AVIF pictures, which Qt cannot read itself."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage

from creatorwatch.ui.picture_read import read_picture


def _art_on_transparency(path: Path, ink: tuple[int, int, int]) -> Path:
    art = Image.new("RGBA", (300, 200), (*ink, 0))
    draw = ImageDraw.Draw(art)
    for x in range(20, 280, 40):
        draw.ellipse((x, 60, x + 30, 140), fill=(*ink, 255))
    art.save(path)
    return path


def _grey(image: QImage) -> np.ndarray:
    rgb = image.convertToFormat(QImage.Format.Format_Grayscale8)
    rows = np.frombuffer(rgb.constBits(), np.uint8).reshape(rgb.height(), rgb.bytesPerLine())
    return rows[:, : rgb.width()].astype(np.int32)


def test_white_art_is_shown_on_black_and_dark_art_on_white(qtbot, tmp_path: Path) -> None:
    white = read_picture(_art_on_transparency(tmp_path / "white.png", (255, 255, 255)), QSize(150, 100))
    black = read_picture(_art_on_transparency(tmp_path / "black.png", (0, 0, 0)), QSize(150, 100))
    assert white is not None and black is not None
    assert not white.hasAlphaChannel() and not black.hasAlphaChannel()
    shown_white, shown_black = _grey(white), _grey(black)
    assert shown_white.min() < 20 and shown_white.max() > 235  # the white shapes, visible on a black ground
    assert shown_black.min() < 20 and shown_black.max() > 235  # the black shapes on white, as before
    assert shown_white[0, 0] < 20 and shown_black[0, 0] > 235


def test_heic_and_avif_pictures_are_shown(qtbot, tmp_path: Path) -> None:
    from pillow_heif import register_heif_opener

    register_heif_opener()
    photo = Image.radial_gradient("L").resize((320, 240)).convert("RGB")
    for name in ("photo.heic", "photo.avif"):
        photo.save(tmp_path / name, quality=90)
        shown = read_picture(tmp_path / name, QSize(160, 160))
        assert shown is not None and (shown.width(), shown.height()) == (160, 120), name
        grey = _grey(shown)
        assert grey[60, 80] < 40 and grey[5, 5] > 150, name  # the gradient's dark middle and light corners
