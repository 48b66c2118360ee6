"""Allow site on a find in a watched folder (a file:// address, which has no site) starts on that one file, and offers
its folder as a URL pattern beside it, each saying how many finds waiting for review it marks licensed: the folder was
offered pre-filled with OK the default, and one Enter marked six finds licensed and silenced the folder for good."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QRadioButton
from pytestqt.qtbot import QtBot

from creatorwatch.core.store.db import open_database
from creatorwatch.paths import Paths
from creatorwatch.ui.allow_choice import AllowChoiceDialog
from creatorwatch.ui.matches_view import MatchesView
from tests.ui_fixtures import open_window, paths, seed, statuses  # noqa: F401

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")


def folder_finds(paths: Paths, folder: Path, names: list[str]) -> None:  # noqa: F811
    """One new find per file of `folder`, as a folder source records them."""
    seed(paths, works=1, finds=0)
    db = open_database(paths.database)
    with db.conn:
        for number, name in enumerate(names, start=1):
            db.execute("INSERT INTO candidates (url, source, title, first_seen) VALUES (?, 'found online', ?, ?)",
                       [(folder / name).as_uri(), name, datetime.now(UTC).isoformat()])
            db.execute("INSERT INTO matches (type, candidate_id, work_id, kind, score, evidence, found_at) VALUES"
                       " ('match', ?, 1, 'text', 0.9, '{}', ?)", [number, datetime.now(UTC).isoformat()])
    db.conn.close()


def ask(qtbot: QtBot, review: MatchesView, name: str) -> AllowChoiceDialog:
    qtbot.waitUntil(lambda: review.model.rowCount() == 3, timeout=10_000)
    [row] = [r for r in range(3) if review.model.finding_at(r).title == name]
    review.table.selectRow(row)
    review.allow_action.trigger()
    qtbot.waitUntil(lambda: any(d.isVisible() for d in review.findChildren(AllowChoiceDialog)), timeout=10_000)
    [dialog] = [d for d in review.findChildren(AllowChoiceDialog) if d.isVisible()]
    return dialog


def choices(dialog: AllowChoiceDialog) -> list[tuple[str, bool]]:
    return [(button.text(), button.isChecked()) for button in dialog.findChildren(QRadioButton)]


def test_enter_allows_only_the_file_and_says_how_many_each_choice_marks(qtbot: QtBot, paths: Paths,  # noqa: F811
                                                                       tmp_path: Path) -> None:
    folder = tmp_path / "online"
    folder_finds(paths, folder, ["forum_thread.txt", "gallery.png", "notes.txt"])
    review = open_window(qtbot, paths, page="review").matches
    dialog = ask(qtbot, review, "forum_thread.txt")
    assert choices(dialog) == [
        ("Only this file, “forum_thread.txt”: marks 1 find waiting for review licensed now", True),
        ("Every file in its folder “online”, also those found there later: marks 3 finds waiting for review "
         "licensed now", False),
        ("Another site or URL pattern:", False)]
    assert dialog.allow_button.isDefault()
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # one Enter: that file alone
    qtbot.waitUntil(lambda: statuses(paths) == {1: "licensed", 2: "new", 3: "new"}, timeout=10_000)
    assert QThreadPool.globalInstance().waitForDone(30_000)


def test_the_folder_is_there_to_choose(qtbot: QtBot, paths: Paths, tmp_path: Path) -> None:  # noqa: F811
    folder = tmp_path / "dataset dump"
    folder_finds(paths, folder, ["copy.png", "other.png", "third.png"])
    review = open_window(qtbot, paths, page="review").matches
    dialog = ask(qtbot, review, "copy.png")
    [_file, whole_folder, _other] = dialog.findChildren(QRadioButton)
    assert whole_folder.toolTip() == folder.as_uri() + "/*"
    whole_folder.setChecked(True)
    dialog.allow_button.click()
    qtbot.waitUntil(lambda: statuses(paths) == {1: "licensed", 2: "licensed", 3: "licensed"}, timeout=10_000)
    assert QThreadPool.globalInstance().waitForDone(30_000)


def test_a_pattern_typed_says_how_many_it_marks(qtbot: QtBot, paths: Paths, tmp_path: Path) -> None:  # noqa: F811
    folder = tmp_path / "online"
    folder_finds(paths, folder, ["a.txt", "b.txt", "c.png"])
    review = open_window(qtbot, paths, page="review").matches
    dialog = ask(qtbot, review, "a.txt")
    qtbot.keyClicks(dialog.pattern, folder.as_uri() + "/*.txt")
    assert dialog.other.isChecked()
    assert dialog.other_count.text().endswith("marks 2 finds waiting for review licensed now.")
    dialog.allow_button.click()
    qtbot.waitUntil(lambda: statuses(paths) == {1: "licensed", 2: "licensed", 3: "new"}, timeout=10_000)
    assert QThreadPool.globalInstance().waitForDone(30_000)
