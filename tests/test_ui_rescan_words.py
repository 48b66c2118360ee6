"""The window's "Match again" says its counts as the command line does: "1 item … 1 work", not "1 items … 1 works"."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from creatorwatch.core.library.works import Library
from creatorwatch.core.records.source_store import SourceStore
from creatorwatch.core.sources.base import SourceConfig
from creatorwatch.core.store.db import open_database
from creatorwatch.core.watch.monitor import Monitor
from creatorwatch.paths import Paths
from creatorwatch.ui.desktop import Desktop
from tests.media import make_picture
from tests.ui_fixtures import paths, start_desktop  # noqa: F401


@pytest.fixture
def desktop(qtbot: QtBot, paths: Paths, tmp_path: Path) -> Iterator[Desktop]:  # noqa: F811
    """One picture seen by a folder source before the work it copies was added to the library."""
    watched = tmp_path / "watched"
    watched.mkdir()
    make_picture(watched / "scraped.png", seed=7)
    paths.ensure()
    db = open_database(paths.database)
    SourceStore(db).add(SourceConfig("dump", "folder", settings={"path": str(watched)}))
    Monitor(db).check()
    Library(db).add_paths([make_picture(tmp_path / "lighthouse.png", seed=7)])
    db.conn.close()
    yield from start_desktop(qtbot, paths, tray=False)


def test_match_again_counts_one_item_and_one_work_in_the_singular(qtbot: QtBot, desktop: Desktop) -> None:
    desktop.rescan_all()
    bar = desktop.window.statusBar()
    qtbot.waitUntil(lambda: bar.currentMessage().startswith("Matched "), timeout=30_000)
    assert bar.currentMessage().startswith("Matched 1 item seen before against 1 work: ")
    assert bar.currentMessage().endswith(("1 new find.", "0 new finds."))
