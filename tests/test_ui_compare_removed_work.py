"""Compare for a find whose work was taken out of the library: it said "One of the recordings could not be opened",
blaming a file, where there is no work of the creator's left to compare with."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QLabel, QTextBrowser
from pytestqt.qtbot import QtBot

from creatorwatch.core.library.works import Library
from creatorwatch.core.records.findings import Findings
from creatorwatch.core.store.db import open_database
from creatorwatch.paths import Paths
from creatorwatch.ui.compare_view import CompareDialog
from tests.ui_fixtures import paths, seed  # noqa: F401


@pytest.mark.parametrize(("kind", "said"), [
    ("audio", "Your recording was taken out of your library, so there is nothing of yours to compare it with."),
    ("text", "Your text was taken out of your library, so there is nothing of yours to compare it with."),
])
def test_compare_says_the_work_was_removed_not_that_a_file_failed(qtbot: QtBot, paths: Paths,  # noqa: F811
                                                                  kind: str, said: str) -> None:
    seed(paths, works=1, finds=2)
    db = open_database(paths.database)
    with db.conn:
        db.execute("UPDATE matches SET kind = ? WHERE id = 1", [kind])
    Library(db).remove([1])
    [finding] = [f for f in Findings(db).all() if f.type == "match"]
    db.conn.close()
    assert finding.work_id is None
    dialog = CompareDialog(paths, finding, "(removed from the library)")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.material is not None, timeout=30_000)
    shown = [w.text() for w in dialog.findChildren(QLabel)]
    shown += [w.placeholderText() for w in dialog.findChildren(QTextBrowser) if w.accessibleName() == "Your text"]
    assert said in shown
    assert not [text for text in shown if "could not be opened" in text]
    dialog.close()
    assert QThreadPool.globalInstance().waitForDone(30_000)
