"""A long watch term is read whole in the narrow panel beside the Library: it was cut ("Mirela Vantongeren — nothing
ye") behind a sideways scroll bar."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from creatorwatch.core.records.terms import Terms
from creatorwatch.core.store.db import open_database
from creatorwatch.paths import Paths
from tests.ui_fixtures import open_window, paths, seed  # noqa: F401

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")

LONG = "Mirela Vantongeren-Oosterhuis, who also signs as Mira V. Tongeren"


def test_a_long_term_wraps_with_no_sideways_scroll_bar(qtbot: QtBot, paths: Paths) -> None:  # noqa: F811
    seed(paths, works=1, finds=0)
    db = open_database(paths.database)
    try:
        Terms(db).add([LONG])
    finally:
        db.conn.close()
    win = open_window(qtbot, paths)
    terms = win.terms.terms
    qtbot.waitUntil(lambda: terms.count() == 1, timeout=10_000)
    item = terms.item(0)
    assert item.toolTip() == f"{LONG} — nothing yet"
    assert not terms.horizontalScrollBar().isVisible()
    shown = terms.visualItemRect(item)
    assert shown.right() <= terms.viewport().width()  # all of it inside the list, on several lines
    assert shown.height() > 2 * terms.fontMetrics().height()
