"""Watch terms beside the Library: add one, see what each found (and open it in Review), remove one."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from creatorwatch.core.records.terms import Terms
from creatorwatch.core.store.db import open_database
from creatorwatch.paths import Paths
from creatorwatch.ui.compare_view import CompareDialog
from tests.ui_fixtures import open_window, paths, seed  # noqa: F401

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")


def _terms(paths: Paths) -> list[str]:  # noqa: F811
    db = open_database(paths.database)
    try:
        return Terms(db).all()
    finally:
        db.conn.close()


def test_terms_are_added_shown_with_their_finds_and_removed(qtbot: QtBot, paths: Paths) -> None:  # noqa: F811
    seed(paths, works=2, finds=3)  # the last find is a mention of "Ada Lin"
    win = open_window(qtbot, paths)
    panel = win.terms
    assert panel.isVisible()

    qtbot.keyClicks(panel.entry, "Ada Lin")
    panel.add_button.click()
    qtbot.waitUntil(lambda: panel.terms.count() == 1, timeout=10_000)
    assert _terms(paths) == ["Ada Lin"]
    assert panel.terms.item(0).text() == "Ada Lin — 1 find"
    panel.terms.setCurrentRow(0)
    assert panel.found.count() == 1 and "item/2" in panel.found.item(0).toolTip()
    assert "named on 1 page" in panel.found_label.text()

    panel.found.itemActivated.emit(panel.found.item(0))
    assert win.current_page() == "review"
    qtbot.waitUntil(lambda: win.matches.selected_ids() == [3], timeout=10_000)

    win.show_page("library")
    panel.remove_button.click()
    qtbot.waitUntil(lambda: panel.terms.count() == 0, timeout=10_000)
    assert _terms(paths) == []
    for dialog in win.matches.findChildren(CompareDialog):  # the compare windows left open
        dialog.close()
