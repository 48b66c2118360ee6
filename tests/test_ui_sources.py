"""The Sources page as a creator uses it: adding a source through its dialog records what `creatorwatch sources add`
would; turning off, on and removing stick; a token typed in lands in the real keyring and is never shown back;
a failing source says why in plain words and shows the time it is really tried again; and "Check this source now"
checks that one source on a worker thread.

Keyring tests need the Secret Service: run under dbus-run-session with gnome-keyring, as scripts/test does."""

from __future__ import annotations

import json
import socket
import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt, QThreadPool
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTableWidget,
    QWidget,
)
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot

from creatorwatch.core.records.source_store import SourceStore
from creatorwatch.core.sources.base import SourceConfig
from creatorwatch.core.store.db import open_database
from creatorwatch.core.store.events import Event
from creatorwatch.core.store.secrets import delete_secret, get_secret
from creatorwatch.core.watch.scheduler import MonitorScheduler
from creatorwatch.core.wording.times import local_short as when
from creatorwatch.paths import Paths
from creatorwatch.ui import tasks
from creatorwatch.ui.desktop import Desktop
from creatorwatch.ui.sources_view import SourcesView
from tests.conftest import CliRunner
from tests.sources_fixtures import fast_client
from tests.ui_fixtures import paths, sources_page, start_desktop  # noqa: F401

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")


@pytest.fixture
def view(sources_page: SourcesView) -> SourcesView:  # noqa: F811
    return sources_page


def add_sources(paths: Paths, *configs: SourceConfig, next_run: datetime | None = None) -> None:  # noqa: F811
    db = open_database(paths.database)
    try:
        store = SourceStore(db)
        for config in configs:
            store.add(config)
            store.set_next_run(config.name, next_run)
    finally:
        db.conn.close()


def loaded(qtbot: QtBot, view: SourcesView, rows: int) -> None:
    view.reload()
    qtbot.waitUntil(lambda: view.table.rowCount() == rows and len(view.sources) == rows)


def select(qtbot: QtBot, view: SourcesView, name: str) -> None:
    row = [s.config.name for s in view.sources].index(name)
    view.table.selectRow(row)
    qtbot.waitUntil(lambda: view.selected() is not None and view.selected().config.name == name)  # type: ignore[union-attr]


def cell(view: SourcesView, name: str, column: str) -> str:
    row = [s.config.name for s in view.sources].index(name)
    columns = [view.table.model().headerData(c, Qt.Orientation.Horizontal) for c in range(view.table.columnCount())]
    return str(view.table.model().index(row, columns.index(column)).data())


def shown(label: QLabel) -> str:
    """A rich-text label's words as the creator reads them."""
    document = QTextDocument()
    document.setHtml(label.text())
    return document.toPlainText()


def listed(run_cli: CliRunner) -> dict[str, dict[str, object]]:
    shown = run_cli("sources", "--json")
    assert shown.returncode == 0, shown.stderr
    return {s["name"]: s for s in json.loads(shown.stdout)}


def test_adding_a_source_in_the_dialog_records_what_the_command_line_would(qtbot: QtBot, view: SourcesView,
                                                                             run_cli: CliRunner) -> None:
    loaded(qtbot, view, 0)
    assert "Nothing is watched yet" in shown(view.details)
    dialog = view.add_source()
    assert dialog.type.itemText(dialog.type.findData("commoncrawl")).startswith("Common Crawl — ")
    dialog.type.setCurrentIndex(dialog.type.findData("feed"))
    assert "Feed needs url" in dialog.needs.text()
    dialog.name.setText("gallery")
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.click()  # no url yet: the dialog stays open and says what is missing
    qtbot.waitUntil(lambda: dialog.problem.isVisible() and dialog.isEnabled())
    assert "url" in dialog.problem.text() and dialog.isVisible()

    dialog.settings.setPlainText("url=https://gallery.example/feed.xml")
    with qtbot.waitSignal(view.sources_changed):
        ok.click()
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: view.table.rowCount() == 1)
    assert cell(view, "gallery", "Type") == "Feed" and "not checked yet" in cell(view, "gallery", "Health")

    added = run_cli("sources", "add", "feed", "--name", "by-cli", "--set", "url=https://gallery.example/feed.xml")
    assert added.returncode == 0, added.stderr
    by_window, by_cli = listed(run_cli)["gallery"], listed(run_cli)["by-cli"]
    assert {**by_window, "name": "by-cli"} == by_cli


