"""On a small screen (a 1024×600 netbook, a 900×480 window) the Settings page squashed its form: the postal
address box shrank to one line and spin boxes were cut in half. The form keeps its size and scrolls instead."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from creatorwatch.paths import Paths
from creatorwatch.ui.settings_view import SettingsView
from tests.ui_fixtures import paths  # noqa: F401


@pytest.fixture
def settings(qtbot: QtBot, paths: Paths) -> Iterator[SettingsView]:  # noqa: F811
    window = QWidget()  # as in the main window, the page gets the room there is, not the room it would like
    qtbot.addWidget(window)
    view = SettingsView(paths, window)
    view.reload()
    qtbot.waitUntil(view.save_button.isEnabled)  # read
    yield view
    assert QThreadPool.globalInstance().waitForDone(30_000)


@pytest.mark.parametrize("size", [(1024, 600 - 160), (900, 480 - 160)])  # less the window's toolbar and status bar
def test_a_short_window_scrolls_the_form_rather_than_squash_it(qtbot: QtBot, settings: SettingsView,
                                                               size: tuple[int, int]) -> None:
    window = settings.parentWidget()
    assert window is not None
    window.setFixedSize(*size)
    settings.setGeometry(0, 0, *size)
    window.show()
    qtbot.waitExposed(window)
    lines = settings.address.fontMetrics().lineSpacing()
    assert settings.address.height() >= 3 * lines  # room for a street, a town and a postcode
    for box in (settings.interval, settings.keep_days):
        assert box.height() >= box.sizeHint().height()  # not cut in half
    assert settings.form_area.verticalScrollBar().isVisible()  # the rest is a scroll away
