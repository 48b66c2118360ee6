"""“Protect copies…” in the Library window: the chosen works are copied with the reservation in the background,
and a box says what each copy carries; the action waits for a selection."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from creatorwatch.core.optout.image_xmp import read_xmp
from creatorwatch.core.optout.xmp import AIML_PROHIBITED, parse_packet, xmp_values
from creatorwatch.ui.library_view import LibraryView
from creatorwatch.ui.main_window import MainWindow
from tests.media import make_picture
from tests.ui_fixtures import paths, window  # noqa: F401

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")


@pytest.fixture
def library(window: MainWindow) -> LibraryView:  # noqa: F811
    return window.library


def test_protect_copies_writes_checked_copies_and_says_what_they_carry(
        qtbot: QtBot, library: LibraryView, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    picture = make_picture(tmp_path / "lighthouse.png")
    library.add_paths([picture])
    qtbot.waitUntil(lambda: library.model.rowCount() == 1, timeout=30_000)
    assert not library.protect.action.isEnabled()  # nothing chosen yet
    library.table.selectionModel().select(library.model.index(0, 0), QItemSelectionModel.SelectionFlag.Select
                                          | QItemSelectionModel.SelectionFlag.Rows)
    assert library.protect.action.isEnabled()
    out = tmp_path / "to-share"
    out.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args, **kwargs: str(out))
    library.protect.action.trigger()

    def shown() -> QMessageBox | None:
        boxes = [w for w in QApplication.topLevelWidgets() if w.objectName() == "protected-copies" and w.isVisible()]
        return boxes[0] if boxes else None  # type: ignore[return-value]

    qtbot.waitUntil(lambda: shown() is not None, timeout=60_000)
    box = shown()
    assert box is not None and "1 protected copy written." in box.text()
    assert "XMP plus:DataMining" in box.detailedText() and str(out / "lighthouse.png") in box.detailedText()
    # each thing the copy carries said in plain words first, its technical name after (it read "XMP plus:DataMining
    # (IPTC/PLUS)", "XMP dc:rights and usage terms")
    carried = [line.strip() for line in box.detailedText().splitlines()
               if line.startswith("    ") and not line.strip().startswith("note:")]
    assert carried and not [line for line in carried if line.startswith(("XMP", "ID3", "PDF", "Vorbis", "C2PA"))]
    assert "marked “not for AI training” (XMP plus:DataMining" in box.detailedText()
    packet = read_xmp((out / "lighthouse.png").read_bytes())
    assert packet is not None and xmp_values(parse_packet(packet), "plus", "DataMining") == [AIML_PROHIBITED]
    assert library.window().statusBar().currentMessage() == "1 protected copy written."  # type: ignore[attr-defined]
    box.close()
