"""The Overview's takedowns card says what it counts: it read "open takedowns" and stayed 0 after the creator
exported a notice, yet exporting does not start a takedown — recording one does (in the Takedowns window the card
opens, or with `creatorwatch takedown`)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from creatorwatch.core.evidence.takedown import Takedowns
from creatorwatch.core.store.db import open_database
from creatorwatch.paths import Paths
from creatorwatch.ui.dashboard import DashboardView
from tests.ui_fixtures import paths, seed  # noqa: F401


def test_the_card_counts_the_takedowns_the_creator_follows(qtbot: QtBot, paths: Paths) -> None:  # noqa: F811
    seed(paths, works=2, finds=4)
    db = open_database(paths.database)
    Takedowns(db).record(1, "sent", channel="email", recipient="copyright@host.example")
    Takedowns(db).record(2, "removed")  # done: `takedown list` leaves it out, and so does the card
    Takedowns(db).record(3, "refused")
    db.conn.close()
    page = DashboardView(paths)
    qtbot.addWidget(page)
    page.reload()
    card = page.takedowns
    qtbot.waitUntil(lambda: card.value.text() == "1", timeout=10_000)
    assert card.caption.text() == "takedown you are following"
    assert "Saving an evidence bundle does not start one" in card.toolTip()
    assert "record that it was sent here" in card.toolTip()  # the card opens where it is recorded
