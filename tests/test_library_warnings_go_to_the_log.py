"""A library's warning never reaches the creator's terminal: `creatorwatch check` printed Pillow's
".../PIL/TiffImagePlugin.py:982: UserWarning: Corrupt EXIF data…" for a picture in a watched folder. It goes to the
log instead. A process of its own: the tests' own setting turns every warning into an error."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

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


@pytest.mark.expect_log("some_http_library", "answered slowly")
def test_a_library_speaking_at_info_keeps_its_addresses_out_of_the_log(tmp_path: Path) -> None:
    """The log takes another library's records only from WARNING, whatever level the library set on itself: an
    HTTP client's or a server's INFO line names the address it asked, and an address can hold a token."""
    import logging

    from creatorwatch.core.store.logs import setup_logging

    chatty = logging.getLogger("some_http_library")
    chatty.setLevel(logging.INFO)
    path = setup_logging(tmp_path / "logs")
    try:
        chatty.info("GET https://api.example/search?key=AIzaPLANTED-0123")
        chatty.warning("the server answered slowly")
        logging.getLogger("creatorwatch.monitor").info("checked 3 sources")
    finally:
        for handler in list(logging.getLogger().handlers):
            if getattr(handler, "_creatorwatch", False):
                logging.getLogger().removeHandler(handler)
                handler.close()
        chatty.setLevel(logging.NOTSET)
    logged = path.read_text()
    assert "AIzaPLANTED" not in logged
    assert "the server answered slowly" in logged and "checked 3 sources" in logged
