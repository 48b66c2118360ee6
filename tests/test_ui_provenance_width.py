"""Compare's Content Credentials panel wrapped its words into a column a few words wide — a table's second column
in a panel held to 340 pixels, however wide the window — so "Valid: the file is unchanged since it was signed (the
signer is not on a trust list)" took three or four lines. Each entry now runs the panel's whole width, and the
panel takes a share of the window's."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from creatorwatch.core.library.works import Library
from creatorwatch.core.records.findings import Findings
from creatorwatch.core.records.source_store import SourceStore
from creatorwatch.core.sources.base import SourceConfig
from creatorwatch.core.store.db import open_database
from creatorwatch.core.watch.monitor import Monitor
from creatorwatch.ui.compare_view import PREFERRED, CompareDialog
from tests.media import make_picture
from tests.test_provenance_flow import remix_naming
from tests.ui_fixtures import make_paths

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")

VERDICT = "unchanged since it was signed"
UNLIMITED = 16_777_215  # QWIDGETSIZE_MAX


def _line_width(label: QLabel, words: str) -> float:
    """How wide the longest line of the paragraph holding `words` is, laid out as the label lays it out."""
    document = QTextDocument()
    document.setDefaultFont(label.font())
    document.setHtml(label.text())
    document.setTextWidth(label.contentsRect().width())
    document.size()  # laid out
    block = document.begin()
    while block.isValid() and words not in block.text():
        block = block.next()
    assert block.isValid(), f"{words!r} is not shown"
    layout = block.layout()
    return max(layout.lineAt(i).naturalTextWidth() for i in range(layout.lineCount()))


def _opened(qtbot: QtBot, tmp_path: Path) -> CompareDialog:
    paths = make_paths(tmp_path / "home")
    db = open_database(paths.database)
    work = make_picture(tmp_path / "my-painting.png", seed=11, size=(640, 480))
    Library(db).add_paths([work])
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    remix_naming(work, make_picture(tmp_path / "unlike.jpg", seed=12, fmt="JPEG"), downloads / "remix.jpg")
    SourceStore(db).add(SourceConfig("downloads", "folder", settings={"path": str(downloads)}))
    Monitor(db, cache=paths.cache).check()
    finding = Findings(db).all()[0]
    db.conn.close()
    dialog = CompareDialog(paths, finding, "my-painting")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.provenance.isVisible, timeout=30_000)
    return dialog


def _verdict(dialog: CompareDialog) -> QLabel:
    [label] = [w for w in dialog.provenance.findChildren(QLabel) if VERDICT in w.text()]
    return label


def test_the_credentials_read_in_lines_of_a_sensible_length_at_compares_usual_size(qtbot: QtBot,
                                                                                  tmp_path: Path) -> None:
    dialog = _opened(qtbot, tmp_path)
    dialog.setMaximumSize(UNLIMITED, UNLIMITED)  # the test screen is narrower than a laptop's
    dialog.resize(PREFERRED)
    qtbot.waitUntil(lambda: dialog.width() == PREFERRED.width())
    label = _verdict(dialog)
    letters = label.fontMetrics().averageCharWidth()
    assert _line_width(label, VERDICT) >= 36 * letters  # a line of 40-odd letters, not a column of 25
    assert dialog.provenance.width() <= PREFERRED.width() / 2  # the pictures keep most of the room

    dialog.resize(1340, PREFERRED.height())  # a wider window gives the credentials more room too
    qtbot.waitUntil(lambda: dialog.width() == 1340)
    assert _line_width(_verdict(dialog), VERDICT) >= 48 * letters
    dialog.close()
    assert QThreadPool.globalInstance().waitForDone(30_000)
