"""A quote that leaves words of the work out ("[...]") is one quote, and Compare highlights its two copied pieces, not
the words the copy left out between them: one block over them suggested more was copied than was."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtGui import QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextBrowser
from pytestqt.qtbot import QtBot

from creatorwatch.core.library.works import Library
from creatorwatch.core.records.findings import Findings
from creatorwatch.core.records.source_store import SourceStore
from creatorwatch.core.sources.base import SourceConfig
from creatorwatch.core.store.db import open_database
from creatorwatch.core.watch.monitor import Monitor
from creatorwatch.ui.compare_view import HIGHLIGHT, CompareDialog
from tests.test_text_edits import _prose
from tests.ui_fixtures import make_paths

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")


def _highlighted(browser: QTextBrowser) -> list[tuple[int, int]]:
    """The [start, end) character ranges of the pane drawn with the highlight background."""
    ranges: list[tuple[int, int]] = []
    block = browser.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.charFormat().background().color() == HIGHLIGHT:
                start, end = fragment.position(), fragment.position() + fragment.length()
                if ranges and ranges[-1][1] == start:
                    start = ranges.pop()[0]
                ranges.append((start, end))
            it += 1
        block = block.next()
    return ranges


def test_compare_highlights_the_pieces_of_a_quote_and_not_the_words_it_left_out(qtbot: QtBot, tmp_path: Path) -> None:
    paths = make_paths(tmp_path / "home")
    db = open_database(paths.database)
    mine = _prose(5, 70).split()
    (tmp_path / "mine.txt").write_text(" ".join(mine), encoding="utf-8")
    before, left_out, after = " ".join(mine[300:331]), " ".join(mine[331:345]), " ".join(mine[345:370])
    watched = tmp_path / "found online"
    watched.mkdir()
    post = f"{_prose(9, 30)}\n\nAs the author wrote: “{before} [...] {after}”\n\n{_prose(11, 30)}"
    (watched / "forum.txt").write_text(post, encoding="utf-8")
    Library(db).add_paths([tmp_path / "mine.txt"])
    SourceStore(db).add(SourceConfig("found online", "folder", settings={"path": str(watched)}))
    Monitor(db, cache=paths.cache).check()
    finds = Findings(db).all()
    db.conn.close()
    assert len(finds) == 1
    finding = finds[0]
    [passage] = finding.evidence["passages"]
    work_text = " ".join(mine)
    left_out_at = work_text.index(left_out)
    assert [work_text[slice(*p["work_span"])] for p in passage["pieces"]] == [before, after]
    assert [post[slice(*p["candidate_span"])] for p in passage["pieces"]] == [before, after]

    dialog = CompareDialog(paths, finding, "mine")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.material is not None, timeout=30_000)
    panes = {pane.accessibleName(): pane for pane in dialog.findChildren(QTextBrowser)}
    highlighted = _highlighted(panes["Your text"])
    assert [work_text[start:end] for start, end in highlighted] == [before, after]
    assert all(end <= left_out_at or start >= left_out_at + len(left_out) for start, end in highlighted)
    assert [post[start:end] for start, end in _highlighted(panes["The found text"])] == [before, after]
    cursor = QTextCursor(panes["Your text"].document())
    cursor.setPosition(left_out_at + len(left_out) // 2)
    assert cursor.charFormat().underlineStyle() == QTextCharFormat.UnderlineStyle.DotLine  # marked as left out
    dialog.close()
    assert QThreadPool.globalInstance().waitForDone(30_000)
