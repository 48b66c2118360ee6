"""Allow site on a find in a watched folder (a file:// address, which has no site) offers that file's folder as a
URL pattern, which marks the finds there licensed: the box was empty, and the creator had to guess what to type."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QInputDialog, QWidget
from pytestqt.qtbot import QtBot

from creatorwatch.core.store.db import open_database
from creatorwatch.paths import Paths
from tests.ui_fixtures import open_window, paths, seed, statuses  # noqa: F401

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")


def test_allow_site_on_a_folder_find_offers_the_folder_and_licenses_it(
        qtbot: QtBot, paths: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    seed(paths, works=1, finds=0)
    folder = tmp_path / "dataset dump"
    db = open_database(paths.database)
    with db.conn:
        db.execute("INSERT INTO candidates (url, source, title, first_seen) VALUES (?, 'dump', 'copy.png', ?)",
                   [(folder / "copy.png").as_uri(), datetime.now(UTC).isoformat()])
        db.execute("INSERT INTO matches (type, candidate_id, work_id, kind, score, evidence, found_at) VALUES"
                   " ('match', 1, 1, 'text', 0.9, '{}', ?)", [datetime.now(UTC).isoformat()])
    db.conn.close()
    offered: list[str] = []

    def answer(_parent: QWidget, _title: str, _label: str, _echo: object, text: str) -> tuple[str, bool]:
        offered.append(text)
        return text, True  # the creator presses OK on what is offered

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(answer))
    win = open_window(qtbot, paths, page="review")
    review = win.matches
    qtbot.waitUntil(lambda: review.model.rowCount() == 1, timeout=10_000)
    review.table.selectRow(0)
    review.allow_action.trigger()
    assert offered == [folder.as_uri() + "/*"]
    qtbot.waitUntil(lambda: statuses(paths) == {1: "licensed"}, timeout=10_000)
