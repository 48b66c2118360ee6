"""Compare for a mention shows the sentences that name the creator, the watch term highlighted, and where they were
found: it showed the found file's name ("notes.txt"), which names no one."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QThreadPool
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLabel, QTextBrowser
from pytestqt.qtbot import QtBot

from creatorwatch.core.records.findings import Findings
from creatorwatch.core.records.source_store import SourceStore
from creatorwatch.core.records.terms import Terms
from creatorwatch.core.sources.base import SourceConfig
from creatorwatch.core.store.db import open_database
from creatorwatch.core.watch.monitor import Monitor
from creatorwatch.ui.compare_view import HIGHLIGHT, CompareDialog
from tests.ui_fixtures import make_paths

NAMING = "Prompt: a quiet harbour at dusk in the style of Ada Lin, soft grey light."
OTHER = "The weather was fine all week and the boats stayed in."


def test_compare_for_a_mention_shows_the_sentence_that_names_the_creator(qtbot: QtBot, tmp_path: Path) -> None:
    paths = make_paths(tmp_path / "home")
    watched = tmp_path / "dataset-dump"
    watched.mkdir()
    (watched / "notes.txt").write_text(f"{OTHER}\n{OTHER} {NAMING} {OTHER}\n", encoding="utf-8")
    db = open_database(paths.database)
    Terms(db).add(["Ada Lin"])
    SourceStore(db).add(SourceConfig("dataset-dump", "folder", settings={"path": str(watched)}))
    Monitor(db, cache=paths.cache).check()
    (watched / "notes.txt").unlink()  # what Compare shows is what the record kept, not the file as it is now
    [mention] = [f for f in Findings(db).all() if f.type == "mention"]
    db.conn.close()

    dialog = CompareDialog(paths, mention, "Ada Lin")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.material is not None, timeout=30_000)

    [found] = [b for b in dialog.findChildren(QTextBrowser) if b.accessibleName() == "The found text"]
    shown = found.toPlainText()
    assert shown == NAMING
    assert "notes.txt" not in shown and "weather" not in shown
    at = shown.index("Ada Lin")
    assert _highlighted(found, at + 1) and _highlighted(found, at + len("Ada Lin"))
    assert not _highlighted(found, at - 2)
    assert "<b>Where it names you</b>" in [label.text() for label in dialog.findChildren(QLabel)]
    assert (watched / "notes.txt").as_uri() in dialog.explanation.text()  # where: the address, above
    assert "A file in the folder “dataset-dump” names" in dialog.explanation.text()  # a folder is not a site
    dialog.close()
    assert QThreadPool.globalInstance().waitForDone(30_000)


def _highlighted(browser: QTextBrowser, position: int) -> bool:
    """Whether the character before `position` has the highlight's background."""
    cursor = QTextCursor(browser.document())
    cursor.setPosition(position)
    return cursor.charFormat().background().color() == HIGHLIGHT
