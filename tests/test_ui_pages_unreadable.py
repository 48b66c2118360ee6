"""A data file the window cannot read just now (damaged, on a full disk) is said on every page, in place of what
the page lists: no page says it is empty or shows made-up settings, Settings cannot save them over the creator's,
and no warning box per page stacks over the window. The file restored, Try again on one page shows every page's
data."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from creatorwatch.core.records.terms import Terms
from creatorwatch.core.store.db import open_database
from creatorwatch.paths import Paths
from creatorwatch.ui import tasks
from creatorwatch.ui.could_not_read import ReadOrReason
from tests.conftest import ExpectLog
from tests.ui_fixtures import open_window, paths, seed  # noqa: F401


def test_every_page_says_the_data_file_could_not_be_read_then_shows_it_again(qtbot: QtBot, paths: Paths,  # noqa: F811
                                                                            expect_log: ExpectLog) -> None:
    # reads with no page of their own to say it in (voices, probing, the website's sites) go to the log
    expect_log("creatorwatch.ui.tasks", "background work failed", level=logging.ERROR, required=False)
    seed(paths, works=3, finds=4)
    db = open_database(paths.database)
    Terms(db).add(["Ada Lin"])
    db.conn.close()
    kept = paths.database.read_bytes()
    for leftover in paths.database.parent.glob(paths.database.name + "-*"):
        leftover.unlink()
    paths.database.write_bytes(b"this is not a CreatorWatch data file " * 200)
    window = open_window(qtbot, paths, page="overview")
    pages: dict[str, ReadOrReason] = {"overview": window.dashboard.page, "review": window.matches.page,
                                      "sources": window.sources.page, "settings": window.settings_page.page}
    qtbot.waitUntil(lambda: all(page.unreadable() for page in pages.values())
                    and window.library.pages.currentWidget() is window.library.unread, timeout=30_000)
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=30_000)
    for name, page in pages.items():
        window.show_page(name)
        assert page.isVisible() and page.unread.isVisible(), name
        said = page.unread.label.text()
        assert "could not be read just now" in said and "damaged" in said, name
    assert not window.settings_page.save_button.isEnabled()  # the defaults it holds are not the creator's
    assert not window.matches.decision_actions["confirmed"].isEnabled()
    assert not window.matches.export_action.isEnabled()
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]

    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=30_000)  # Settings reads again each time it is shown
    paths.database.write_bytes(kept)  # the backup restored
    window.show_page("review")
    window.matches.page.unread.button.click()  # on one page: every page reads the file again
    qtbot.waitUntil(lambda: not any(page.unreadable() for page in pages.values())
                    and window.library.pages.currentWidget() is window.library.table, timeout=30_000)
    qtbot.waitUntil(lambda: window.matches.loaded and window.sources.table.rowCount() == 1, timeout=30_000)
    assert window.dashboard.works.value.text() == "3"
    assert window.matches.model.rowCount() > 0
    window.matches.table.selectRow(0)
    assert window.matches.decision_actions["confirmed"].isEnabled()
    assert window.settings_page.save_button.isEnabled()
    assert window.library.model.rowCount() == 3
    qtbot.waitUntil(lambda: window.terms.terms.count() == 1)  # the watch terms beside the Library too
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=30_000)
