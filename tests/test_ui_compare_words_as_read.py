"""Compare says a quote's copied words as the creator counts them in the highlighted text, the same number the
evidence report gives: a 35-word quote full of hyphenated words read "repeats 47 words" (the matcher's tokens)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QThreadPool
from pytestqt.qtbot import QtBot

from creatorwatch.core.library.works import Library
from creatorwatch.core.records.findings import Findings
from creatorwatch.core.records.source_store import SourceStore
from creatorwatch.core.sources.base import SourceConfig
from creatorwatch.core.store.db import open_database
from creatorwatch.core.watch.monitor import Monitor
from creatorwatch.ui.compare_view import CompareDialog
from tests.test_evidence_figures_agree import _prose
from tests.ui_fixtures import make_paths

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")


def test_compare_counts_the_quote_as_the_creator_reads_it(qtbot: QtBot, tmp_path: Path) -> None:
    paths = make_paths(tmp_path / "home")
    db = open_database(paths.database)
    mine = _prose(5, 700)
    other = _prose(9, 600)
    (tmp_path / "mine.txt").write_text(" ".join(mine), encoding="utf-8")
    watched = tmp_path / "found online"
    watched.mkdir()
    (watched / "forum.txt").write_text(" ".join([*other[:300], *mine[400:435], *other[300:]]), encoding="utf-8")
    Library(db).add_paths([tmp_path / "mine.txt"])
    SourceStore(db).add(SourceConfig("found online", "folder", settings={"path": str(watched)}))
    Monitor(db, cache=paths.cache).check()
    finding = Findings(db).all()[0]
    db.conn.close()
    assert finding.evidence["passages"][0]["matched_words"] != 35  # the matcher's own count of the quote

    dialog = CompareDialog(paths, finding, "mine")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.material is not None, timeout=30_000)
    qtbot.waitUntil(lambda: "repeats 35 words" in dialog.explanation.text(), timeout=10_000)
    dialog.close()
    assert QThreadPool.globalInstance().waitForDone(30_000)
