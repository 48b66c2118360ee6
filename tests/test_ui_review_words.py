"""Review says what it shows: an empty list explains itself, Compare with nothing chosen says what to do, and the
Where column names a file found in a folder by its own name."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from creatorwatch.core.store.db import open_database
from creatorwatch.paths import Paths
from creatorwatch.ui.main_window import MainWindow
from creatorwatch.ui.matches_model import where
from tests.ui_fixtures import paths, seed  # noqa: F401

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")


def _window(qtbot: QtBot, paths: Paths) -> MainWindow:  # noqa: F811
    win = MainWindow(paths)
    qtbot.addWidget(win)
    win.show()
    win.show_page("review")
    qtbot.waitUntil(lambda: win.matches.loaded, timeout=10_000)
    return win


def test_an_empty_review_explains_itself_and_compare_says_what_to_do(qtbot: QtBot, paths: Paths) -> None:  # noqa: F811
    win = _window(qtbot, paths)
    review = win.matches
    assert review.empty.isVisible() and "Nothing found yet" in review.empty.text()
    review.compare_action.trigger()
    assert "Choose a find in the list first" in win.statusBar().currentMessage()


def test_a_filtered_out_list_says_so_and_a_folder_find_shows_its_file_name(qtbot: QtBot,
                                                                          paths: Paths) -> None:  # noqa: F811
    seed(paths, works=2, finds=3)
    db = open_database(paths.database)
    with db.conn:
        db.execute("UPDATE candidates SET url = 'file:///home/ada/Downloads/dataset-dump/img-0002.png' WHERE id = 1")
    db.conn.close()
    win = _window(qtbot, paths)
    review = win.matches
    assert not review.empty.isVisible()
    model = review.model
    shown = {model.data(model.index(r, 3)) for r in range(model.rowCount())}
    assert "img-0002.png in dataset-dump" in shown
    review.search.setText("no such words anywhere")
    assert review.empty.isVisible() and "None of your 3 finds" in review.empty.text()
    assert where("https://www.art.example/x/1.png") == "art.example"


def test_a_long_status_message_is_shown_whole(qtbot: QtBot, paths: Paths) -> None:  # noqa: F811
    win = _window(qtbot, paths)
    win.resize(700, 500)
    long = ("Matched 10000 items seen before against 100 works: 3 new finds. Review them on the Review page, where "
            "each one can be compared with your work side by side.")
    win.statusBar().showMessage(long, 60_000)  # shown long enough for a loaded machine to lay it out
    label = win.statusBar().label  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: label.height() > label.fontMetrics().height() * 1.5, timeout=20_000)  # wrapped, not cut
    assert win.statusBar().currentMessage() == long
    win.statusBar().clearMessage()
    assert win.statusBar().currentMessage() == ""
