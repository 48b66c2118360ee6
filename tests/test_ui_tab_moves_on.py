"""Tab in the Postal address (Settings) and in Add source's Settings box typed a tab character, which then ended up
in the takedown notice (or in a setting's value), and kept the keyboard in the box: Tab now goes on to the next
field, as in every other box, and nothing typed gains a tab."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from creatorwatch.paths import Paths
from creatorwatch.ui.add_source import AddSourceDialog
from creatorwatch.ui.settings_view import SettingsView
from tests.ui_fixtures import paths  # noqa: F401


def tab_out_of(qtbot: QtBot, window: QWidget, box: QPlainTextEdit, typed: str) -> None:
    window.show()
    qtbot.waitExposed(window)
    box.setFocus()
    qtbot.keyClicks(box, typed)
    qtbot.keyClick(box, Qt.Key.Key_Tab)
    assert box.toPlainText() == typed
    assert window.focusWidget() is not box


def test_tab_leaves_the_postal_address(qtbot: QtBot, paths: Paths) -> None:  # noqa: F811
    page = SettingsView(paths)
    qtbot.addWidget(page)
    tab_out_of(qtbot, page, page.address, "1 Harbour Lane")
    assert page.focusWidget() is page.phone


def test_tab_leaves_the_settings_of_a_new_source(qtbot: QtBot) -> None:
    dialog = AddSourceDialog()
    qtbot.addWidget(dialog)
    dialog.type.setCurrentIndex(dialog.type.findData("feed"))
    tab_out_of(qtbot, dialog, dialog.settings, "url=https://blog.example/feed.xml")
    assert "\t" not in dialog.config().settings["url"]
