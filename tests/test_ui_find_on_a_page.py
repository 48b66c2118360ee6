"""A picture found on a web page is shown with that page in the window: Review's details name it, Compare names it
beside the picture's own address, its Open page opens the page and a second button the picture; and Compare says
how large the copy shows the picture, in pixels of the two files. A page served on loopback, a real check."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QItemSelectionModel, Qt, QThreadPool, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QPushButton
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot

from creatorwatch.core.library.works import Library
from creatorwatch.core.records.findings import Findings
from creatorwatch.core.records.source_store import SourceStore
from creatorwatch.core.sources.base import SourceConfig
from creatorwatch.core.store.db import open_database
from creatorwatch.core.watch.monitor import Monitor
from creatorwatch.paths import Paths
from creatorwatch.ui.compare_view import CompareDialog
from creatorwatch.ui.desktop import Desktop
from creatorwatch.ui.explain import size_sentence
from tests.media import make_picture
from tests.ui_fixtures import paths, start_desktop  # noqa: F401

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")

PAGE = """<!doctype html><html><head><title>Showcase</title></head><body><h1>Made with our model</h1>
<img src="/media/harbour-remix.png" alt="remix"></body></html>"""


@pytest.fixture
def desktop(qtbot: QtBot, paths: Paths, httpserver: HTTPServer,  # noqa: F811
            tmp_path: Path) -> Iterator[Desktop]:
    """The creator's 640 × 480 picture, posted at half its size (320 × 240) on a page a page source watches."""
    work = make_picture(tmp_path / "harbour.png", seed=7, size=(640, 480))
    half = tmp_path / "half.png"
    Image.open(work).resize((320, 240), Image.Resampling.LANCZOS).save(half)
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/gallery/showcase").respond_with_data(PAGE, content_type="text/html")
    httpserver.expect_request("/media/harbour-remix.png").respond_with_data(half.read_bytes(),
                                                                            content_type="image/png")
    db = open_database(paths.database)
    Library(db).add_paths([work])
    SourceStore(db).add(SourceConfig("showcase", "page", settings={"url": httpserver.url_for("/gallery/showcase")}))
    Monitor(db, cache=paths.cache).check()
    assert len(Findings(db).all()) == 1
    db.conn.close()
    yield from start_desktop(qtbot, paths, tray=False)


def _opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    opened: list[str] = []

    def open_url(url: QUrl) -> bool:
        opened.append(url.toString())
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(open_url))
    return opened


def test_review_names_the_page_a_picture_was_on(qtbot: QtBot, desktop: Desktop, httpserver: HTTPServer) -> None:
    view = desktop.window.matches
    desktop.window.show_page("review")
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    assert not view.details.isVisible()  # nothing chosen, nothing said
    view.table.selectionModel().select(view.model.index(0, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                                       | QItemSelectionModel.SelectionFlag.Rows)
    page, picture = httpserver.url_for("/gallery/showcase"), httpserver.url_for("/media/harbour-remix.png")
    assert view.details.isVisible()
    text = view.details.text()
    assert f"On the page: <a href='{page}' title='{page}'>{httpserver.host}:{httpserver.port}/gallery/showcase</a>" \
        in text
    assert f"<a href='{picture}' title='{picture}'>the picture itself</a>" in text

    qtbot.keyClicks(view.search, "gallery")  # in the page's address only
    assert view.model.rowCount() == 1
    tip = view.model.data(view.model.index(0, 3), Qt.ItemDataRole.ToolTipRole)
    assert tip.endswith(f"\nOn the page: {page}")


def test_compare_opens_the_page_names_the_picture_and_says_its_size(
        qtbot: QtBot, desktop: Desktop, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> None:
    view = desktop.window.matches
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    finding = view.model.finding_at(0)
    page, picture = httpserver.url_for("/gallery/showcase"), httpserver.url_for("/media/harbour-remix.png")
    dialog = CompareDialog(desktop.paths, finding, "harbour")
    qtbot.addWidget(dialog)
    dialog.show()
    explanation = dialog.explanation.text()
    assert f">{httpserver.host}:{httpserver.port}/gallery/showcase</a><br>The picture itself: <a href='{picture}'" \
        in explanation and "On the page: " in explanation

    opened = _opened(monkeypatch)
    buttons = {b.text(): b for b in dialog.findChildren(QPushButton)}
    buttons["Open page"].click()
    buttons["Open picture"].click()
    assert opened == [page, picture]

    qtbot.waitUntil(lambda: hasattr(dialog, "size_line") and dialog.size_line.isVisible(), timeout=30_000)
    assert dialog.size_line.text() == "The copy shows your picture at about half its size."
    dialog.close()
    assert QThreadPool.globalInstance().waitForDone(30_000)


def test_the_size_is_said_as_a_creator_would() -> None:
    assert size_sentence(1.03) == "The copy shows your picture at its own size."
    assert size_sentence(0.98, [0.25, 0.25, 0.75, 0.75]) == \
        "The copy shows the outlined part of your picture at its own size."  # a crop kept at its size
    assert size_sentence(0.34) == "The copy shows your picture at about a third of its size."
    assert size_sentence(0.41) == "The copy shows your picture at about 40 % of its size."
    assert size_sentence(1.6) == "The copy shows your picture at about 1.6 times its size."
    assert size_sentence(2.04) == "The copy shows your picture at about twice its size."
