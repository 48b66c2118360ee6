"""Compare for a find that is a file in a watched folder offers "Open file" and "Show in folder" (it offered "Open
page" for a file on the creator's own disk); a find on the web keeps "Open page"."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QThreadPool, QUrl
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from creatorwatch.core.library.works import Library
from creatorwatch.core.records.findings import Findings
from creatorwatch.core.records.source_store import SourceStore
from creatorwatch.core.sources.base import SourceConfig
from creatorwatch.core.store.db import open_database
from creatorwatch.core.watch.monitor import Monitor
from creatorwatch.ui import compare_view
from creatorwatch.ui.compare_view import CompareDialog
from tests.media import make_picture
from tests.ui_fixtures import make_paths

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")


def test_a_file_found_in_a_watched_folder_is_opened_as_a_file(qtbot: QtBot, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    paths = make_paths(tmp_path / "home")
    db = open_database(paths.database)
    work = make_picture(tmp_path / "harbour.png", seed=7)
    Library(db).add_paths([work])
    watched = tmp_path / "found online"
    watched.mkdir()
    shutil.copy(work, watched / "copy.png")
    SourceStore(db).add(SourceConfig("found online", "folder", settings={"path": str(watched)}))
    Monitor(db, cache=paths.cache).check()
    finding = Findings(db).all()[0]
    db.conn.close()
    opened: list[QUrl] = []
    monkeypatch.setattr(compare_view, "open_elsewhere", lambda url, *args: opened.append(url))

    dialog = CompareDialog(paths, finding, "harbour")
    qtbot.addWidget(dialog)
    dialog.show()
    labels = [b.text() for b in dialog.findChildren(QPushButton)]
    assert "Open page" not in labels and "Open file" in labels and "Show in folder" in labels
    for name in ("open-found", "show-found-in-folder"):
        button = dialog.findChild(QPushButton, name)
        assert button is not None
        button.click()
    assert [url.toLocalFile() for url in opened] == [str(watched / "copy.png"), str(watched)]
    dialog.close()
    assert QThreadPool.globalInstance().waitForDone(30_000)
