"""A folder source whose files could not all be read showed "● ok" and an empty "Latest problem": the creator had
to select it to learn that nothing was matched in four of its files. The problem column says so; the source, which
did its work, stays healthy."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from creatorwatch.core.library.works import Library
from creatorwatch.core.records.source_store import SourceStore
from creatorwatch.core.sources.base import SourceConfig
from creatorwatch.core.store.db import open_database
from creatorwatch.core.watch.monitor import Monitor
from creatorwatch.paths import Paths
from creatorwatch.ui.sources_view import SourcesView
from tests.media import make_picture
from tests.ui_fixtures import paths, sources_page  # noqa: F401


def test_files_that_could_not_be_read_are_the_latest_problem_of_a_healthy_folder(
        qtbot: QtBot, paths: Paths, sources_page: SourcesView, tmp_path: Path) -> None:  # noqa: F811
    works, watched = tmp_path / "works", tmp_path / "watched"
    works.mkdir()
    watched.mkdir()
    make_picture(watched / "holiday.png", seed=8)
    for name in ("a-broken.png", "b-broken.png", "c-broken.png", "d-broken.png"):
        (watched / name).write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 40)  # downloads cut short
    db = open_database(paths.database)
    try:
        Library(db).add_paths([make_picture(works / "Harbour study.png", seed=7)])
        SourceStore(db).add(SourceConfig("downloads", "folder", settings={"path": str(watched)}))
        Monitor(db).check()
    finally:
        db.conn.close()

    sources_page.reload()
    qtbot.waitUntil(lambda: sources_page.table.rowCount() == 1)
    model = sources_page.table.model()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    row = {header: str(model.index(0, c).data()) for c, header in enumerate(headers)}
    assert row["Latest problem"] == "4 files could not be read: a-broken.png, b-broken.png, c-broken.png and 1 more"
    assert sources_page.sources[0].health.state == "ok" and "ok" in row["Health"]
    tip = model.index(0, headers.index("Latest problem")).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == row["Latest problem"]  # whole, where the column cuts it short
