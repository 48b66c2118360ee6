"""A library's warning never reaches the creator's terminal: `creatorwatch check` printed Pillow's
".../PIL/TiffImagePlugin.py:982: UserWarning: Corrupt EXIF data…" for a picture in a watched folder. It goes to the
log instead. A process of its own: the tests' own setting turns every warning into an error."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.media import make_picture

BROKEN_EXIF = b"Exif\x00\x00II*\x00\x08\x00\x00\x00\x00\x00"  # one directory with no entries, cut before its end


def test_a_picture_with_corrupt_exif_is_checked_without_a_word_of_python_on_the_terminal(tmp_path: Path) -> None:
    from PIL import Image

    watched = tmp_path / "watched"
    watched.mkdir()
    with Image.open(make_picture(tmp_path / "icon.png", seed=3)) as picture:
        picture.save(watched / "icon.png", exif=BROKEN_EXIF)
    home = tmp_path / "home"

    def creatorwatch(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "creatorwatch", "--home", str(home), *args],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    assert creatorwatch("sources", "add", "folder", "--name", "icons", "--set", f"path={watched}").returncode == 0
    checked = creatorwatch("check")
    assert checked.returncode == 0, checked.stderr
    assert "Warning" not in checked.stderr and "Corrupt EXIF" not in checked.stderr + checked.stdout
    assert checked.stdout.startswith("Checked 1 of 1 source: 1 new item")
    logged = (home / "logs" / "creatorwatch.log").read_text(encoding="utf-8")
    assert "py.warnings" in logged and "Corrupt EXIF data" in logged
