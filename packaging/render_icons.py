"""Draw the app icon's PNG sizes (16–512) from its SVG, with the same Qt renderer the app uses.

Usage: python packaging/render_icons.py OUT_DIR  ->  OUT_DIR/<n>x<n>/apps/org.creatorwatch.CreatorWatch.png
(the freedesktop hicolor layout; PyInstaller also turns the 512 one into the .ico / .icns it needs).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QGuiApplication

from creatorwatch import APP_ID
from creatorwatch.ui.icons import app_icon

SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def render_icons(out: Path) -> list[Path]:
    icon = app_icon()
    written = []
    for size in SIZES:
        path = out / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        pixmap = icon.pixmap(size, size)
        if pixmap.width() != size or not pixmap.save(str(path)):
            raise SystemExit(f"could not draw the {size}×{size} icon into {path}")
        written.append(path)
    return written


if __name__ == "__main__":
    app = QGuiApplication(sys.argv[:1])
    print(f"drew {len(render_icons(Path(sys.argv[1])))} icon sizes into {sys.argv[1]}")
