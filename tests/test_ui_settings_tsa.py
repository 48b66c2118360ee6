"""Settings refuses a timestamp authority that is not a web address: "not a url" was saved with "Settings saved.",
and every evidence bundle after it went without its trusted timestamp."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from creatorwatch.core.evidence.timestamp import saved_tsa_url
from creatorwatch.core.store.db import open_database
from creatorwatch.paths import Paths
from tests.ui_fixtures import open_window, paths, settle  # noqa: F401


def _saved_tsa(paths: Paths) -> str | None:  # noqa: F811
    db = open_database(paths.database)
    try:
        return saved_tsa_url(db)
    finally:
        db.conn.close()


def test_a_timestamp_authority_that_is_not_a_web_address_is_refused(qtbot: QtBot, paths: Paths) -> None:  # noqa: F811
    window = open_window(qtbot, paths, "settings")
    page = window.settings_page
    qtbot.keyClicks(page.tsa_url, "not a url")
    page.save_button.click()
    settle()
    said = window.statusBar().currentMessage()
    assert said.startswith("\u201cnot a url\u201d is not a web address, so it cannot be a timestamp authority")
    assert "not saved" in said and _saved_tsa(paths) is None

    page.tsa_url.clear()
    qtbot.keyClicks(page.tsa_url, "https://freetsa.org/tsr")
    with qtbot.waitSignal(page.saved):
        page.save_button.click()
    assert window.statusBar().currentMessage() == "Settings saved."
    assert _saved_tsa(paths) == "https://freetsa.org/tsr"