def test_enter_in_an_untouched_add_dialog_adds_nothing(qtbot: QtBot, view: SourcesView, run_cli: CliRunner) -> None:
    """Enter in the empty dialog added "my-huggingface", which would send the watch terms to Hugging Face: a name
    must be typed first, and the dialog says so where the creator looks."""
    loaded(qtbot, view, 0)
    dialog = view.add_source()
    qtbot.waitExposed(dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.problem.isVisible())
    assert dialog.isVisible() and "Type a name for this source" in dialog.problem.text()
    assert dialog.focusWidget() is dialog.name
    qtbot.wait(200)
    assert listed(run_cli) == {}


def test_the_missing_name_problem_goes_once_a_name_is_typed(qtbot: QtBot, view: SourcesView) -> None:
    """The orange "Type a name for this source first" stayed beside the name the creator had since typed."""
    loaded(qtbot, view, 0)
    dialog = view.add_source()
    qtbot.waitExposed(dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.problem.isVisible())
    qtbot.keyClicks(dialog.name, "gallery")
    assert not dialog.problem.isVisible()
    dialog.reject()


def test_turning_off_on_and_removing_are_kept(qtbot: QtBot, view: SourcesView, paths: Paths,  # noqa: F811
                                              run_cli: CliRunner) -> None:
    add_sources(paths, SourceConfig("gallery", "feed", settings={"url": "https://gallery.example/feed.xml"}),
                SourceConfig("old-blog", "page", settings={"url": "https://blog.example/"}))
    loaded(qtbot, view, 2)
    select(qtbot, view, "old-blog")
    assert view.toggle_button.text() == "Turn off" and view.check_button.isEnabled()

    with qtbot.waitSignal(view.sources_changed):
        view.toggle_button.click()
    qtbot.waitUntil(lambda: cell(view, "old-blog", "Health") == "turned off")
    assert view.selected().config.name == "old-blog"  # type: ignore[union-attr]
    assert view.toggle_button.text() == "Turn on"
    assert not view.check_button.isEnabled() and "Turn this source on" in view.check_button.toolTip()
    assert listed(run_cli)["old-blog"]["enabled"] is False and listed(run_cli)["gallery"]["enabled"] is True

    with qtbot.waitSignal(view.sources_changed):
        view.toggle_button.click()
    qtbot.waitUntil(lambda: cell(view, "old-blog", "Health") != "turned off")
    assert listed(run_cli)["old-blog"]["enabled"] is True

    view.remove_button.click()
    [remove] = [b for b in asked_to_remove(qtbot, view).buttons() if b.text() == "Remove"]
    with qtbot.waitSignal(view.sources_changed):
        remove.click()
    qtbot.waitUntil(lambda: view.table.rowCount() == 1)
    assert [s.config.name for s in view.sources] == ["gallery"] and list(listed(run_cli)) == ["gallery"]


def asked_to_remove(qtbot: QtBot, view: SourcesView) -> QMessageBox:
    def boxes() -> list[QMessageBox]:
        return [box for box in view.findChildren(QMessageBox, "remove-source") if box.isVisible()]
    qtbot.waitUntil(lambda: len(boxes()) == 1)
    return boxes()[0]


def test_removing_a_source_asks_first_naming_it_and_what_stays(qtbot: QtBot, view: SourcesView, paths: Paths,  # noqa: F811
                                                                tmp_path: Path, run_cli: CliRunner) -> None:
    """It took one click, with no undo: the folder path and the schedule were gone. Cancel (the default, so a stray
    Enter too) keeps the source; the question names the folder it stops watching and says the finds stay."""
    add_sources(paths, SourceConfig("dropbox", "folder", settings={"path": str(tmp_path)}))
    loaded(qtbot, view, 1)
    select(qtbot, view, "dropbox")
    view.remove_button.click()
    box = asked_to_remove(qtbot, view)
    said = box.text()
    assert "“dropbox”" in said and str(tmp_path) in said and "stays in Review" in said
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not box.isVisible())
    loaded(qtbot, view, 1)
    assert list(listed(run_cli)) == ["dropbox"]


