"""The Website page in the window: a loopback site is audited in the background, the crawler table and the gaps are
shown, "Save the files that close the gaps…" writes them into the chosen folder, "Watch this site" keeps it; and
a weakened opt-out reaches the creator as an alert that opens this page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from protego import Protego
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot

from creatorwatch.core.optout.site_watch import WEAKENED, watched_sites
from creatorwatch.core.store.db import open_database
from creatorwatch.paths import Paths
from creatorwatch.ui import tasks
from creatorwatch.ui.desktop import Desktop
from creatorwatch.ui.main_window import MainWindow
from tests.test_audit import serve_site
from tests.ui_fixtures import paths, start_desktop, window  # noqa: F401

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")


def crawler_rows(window: MainWindow) -> dict[str, str]:  # noqa: F811
    table = window.website.table
    cells = [(table.item(r, 0), table.item(r, 3)) for r in range(table.rowCount())]
    return {name.text(): where.text() for name, where in cells if name is not None and where is not None}


def test_the_website_page_audits_shows_the_table_and_saves_the_files_that_close_the_gaps(
        qtbot: QtBot, window: MainWindow, httpserver: HTTPServer, tmp_path: Path,  # noqa: F811
        monkeypatch: pytest.MonkeyPatch) -> None:
    url = serve_site(httpserver, "User-agent: GPTBot\nDisallow: /\n\nUser-agent: *\nAllow: /\n")
    window.show_page("website")
    page = window.website
    assert window.current_page() == "website" and not page.save_button.isEnabled()
    page.address.setText(url)

    page.audit_button.click()

    assert not page.audit_button.isEnabled()  # it runs in the background; the window stays responsive
    qtbot.waitUntil(lambda: page.table.rowCount() > 0, timeout=60_000)
    rows = crawler_rows(window)
    assert rows["GPTBot"] == "blocked"
    assert rows["CCBot"] == "may fetch (by the * rules)" and rows["ClaudeBot"] == "may fetch (by the * rules)"
    assert "robots.txt lets these AI training crawlers in: " in page.gaps.text()
    assert "no TDMRep reservation" in page.gaps.text()
    assert "TDMRep (EU text-and-data-mining reservation): not reserved" in page.signals.text()
    assert page.save_button.text() == "Save the files that close the gaps…" and page.save_button.isEnabled()

    upload = tmp_path / "upload"
    upload.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args, **kwargs: str(upload))
    page.save_button.click()
    qtbot.waitUntil(lambda: (upload / "README.txt").exists() and tasks.pending() == 0, timeout=30_000)
    assert sorted(p.name for p in upload.iterdir()) == ["README.txt", "ai.txt", "robots.txt", "tdmrep.json"]
    robots = Protego.parse((upload / "robots.txt").read_text())
    assert not robots.can_fetch(url, "CCBot") and not robots.can_fetch(url, "GPTBot")
    assert f"into {upload}" in window.statusBar().currentMessage()

    page.every.setCurrentIndex(page.every.findText("daily"))
    page.watch_button.click()
    qtbot.waitUntil(lambda: url in page.watched.text(), timeout=30_000)
    db = open_database(window.paths.database)
    try:
        assert [(s.url, s.every_days, bool(s.audit)) for s in watched_sites(db)] == [(url, 1, True)]
    finally:
        db.conn.close()


def test_a_site_that_cannot_be_reached_is_said_first_and_no_crawler_is_shown_kept_out(
        qtbot: QtBot, window: MainWindow) -> None:  # noqa: F811
    window.show_page("website")
    page = window.website
    page.address.setText("http://127.0.0.1:9/")  # the discard port: nothing listens there
    page.audit_button.click()
    qtbot.waitUntil(lambda: page.table.rowCount() > 0, timeout=60_000)
    assert "could not be reached" in page.state.text() and "Until the site answers" in page.state.text()
    assert set(crawler_rows(window).values()) == {"site not reached"}
    cell = page.table.item(0, 3)
    assert cell is not None and cell.background().style() == Qt.BrushStyle.NoBrush  # neither green nor red


def test_an_address_that_is_not_a_website_is_said_plainly(qtbot: QtBot, window: MainWindow) -> None:  # noqa: F811
    window.show_page("website")
    window.website.address.setText("ftp://example.org/")
    window.website.audit_button.click()
    qtbot.waitUntil(lambda: "Could not audit" in window.website.state.text(), timeout=30_000)
    assert "not a web address" in window.website.state.text() and window.website.audit_button.isEnabled()


@pytest.fixture
def desktop(qtbot: QtBot, paths: Paths) -> Iterator[Desktop]:  # noqa: F811
    yield from start_desktop(qtbot, paths, tray=False)


def test_a_weakened_opt_out_is_an_alert_that_opens_the_website_page(qtbot: QtBot, desktop: Desktop) -> None:
    desktop.window.show_page("library")
    text = "Your site example.com now lets GPTBot in: robots.txt changed."
    desktop.hub.publish(WEAKENED, url="https://example.com/", site="example.com", changes=[text], text=text)
    banner = desktop.window.banner
    qtbot.waitUntil(banner.isVisible, timeout=10_000)
    assert text in banner.text.text() and "opt-out weakened" in banner.text.text()
    banner.show_button.click()
    assert desktop.window.current_page() == "website"


def test_a_page_answering_500_shows_its_meta_tags_as_not_checked_and_saves_nothing_for_them(
        qtbot: QtBot, window: MainWindow, httpserver: HTTPServer) -> None:  # noqa: F811
    keep_out = "User-agent: *\nDisallow: /\n"
    httpserver.expect_request("/robots.txt").respond_with_data(keep_out, content_type="text/plain")
    httpserver.expect_request("/.well-known/tdmrep.json").respond_with_json([{"location": "/*", "tdm-reservation": 1}])
    httpserver.expect_request("/ai.txt").respond_with_data(keep_out, content_type="text/plain")
    httpserver.expect_request("/art/").respond_with_data("busy", status=500)
    window.show_page("website")
    page = window.website
    page.address.setText(httpserver.url_for("/art/"))
    page.audit_button.click()
    qtbot.waitUntil(lambda: page.table.rowCount() > 0 and page.audit_button.isEnabled(), timeout=60_000)
    assert "could not be checked" in page.state.text()
    assert "Not checked" in page.gaps.text() and "were not checked: the page answered HTTP 500" in page.gaps.text()
    assert "has no &lt;meta" not in page.gaps.text() and "Page meta tags: not checked" in page.signals.text()
    assert not page.save_button.isEnabled()  # nothing seen missing, so nothing to save
