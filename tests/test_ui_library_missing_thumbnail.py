"""A picture whose file has gone missing kept its thumbnail in the Library only while the session that had seen it
lasted: after a restart its row was blank. The grey copy its fingerprint keeps is shown instead, in the picture's
proportions, so the creator still sees which picture it was."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtGui import QImage, QPixmap
from pytestqt.qtbot import QtBot

from creatorwatch.core.library.works import Library
from creatorwatch.core.store.db import open_database
from creatorwatch.ui.library_model import THUMB_ROW
from tests.media import make_picture, make_recording
from tests.ui_fixtures import make_paths, shown_library


def _grey(image: QImage) -> np.ndarray:
    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    rows = np.frombuffer(grey.constBits(), np.uint8).reshape(grey.height(), grey.bytesPerLine())
    return rows[:, : grey.width()].astype(np.float32)


def test_a_missing_picture_still_shows_what_it_looked_like_after_a_restart(qtbot: QtBot, tmp_path: Path) -> None:
    paths = make_paths(tmp_path / "home")
    picture = make_picture(tmp_path / "harbour.png", seed=7, size=(640, 480))
    with Image.open(picture) as im:
        seen = np.asarray(im.convert("L").resize((40, 30), Image.Resampling.BOX), np.float32)
    sound = make_recording(tmp_path / "theme.wav", seed=3, seconds=3)
    db = open_database(paths.database)
    Library(db).add_paths([picture, sound])
    picture.unlink()
    sound.unlink()
    assert {work.status for work in Library(db).refresh_statuses()} == {"missing"}
    db.conn.close()

    library = shown_library(qtbot, paths, 2)  # a new session: nothing of the file was seen in it
    row = next(r for r in range(2) if library.model.work_at(r).title == "harbour")
    assert library.model.index(row, 5).data() == "Missing"
    qtbot.waitUntil(lambda: isinstance(library.model.index(row, 0).data(Qt.ItemDataRole.DecorationRole), QPixmap),
                    timeout=10_000)
    shown = library.model.index(row, 0).data(Qt.ItemDataRole.DecorationRole).toImage()
    assert (shown.width(), shown.height()) == (THUMB_ROW.width(), THUMB_ROW.width() * 3 // 4)  # landscape, as it was
    assert np.corrcoef(_grey(shown).ravel(), seen.ravel())[0, 1] > 0.9  # the same picture, in grey
    assert QThreadPool.globalInstance().waitForDone(10_000)