@pytest.fixture
def keyring_entry() -> Iterator[str]:
    """A keyring entry name of this test's own, forgotten afterwards."""
    name = f"test-lumen-{uuid.uuid4().hex[:8]}"
    yield name
    delete_secret(name)


def test_a_page_closed_while_the_keyring_is_read_takes_no_answer(qtbot: QtBot, paths: Paths,  # noqa: F811
                                                                  keyring_entry: str) -> None:
    """The flaky "Internal C++ object (QLabel) already deleted": selecting a source asks the keyring on a worker;
    the answer came back to a lambda holding the page after the page was closed and deleted."""
    add_sources(paths, SourceConfig("notices", "lumen", settings={"secret": keyring_entry}))
    page = SourcesView(paths)
    page.show()
    loaded(qtbot, page, 1)
    page.table.clearSelection()
    page.table.selectRow(0)  # asks the keyring again, and the window closes before the answer is delivered
    assert page.token_state.text() == "Looking in the keyring…"
    page.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert QThreadPool.globalInstance().waitForDone(30_000)
    qtbot.waitUntil(lambda: tasks.pending() == 0)  # before the fix: RuntimeError raised in the slot, failing here


def every_text(root: QWidget) -> str:
    """Everything the window could show or read aloud: texts, tooltips, accessible names, table cells."""
    texts = [root.windowTitle()]
    for widget in [root, *root.findChildren(QWidget)]:
        texts += [widget.toolTip(), widget.accessibleName(), widget.accessibleDescription(), widget.statusTip()]
        if isinstance(widget, QLabel | QAbstractButton | QLineEdit):
            texts.append(widget.text())
        if isinstance(widget, QLineEdit):
            texts.append(widget.displayText())
        if isinstance(widget, QPlainTextEdit):
            texts.append(widget.toPlainText())
        if isinstance(widget, QGroupBox):
            texts.append(widget.title())
        if isinstance(widget, QTableWidget):
            items = (widget.item(r, c) for r in range(widget.rowCount()) for c in range(widget.columnCount()))
            texts += [t for item in items if item for t in (item.text(), item.toolTip())]
    return "\n".join(texts)


def test_a_token_goes_to_the_keyring_and_is_never_shown_back(qtbot: QtBot, view: SourcesView, paths: Paths,  # noqa: F811
                                                             keyring_entry: str) -> None:
    add_sources(paths, SourceConfig("notices", "lumen", settings={"secret": keyring_entry}),
                SourceConfig("gallery", "feed", settings={"url": "https://gallery.example/feed.xml"}))
    loaded(qtbot, view, 2)
    select(qtbot, view, "gallery")
    assert not view.token_field.isVisible() and "needs no token" in view.token_state.text()
    select(qtbot, view, "notices")
    qtbot.waitUntil(lambda: "No token stored yet" in view.token_state.text())
    assert view.token_group.isEnabled()

    token = f"lumen-{uuid.uuid4().hex}"
    qtbot.keyClicks(view.token_field, token)
    with qtbot.waitSignal(view.message) as said:
        view.save_token_button.click()
    assert said.args == ["Token saved to the system keyring.", 5000]
    assert get_secret(keyring_entry) == token
    assert "A token is stored in the system keyring" in view.token_state.text()
    assert view.token_field.text() == ""
    view.reload()  # a reload, as after every check, shows the state again and still not the token
    qtbot.waitUntil(lambda: "A token is stored" in view.token_state.text())
    assert token not in every_text(view)
    assert not any(token.encode() in p.read_bytes() for p in paths.data.rglob("*") if p.is_file())

    view.forget_token_button.click()
    qtbot.waitUntil(lambda: "No token stored yet" in view.token_state.text())
    assert get_secret(keyring_entry) is None


