"""The Overview said "1 possible copies to review" (and "1 new mentions of you"): each card's words now agree with
its number."""

from __future__ import annotations

from PySide6.QtCore import QThreadPool
from pytestqt.qtbot import QtBot

from creatorwatch.paths import Paths
from creatorwatch.ui.dashboard import DashboardView
from tests.ui_fixtures import paths, seed  # noqa: F401


def cards(qtbot: QtBot, paths: Paths) -> list[str]:  # noqa: F811
    page = DashboardView(paths)
    qtbot.addWidget(page)
    page.reload()
    qtbot.waitUntil(lambda: page.new_matches.value.text() != "–")
    assert QThreadPool.globalInstance().waitForDone(30_000)
    return [f"{card.value.text()} {card.caption.text()}" for card in (page.works, page.new_matches, page.new_mentions)]


def test_one_of_each_is_said_in_the_singular(qtbot: QtBot, paths: Paths) -> None:  # noqa: F811
    seed(paths, works=1, finds=2)  # one possible copy and one mention
    assert cards(qtbot, paths) == ["1 work in your library: 1 text", "1 possible copy to review",
                                   "1 new mention of you"]


def test_more_than_one_in_the_plural(qtbot: QtBot, paths: Paths) -> None:  # noqa: F811
    seed(paths, works=3, finds=3)  # two possible copies and one mention
    assert cards(qtbot, paths)[1] == "2 possible copies to review"
