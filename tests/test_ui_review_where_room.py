"""Review's Where column showed "altered-s…n watched" on every row of a 1366 px window while "Your work or name"
kept a wide empty stretch: the two now share the room by what they hold, so at 1366 px a find in a watched folder
is named whole, and in a narrower window both are cut in proportion rather than Where alone."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from creatorwatch.core.store.db import open_database
from creatorwatch.paths import Paths
from creatorwatch.ui.main_window import MainWindow
from tests.ui_fixtures import open_window, paths  # noqa: F401

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")
WORK, WHERE = 2, 3


def _folder_finds(paths: Paths) -> None:  # noqa: F811
    """Finds in a watched folder, of works with short and longer titles."""
    db = open_database(paths.database)
    now = datetime.now(UTC).isoformat()
    with db.conn:
        for i, title in enumerate(("chime", "The long road home (chapter 3)")):
            db.execute("INSERT INTO works (title, kind, format, path, size, mtime, sha256, added_at, facts) VALUES"
                       " (?, 'image', 'PNG', ?, 10, 0, ?, ?, '{}')", [title, f"/nowhere/{i}.png", f"{i:064x}", now])
        for i in range(4):
            db.execute("INSERT INTO candidates (url, source, title, first_seen) VALUES (?, 'watched', 'x', ?)",
                       [f"file:///home/ada/altered-samples/altered-sample-{i:04d}.png", now])
            db.execute("INSERT INTO matches (type, candidate_id, work_id, kind, score, evidence, found_at) VALUES"
                       " ('match', ?, ?, 'image', 0.7, '{}', ?)", [i + 1, 1 + i % 2, now])
    db.conn.close()


def _widths(win: MainWindow, width: int, height: int) -> tuple[dict[int, int], dict[int, int]]:
    """(the widths the Where and work columns have, the widths their words need) with the window this size."""
    win.resize(width, height)
    QApplication.processEvents()
    table = win.matches.table
    header = table.horizontalHeader()
    return ({c: header.sectionSize(c) for c in (WORK, WHERE)},
            {c: table.sizeHintForColumn(c) for c in (WORK, WHERE)})


def test_where_and_the_work_share_the_room_by_what_they_hold(qtbot: QtBot, paths: Paths) -> None:  # noqa: F811
    _folder_finds(paths)
    win = open_window(qtbot, paths, "review")
    has, needs = _widths(win, 1366, 768)
    assert has[WHERE] >= needs[WHERE]  # "altered-sample-0000.png in altered-samples", whole
    assert has[WORK] >= needs[WORK]  # and the titles too
    has, needs = _widths(win, 1100, 700)
    assert has[WHERE] > win.matches.where_column.least  # more than it had: a share of the room
    assert has[WORK] < needs[WORK] and has[WHERE] < needs[WHERE]  # both give a little, in proportion


def test_a_where_width_dragged_by_hand_stays(qtbot: QtBot, paths: Paths) -> None:  # noqa: F811
    _folder_finds(paths)
    win = open_window(qtbot, paths, "review")
    _widths(win, 1366, 768)
    header = win.matches.table.horizontalHeader()
    edge = header.sectionViewportPosition(WHERE) + header.sectionSize(WHERE) - 1
    middle = header.height() // 2
    qtbot.mousePress(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(edge, middle))
    qtbot.mouseMove(header.viewport(), QPoint(edge - 60, middle))
    qtbot.mouseRelease(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(edge - 60, middle))
    dragged = header.sectionSize(WHERE)
    assert dragged < win.matches.table.sizeHintForColumn(WHERE)  # narrower than its words, as the creator chose
    has, _needs = _widths(win, 1300, 768)
    assert has[WHERE] == dragged
