"""The Settings page does what it says: sensitivities, alerts and the check interval are kept in the data file
where the matcher, the scheduler and `creatorwatch settings` read them (and take effect at once); the creator's
details fill the DMCA notice draft as `creatorwatch evidence-settings` sees them; appearance switches the window;
"Show folder" opens the data folder."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QThreadPool, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from creatorwatch.core.evidence.notice import draft_notice
from creatorwatch.core.evidence.timestamp import saved_tsa_url
from creatorwatch.core.records.notice_details import load_notice_details
from creatorwatch.core.store.db import open_database
from creatorwatch.core.store.events import EventHub
from creatorwatch.core.store.preferences import Preferences, load_preferences
from creatorwatch.paths import Paths
from creatorwatch.ui.desktop import Desktop
from creatorwatch.ui.settings_view import SettingsView
from creatorwatch.ui.theme import is_dark
from tests.conftest import CliRunner
from tests.ui_fixtures import RecordingScheduler, paths  # noqa: F401

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")


class CountingScheduler(RecordingScheduler):
    """Records how often the window asked it to bring its jobs in line with the data file."""

    def __init__(self, paths: Paths, hub: EventHub) -> None:  # noqa: F811
        super().__init__(paths, hub)
        self.syncs = 0

    def sync(self) -> None:
        self.syncs += 1


@pytest.fixture
def desktop(qtbot: QtBot, paths: Paths) -> Iterator[Desktop]:  # noqa: F811
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    running = Desktop(paths, app, tray_available=False, make_scheduler=CountingScheduler)
    assert running.start()
    qtbot.addWidget(running.window)
    running.window.show_page("settings")
    qtbot.waitUntil(lambda: running.window.settings_page.interval.value() == 6)  # loaded: every 6 hours
    yield running
    running.appearance.apply("system")
    running.shutdown()
    app.setQuitOnLastWindowClosed(True)


def save(qtbot: QtBot, desktop: Desktop) -> None:
    page = desktop.window.settings_page
    with qtbot.waitSignal(page.saved, timeout=30_000):  # a busy machine: the save runs on a pool thread
        page.save_button.click()
    assert desktop.window.statusBar().currentMessage() == "Settings saved."


def cli_settings(run_cli: CliRunner) -> dict[str, Any]:
    shown = run_cli("settings", "--json")
    assert shown.returncode == 0, shown.stderr
    return dict(json.loads(shown.stdout))


def stored_preferences(paths: Paths) -> Preferences:  # noqa: F811
    db = open_database(paths.database)
    try:
        return load_preferences(db)
    finally:
        db.conn.close()


def choose(box: Any, value: str) -> None:
    index = box.findData(value)
    assert index >= 0, value
    box.setCurrentIndex(index)


def test_sensitivity_alerts_and_interval_are_kept_and_take_effect(qtbot: QtBot, desktop: Desktop,
                                                                  paths: Paths, run_cli: CliRunner) -> None:  # noqa: F811
    page, scheduler = desktop.window.settings_page, desktop.scheduler
    assert set(page.sensitivity) == {"image", "audio", "text"}  # every kind the preferences know (no voice yet)
    choose(page.sensitivity["image"], "high")
    choose(page.sensitivity["audio"], "low")
    page.interval.setValue(12)
    page.keep_days.setValue(30)
    page.notify_mentions.setChecked(False)
    syncs = scheduler.syncs  # type: ignore[attr-defined]
    save(qtbot, desktop)

    prefs = stored_preferences(paths)
    assert prefs.sensitivity == {"image": "high", "audio": "low", "text": "normal"}
    assert prefs.check_interval_minutes == 720 and prefs.notify and not prefs.notify_mentions
    assert prefs.keep_fingerprints_days == 30  # what was seen is remembered for the days chosen
    assert prefs.threshold("image", 0.5) == pytest.approx(0.4)  # high: the matcher alerts on looser copies
    shown = cli_settings(run_cli)
    assert shown["sensitivity"] == {"image": "high", "audio": "low", "text": "normal"}
    assert shown["check_interval_minutes"] == 720 and shown["notify_mentions"] is False
    assert desktop.batcher.enabled and not desktop.batcher.include_mentions  # alerts follow at once
    qtbot.waitUntil(lambda: scheduler.syncs > syncs)  # type: ignore[attr-defined]  # the new interval, now

    again = SettingsView(paths)  # what the page shows next time
    qtbot.addWidget(again)
    again.reload()
    qtbot.waitUntil(lambda: again.sensitivity["image"].currentData() == "high")
    assert again.sensitivity["audio"].currentData() == "low" and again.interval.value() == 12
    assert not again.notify_mentions.isChecked()


def test_settings_changed_on_the_command_line_show_and_survive_a_save(qtbot: QtBot, desktop: Desktop,
                                                                      paths: Paths, run_cli: CliRunner) -> None:  # noqa: F811
    for key, value in (("check_interval_minutes", "90"), ("sensitivity.text", "high"),
                       ("creator_contact", "agent@studio.example")):
        assert run_cli("settings", key, value).returncode == 0
    page = desktop.window.settings_page
    page.reload()
    qtbot.waitUntil(lambda: page.sensitivity["text"].currentData() == "high")
    assert page.interval.value() == 2  # 90 minutes, shown in whole hours
    choose(page.appearance, "light")
    save(qtbot, desktop)
    shown = cli_settings(run_cli)
    assert shown["check_interval_minutes"] == 90  # not rounded to 120 by a save that did not touch it
    assert shown["creator_contact"] == "agent@studio.example" and shown["sensitivity"]["text"] == "high"
    page.interval.setValue(3)
    save(qtbot, desktop)
    assert cli_settings(run_cli)["check_interval_minutes"] == 180


def test_notice_details_are_kept_and_fill_the_dmca_draft(qtbot: QtBot, desktop: Desktop, paths: Paths,  # noqa: F811
                                                          run_cli: CliRunner) -> None:
    page = desktop.window.settings_page
    qtbot.keyClicks(page.creator_name, "Ada Lin")
    page.address.setPlainText("12 Harbour Lane\nPort Ellen, PA42 7AB")
    qtbot.keyClicks(page.phone, "+44 20 7946 0000")
    qtbot.keyClicks(page.email, "ada@adalumen.example")
    qtbot.keyClicks(page.tsa_url, "https://tsa.example/tsr")
    save(qtbot, desktop)

    shown = run_cli("evidence-settings", "--json")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout) == {"name": "Ada Lin", "address": "12 Harbour Lane\nPort Ellen, PA42 7AB",
                                        "phone": "+44 20 7946 0000", "email": "ada@adalumen.example",
                                        "on_behalf_of": "", "tsa": "https://tsa.example/tsr", "tsa_cert": ""}
    assert cli_settings(run_cli)["creator_name"] == "Ada Lin"
    db = open_database(paths.database)
    try:
        notice = draft_notice([], load_notice_details(db))
        assert saved_tsa_url(db) == "https://tsa.example/tsr"
    finally:
        db.conn.close()
    assert "Name:       Ada Lin" in notice and "Address:    12 Harbour Lane" in notice
    assert "Telephone:  +44 20 7946 0000" in notice and "Email:      ada@adalumen.example" in notice
    assert "[FILL IN: your" not in notice

    assert run_cli("evidence-settings", "--on-behalf-of", "Lumen Press Ltd").returncode == 0
    page.reload()  # and the other way round: what the command line set shows on the page
    qtbot.waitUntil(lambda: page.on_behalf_of.text() == "Lumen Press Ltd")
    assert page.creator_name.text() == "Ada Lin" and page.phone.text() == "+44 20 7946 0000"


def test_appearance_switches_the_window_and_show_folder_opens_the_data(qtbot: QtBot, desktop: Desktop,
                                                                       paths: Paths,  # noqa: F811
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    page = desktop.window.settings_page
    choose(page.appearance, "dark")
    save(qtbot, desktop)
    assert is_dark() and stored_preferences(paths).appearance == "dark"
    choose(page.appearance, "light")
    save(qtbot, desktop)
    assert not is_dark() and stored_preferences(paths).appearance == "light"

    opened: list[QUrl] = []
    def open_url(url: QUrl) -> bool:
        opened.append(url)
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(open_url))
    page.show_folder_button.click()
    assert [url.toLocalFile() for url in opened] == [str(paths.data)]


def test_the_unit_after_a_number_agrees_with_it(qtbot: QtBot, paths: Paths) -> None:  # noqa: F811
    """"Check every 1 hours" read as a slip."""
    page = SettingsView(paths)
    qtbot.addWidget(page)
    page.interval.setValue(1)
    page.keep_days.setValue(1)
    assert (page.interval.text(), page.keep_days.text()) == ("1 hour", "1 day")
    page.interval.setValue(6)
    page.keep_days.setValue(30)
    assert (page.interval.text(), page.keep_days.text()) == ("6 hours", "30 days")


def test_changes_not_saved_are_kept_on_leaving_the_page_and_on_closing_the_window(
        qtbot: QtBot, desktop: Desktop, paths: Paths, run_cli: CliRunner) -> None:  # noqa: F811
    """A name typed and a new Check every were lost without a word when the creator went to another page or closed
    the window: they are saved then, and the status bar says so. Leaving with nothing changed saves nothing."""
    window, page = desktop.window, desktop.window.settings_page
    said: list[str] = []
    page.message.connect(lambda text, _timeout: said.append(text))
    qtbot.keyClicks(page.creator_name, "Ada Lin")
    page.interval.setValue(12)
    with qtbot.waitSignal(page.saved, timeout=30_000):  # the save runs in the background, slower on a busy machine
        window.show_page("sources")
    assert said == ["Your changes to Settings were saved."]
    assert stored_preferences(paths).check_interval_minutes == 720
    assert cli_settings(run_cli)["creator_name"] == "Ada Lin"

    window.show_page("settings")
    window.show_page("library")  # nothing changed this time
    qtbot.wait(300)
    assert said == ["Your changes to Settings were saved."]

    window.show_page("settings")
    page.interval.setValue(3)
    window.keep_in_tray = True  # closed to the tray: the window goes, CreatorWatch keeps running
    window.close()
    qtbot.waitUntil(lambda: stored_preferences(paths).check_interval_minutes == 180, timeout=30_000)


def test_a_read_arriving_while_the_creator_types_leaves_what_they_typed(qtbot: QtBot, paths: Paths) -> None:  # noqa: F811
    """The data file is read again after any change (a check, a save): a read that lands while the creator is typing
    put back the stored values over theirs, and the change they then left the page with was lost."""
    page = SettingsView(paths)
    qtbot.addWidget(page)
    page.reload()
    qtbot.waitUntil(page.save_button.isEnabled)
    qtbot.keyClicks(page.creator_name, "Ada Lin")
    page.interval.setValue(3)
    page.reload()
    assert QThreadPool.globalInstance().waitForDone(10_000)
    qtbot.wait(100)
    assert page.creator_name.text() == "Ada Lin" and page.interval.value() == 3


def test_an_appearance_set_from_the_command_line_switches_the_open_window(qtbot: QtBot, desktop: Desktop,
                                                                           run_cli: CliRunner) -> None:
    """`creatorwatch settings appearance dark` with the window open on the light theme: the window turns dark
    without Save, as the Settings page already showed Dark."""
    page = desktop.window.settings_page
    assert not is_dark()
    assert run_cli("settings", "appearance", "dark").returncode == 0
    qtbot.waitUntil(lambda: page.appearance.currentData() == "dark", timeout=20_000)
    qtbot.waitUntil(is_dark, timeout=20_000)
    assert run_cli("settings", "appearance", "light").returncode == 0
    qtbot.waitUntil(lambda: not is_dark(), timeout=20_000)