def closed_port_url() -> str:
    """An address where nothing listens: connections are refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/feed.xml"


@pytest.fixture
def watching(qtbot: QtBot, paths: Paths, httpserver: HTTPServer) -> Iterator[Desktop]:  # noqa: F811
    """The whole app with its real scheduler; two feed sources whose next checks are a day away, so only a click
    checks them: one at a service turning clients away (429, Retry-After an hour), one at an address that is down."""
    httpserver.expect_request("/feed.xml").respond_with_data("Too many requests", status=429,
                                                             headers={"Retry-After": "3600"})
    add_sources(paths, SourceConfig("gallery", "feed", settings={"url": httpserver.url_for("/feed.xml")}),
                SourceConfig("old-blog", "feed", settings={"url": closed_port_url()}),
                next_run=datetime.now(UTC) + timedelta(days=1))
    yield from start_desktop(qtbot, paths, tray=False,
                             make_scheduler=lambda p, hub: MonitorScheduler(p.database, hub=hub, takedown_delay=3600))
    QApplication.processEvents()


def test_check_now_checks_that_source_on_a_worker_and_says_why_it_fails(qtbot: QtBot, watching: Desktop,
                                                                        httpserver: HTTPServer) -> None:
    checked_on: dict[str, threading.Thread] = {}

    def note(event: Event) -> None:
        if event.name == "source_checked":
            checked_on[event.data["source"]] = threading.current_thread()

    watching.hub.subscribe(note)
    qtbot.waitUntil(lambda: set(watching.scheduler.next_runs()) == {"gallery", "old-blog"},  # type: ignore[attr-defined]
                    timeout=10_000)
    window, view = watching.window, watching.window.sources
    window.show_page("sources")
    qtbot.waitUntil(lambda: view.table.rowCount() == 2)
    select(qtbot, view, "gallery")
    view.check_button.click()

    qtbot.waitUntil(lambda: "failing" in cell(view, "gallery", "Health"), timeout=30_000)
    assert checked_on["gallery"] is not threading.main_thread()
    assert "old-blog" not in checked_on and cell(view, "old-blog", "Health") == "○ not checked yet"
    assert cell(view, "gallery", "Health").startswith("▲ failing — next try ")
    assert "asked CreatorWatch to slow down (too many requests). It will be tried again in 60 min." in \
        shown(view.details)
    assert len(httpserver.log) == 1  # one request; the hour asked for is not spent asking again

    select(qtbot, view, "old-blog")
    view.check_button.click()
    qtbot.waitUntil(lambda: "failing" in cell(view, "old-blog", "Health"), timeout=30_000)
    assert checked_on["old-blog"] is not threading.main_thread()
    assert "could not be reached (connection refused)" in shown(view.details)
    assert "Check the address and your internet connection. It will be tried again in 2 min." in shown(view.details)
    qtbot.waitUntil(lambda: window.dashboard.sources.text().count("failing") == 2)


@pytest.fixture
def failing(qtbot: QtBot, paths: Paths, httpserver: HTTPServer) -> Iterator[Desktop]:  # noqa: F811
    """The whole app with its real scheduler over two sources that fail at once: a daily one at an address that is
    down, and an hourly one at a service asking to be left alone for two hours (429, Retry-After). Two hosts
    (127.0.0.1, localhost): a Retry-After holds its whole host."""
    httpserver.expect_request("/busy.xml").respond_with_data("Too many requests", status=429,
                                                             headers={"Retry-After": "7200"})
    assert httpserver.url_for("/").startswith("http://localhost:")
    add_sources(paths, SourceConfig("daily", "feed", settings={"url": closed_port_url(), "interval": str(24 * 60)}),
                SourceConfig("hourly", "feed", settings={"url": httpserver.url_for("/busy.xml"), "interval": "60"}))
    http = fast_client(retries=0)
    yield from start_desktop(qtbot, paths, tray=False, make_scheduler=lambda p, hub: MonitorScheduler(
        p.database, hub=hub, http=http, start_spread=0, jitter=0, takedown_delay=3600))
    QApplication.processEvents()
    http.close()


def test_a_failing_source_shows_when_it_is_really_tried_again(qtbot: QtBot, failing: Desktop) -> None:
    window, view = failing.window, failing.window.sources
    window.show_page("sources")
    qtbot.waitUntil(lambda: view.table.rowCount() == 2 and all(
        "failing" in cell(view, name, "Health") for name in ("daily", "hourly")), timeout=30_000)
    planned = failing.scheduler.next_runs()  # type: ignore[attr-defined]
    now = datetime.now(UTC)
    assert planned["daily"] - now < timedelta(minutes=3)  # its first retry, minutes away, not tomorrow
    assert planned["hourly"] - now > timedelta(minutes=115)  # the two hours asked for, not the next hour
    for name in ("daily", "hourly"):
        at = when(planned[name].isoformat())
        assert cell(view, name, "Health") == f"▲ failing — next try {at}"
        assert cell(view, name, "Next run") == at
    daily_at, hourly_at = when(planned["daily"].isoformat()), when(planned["hourly"].isoformat())
    qtbot.waitUntil(lambda: f"daily — failing — next try {daily_at}" in shown(window.dashboard.sources) and
                    f"hourly — failing — next try {hourly_at}" in shown(window.dashboard.sources))


def test_what_common_crawl_and_spawning_found_shows_per_source(qtbot: QtBot, view: SourcesView,
                                                               paths: Paths) -> None:  # noqa: F811
    add_sources(paths, SourceConfig("crawls", "commoncrawl", settings={"domains": "adalumen.example"}),
                SourceConfig("do-not-train", "spawning", settings={"urls": "https://adalumen.example/art/"}))
    db = open_database(paths.database)
    try:
        store = SourceStore(db)
        crawls, dnt = store.get("crawls"), store.get("do-not-train")
        assert crawls is not None and dnt is not None
        store.save_cursor(crawls.id, {"checked": {"adalumen.example": ["CC-MAIN-2026-47"]}})
        store.save_cursor(dnt.id, {"status": {"https://adalumen.example/art/": "opted-out"}})
        now = datetime.now(UTC).isoformat()
        db.execute("INSERT INTO candidates (url, source, title, meta, first_seen) VALUES (?, 'crawls', ?, ?, ?)",
                   ["https://index.example/CC-MAIN-2026-47-index?url=adalumen.example", "adalumen.example in crawl",
                    json.dumps({"kind": "crawl", "domain": "adalumen.example", "crawl": "CC-MAIN-2026-47",
                                "crawl_name": "November 2026 Index", "captures": 3, "complete": True}), now])
        db.conn.commit()
    finally:
        db.conn.close()
    loaded(qtbot, view, 2)
    select(qtbot, view, "crawls")
    assert view.details_group.title() == "What crawls found"
    assert "3 pages of adalumen.example are in Common Crawl's November 2026 Index (CC-MAIN-2026-47)." in \
        shown(view.details)
    select(qtbot, view, "do-not-train")
    assert "https://adalumen.example/art/: opted out of AI training." in shown(view.details)



def test_the_add_dialog_shows_the_example_in_its_own_words(qtbot: QtBot, view: SourcesView) -> None:
    loaded(qtbot, view, 0)
    dialog = view.add_source()
    dialog.type.setCurrentIndex(dialog.type.findData("folder"))
    assert "path=/home/you/Downloads/dataset" in dialog.needs.text()  # the example is said, not only a placeholder
    dialog.name.setText("dataset")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(dialog.problem.isVisible)
    said = dialog.problem.text()
    assert "path=/home/you/Downloads/dataset" in said and "--set" not in said and ".." not in said
    dialog.show_problem("A folder source needs --set path=….")  # a reason from the core, in command-line words
    assert dialog.problem.text() == "A folder source needs path=…"
    dialog.reject()


def test_a_source_is_changed_in_the_window_as_sources_set_would(qtbot: QtBot, view: SourcesView,
                                                                run_cli: CliRunner, tmp_path: Path) -> None:
    assert run_cli("sources", "add", "folder", "--name", "dump", "--set", f"path={tmp_path / 'old'}",
                   "--set", "interval=90").returncode == 0
    loaded(qtbot, view, 1)
    select(qtbot, view, "dump")
    dialog = view.change_selected()
    assert dialog is not None and not dialog.type.isEnabled() and dialog.name.isReadOnly()
    assert f"path={tmp_path / 'old'}" in dialog.settings.toPlainText()
    (tmp_path / "new").mkdir()  # (a folder not there would be said first: tests/test_ui_add_source_folder.py)
    dialog.settings.setPlainText(f"path={tmp_path / 'new'}")  # interval taken out: removed
    with qtbot.waitSignal(view.sources_changed):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert listed(run_cli)["dump"]["settings"] == {"path": str(tmp_path / "new")}
