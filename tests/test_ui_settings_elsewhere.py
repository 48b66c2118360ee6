"""Settings changed from the command line while the window is open: the page shows them, and Save settings writes
only what the creator changed on the page (it wrote back its stale values: `settings sensitivity.image high` became
normal again). And the window and `creatorwatch settings` show the same values: the voice option as stored, with why
it is greyed, and the creator's email as creator_contact."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from creatorwatch.paths import Paths
from creatorwatch.ui import settings_view
from creatorwatch.ui.desktop import Desktop
from creatorwatch.ui.settings_view import SettingsView
from tests.conftest import CliRunner
from tests.ui_fixtures import RecordingScheduler, paths  # noqa: F401

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")


def shown_settings(qtbot: QtBot, paths: Paths) -> SettingsView:  # noqa: F811
    """The Settings page shown over `paths`, its stored settings read."""
    page = SettingsView(paths)
    qtbot.addWidget(page)
    page.show()
    page.reload()
    qtbot.waitUntil(page.save_button.isEnabled)
    return page


@pytest.fixture
def desktop(qtbot: QtBot, paths: Paths) -> Iterator[Desktop]:  # noqa: F811
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    running = Desktop(paths, app, tray_available=False, make_scheduler=RecordingScheduler)
    assert running.start()
    qtbot.addWidget(running.window)
    running.window.show_page("settings")
    qtbot.waitUntil(lambda: running.window.settings_page.save_button.isEnabled())
    yield running
    running.shutdown()
    app.setQuitOnLastWindowClosed(True)


def cli_settings(run_cli: CliRunner) -> dict[str, Any]:
    shown = run_cli("settings", "--json")
    assert shown.returncode == 0, shown.stderr
    return dict(json.loads(shown.stdout))


def sensitivity(page: SettingsView, kind: str) -> str:
    return str(page.sensitivity[kind].currentData())


def save(qtbot: QtBot, page: SettingsView) -> None:
    with qtbot.waitSignal(page.saved, timeout=30_000):
        page.save_button.click()


def test_a_setting_changed_from_the_command_line_shows_and_survives_save(
        qtbot: QtBot, desktop: Desktop, run_cli: CliRunner) -> None:
    page = desktop.window.settings_page
    assert sensitivity(page, "image") == "normal"
    assert run_cli("settings", "sensitivity.image", "high").returncode == 0
    qtbot.waitUntil(lambda: sensitivity(page, "image") == "high", timeout=10_000)  # the open page shows it

    page.notify.setChecked(False)  # the creator is changing something else, not saved yet …
    assert run_cli("settings", "sensitivity.audio", "low").returncode == 0  # … when a script changes another
    qtbot.waitUntil(lambda: sensitivity(page, "audio") == "low", timeout=10_000)
    assert not page.notify.isChecked()  # what they typed stays
    save(qtbot, page)
    stored = cli_settings(run_cli)
    assert (stored["sensitivity"], stored["notify"]) == ({"image": "high", "audio": "low", "text": "normal"}, False)


def test_save_writes_only_what_was_changed_on_the_page(qtbot: QtBot, paths: Paths,  # noqa: F811
                                                       run_cli: CliRunner) -> None:
    page = SettingsView(paths)  # no watcher: the page cannot have seen the change below
    qtbot.addWidget(page)
    page.reload()
    qtbot.waitUntil(page.save_button.isEnabled)
    assert run_cli("settings", "sensitivity.text", "low").returncode == 0
    assert run_cli("settings", "check_interval_minutes", "90").returncode == 0
    assert sensitivity(page, "text") == "normal"  # still as read
    page.sensitivity["image"].setCurrentIndex(page.sensitivity["image"].findData("high"))
    save(qtbot, page)
    stored = cli_settings(run_cli)
    assert stored["sensitivity"] == {"image": "high", "audio": "normal", "text": "low"}
    assert stored["check_interval_minutes"] == 90
    assert sensitivity(page, "text") == "low"  # and the page shows what is stored now
    assert QThreadPool.globalInstance().waitForDone(30_000)


def test_the_voice_option_shows_what_is_stored_and_why_it_is_greyed(
        qtbot: QtBot, paths: Paths, run_cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    monkeypatch.setattr(settings_view, "voice_installed", lambda: False)  # the quick start leaves the extra out
    assert run_cli("settings", "remember_voices", "on").returncode == 0
    page = shown_settings(qtbot, paths)
    assert page.remember_voices.isChecked() and not page.remember_voices.isEnabled()
    assert page.voices_unavailable.isVisible()
    assert page.voices_unavailable.text().startswith("Not available: voice matching is not installed")
    assert "no effect" in page.remember_voices.toolTip()
    page.notify.setChecked(False)
    save(qtbot, page)
    assert cli_settings(run_cli)["remember_voices"] is True  # saving the page did not switch it off
    assert QThreadPool.globalInstance().waitForDone(30_000)


def test_the_email_is_the_contact_the_command_line_shows(qtbot: QtBot, paths: Paths,  # noqa: F811
                                                         run_cli: CliRunner) -> None:
    page = shown_settings(qtbot, paths)
    page.email.setText("ada@example.org")
    save(qtbot, page)
    assert cli_settings(run_cli)["creator_contact"] == "ada@example.org"
    assert "creator_contact = ada@example.org" in run_cli("settings").stdout

    assert run_cli("settings", "creator_contact", "studio@example.org").returncode == 0
    assert "studio@example.org" in run_cli("evidence-settings").stdout  # what notices use
    page.hide()
    page.show()  # back on the page: it reads the settings again
    qtbot.waitUntil(lambda: page.email.text() == "studio@example.org", timeout=10_000)
    assert QThreadPool.globalInstance().waitForDone(30_000)


def test_the_postal_address_and_telephone_are_settings_the_command_line_shows_and_sets(
        qtbot: QtBot, paths: Paths, run_cli: CliRunner) -> None:  # noqa: F811
    page = shown_settings(qtbot, paths)
    page.address.setPlainText("12 Calle Mayor\n28013 Madrid")
    page.phone.setText("+34 600 000 000")
    save(qtbot, page)
    stored = cli_settings(run_cli)
    assert (stored["creator_address"], stored["creator_phone"]) == ("12 Calle Mayor\n28013 Madrid", "+34 600 000 000")
    listed = run_cli("settings").stdout
    assert "creator_address = 12 Calle Mayor / 28013 Madrid" in listed and "creator_phone = +34 600 000 000" in listed
    helped = " ".join(run_cli("settings", "--help").stdout.split())
    assert "creator_address, creator_phone" in helped

    assert run_cli("settings", "creator_phone", "+34 911 111 111").returncode == 0
    assert run_cli("settings", "creator_address", "").returncode == 0  # cleared
    assert "+34 911 111 111" in run_cli("evidence-settings").stdout  # what notices use
    page.hide()
    page.show()  # back on the page: it reads the settings again
    qtbot.waitUntil(lambda: page.phone.text() == "+34 911 111 111", timeout=10_000)
    assert page.address.toPlainText() == ""
    assert run_cli("settings", "creator_phone").stdout == "creator_phone = +34 911 111 111\n"
    assert QThreadPool.globalInstance().waitForDone(30_000)


def test_a_line_break_pasted_into_the_telephone_becomes_a_space_and_the_address_keeps_its_lines(
        qtbot: QtBot, paths: Paths, run_cli: CliRunner) -> None:  # noqa: F811
    """A telephone number holding a line break put its second half at the start of a line of the DMCA notice."""
    page = shown_settings(qtbot, paths)
    page.phone.setText("+34 600\n000 000")  # as a paste leaves it
    page.creator_name.setText("   ")
    page.address.setPlainText(" 12 Calle Mayor \n\n28013 Madrid ")
    save(qtbot, page)
    stored = cli_settings(run_cli)
    assert (stored["creator_phone"], stored["creator_name"]) == ("+34 600 000 000", "")
    assert stored["creator_address"] == "12 Calle Mayor\n28013 Madrid"
