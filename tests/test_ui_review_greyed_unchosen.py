"""Review's buttons that act on finds are greyed while no find is chosen, as the Library's are: they were drawn
enabled on an empty page, and a click only wrote a hint that named "Follow takedown…" where the button said
"Follow takedown"."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QToolButton
from pytestqt.qtbot import QtBot

from creatorwatch.paths import Paths
from creatorwatch.ui.main_window import MainWindow
from tests.ui_fixtures import open_window, paths, seed  # noqa: F401

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")

ACTING_ON_FINDS = [
    "Confirm",
    "Dismiss",
    "Licensed",
    "Back to new",
    "Allow site",
    "Compare",
    "Export evidence",
    "Follow takedown",
]


def enabled_buttons(window: MainWindow) -> dict[str, bool]:
    """Each toolbar button as drawn, by the words on it."""
    buttons = window.matches.toolbar.findChildren(QToolButton)
    return {b.text(): b.isEnabled() for b in buttons if b.defaultAction() is not None}


def test_buttons_acting_on_finds_are_greyed_until_one_is_chosen(qtbot: QtBot, paths: Paths) -> None:  # noqa: F811
    seed(paths)
    window = open_window(qtbot, paths, "review")
    review = window.matches
    shown = enabled_buttons(window)
    assert {text: shown[text] for text in ACTING_ON_FINDS} == dict.fromkeys(ACTING_ON_FINDS, False)
    assert review.takedown_action.toolTip().startswith("Start following a takedown of the selected find")

    review.table.selectRow(0)
    assert {text: enabled_buttons(window)[text] for text in ACTING_ON_FINDS} == dict.fromkeys(ACTING_ON_FINDS, True)

    review.table.selectAll()  # several finds: a takedown is of one
    shown = enabled_buttons(window)
    assert shown["Follow takedown"] is False and shown["Confirm"] is True

    review.table.clearSelection()
    assert not any(enabled_buttons(window)[text] for text in ACTING_ON_FINDS)
    assert QThreadPool.globalInstance().waitForDone(30_000)


def test_the_hint_names_the_button_as_it_reads(qtbot: QtBot, paths: Paths) -> None:  # noqa: F811
    window = open_window(qtbot, paths, "review")
    said: list[str] = []
    window.matches.message.connect(lambda text, _ms: said.append(text))
    window.matches.follow_takedown()  # as the key T did with no find chosen
    assert "Follow takedown" in enabled_buttons(window)
    assert said == ["Choose one find, then Follow takedown starts following its takedown."]
    assert QThreadPool.globalInstance().waitForDone(30_000)
