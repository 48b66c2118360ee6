"""Takedowns are followed in the window, not only on the command line: the Overview's card opens them, Review starts
one, and a step, a note or a re-check done in the window is what `creatorwatch takedown` then shows (same rows)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QMessageBox
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot

from creatorwatch.core.evidence.takedown import Takedowns
from creatorwatch.core.records.findings import Findings
from creatorwatch.core.store.db import open_database
from creatorwatch.paths import Paths
from creatorwatch.ui.main_window import MainWindow
from tests.conftest import CliRunner
from tests.evidence_fixtures import record_match
from tests.ui_fixtures import open_window, paths, seed, settle  # noqa: F401

if TYPE_CHECKING:  # each test fails on its own without the window's takedowns, not the whole file at import
    from creatorwatch.ui.takedowns_dialog import TakedownsDialog

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def _record(paths: Paths, match_id: int, step: str, **details: str) -> None:  # noqa: F811
    db = open_database(paths.database)
    try:
        Takedowns(db).record(match_id, step, **details)
    finally:
        db.conn.close()


def _listed(dialog: TakedownsDialog) -> list[tuple[str, ...]]:
    model = dialog.model
    return [tuple(model.data(model.index(row, column)) for column in range(model.columnCount()))
            for row in range(model.rowCount())]


def _dialog(qtbot: QtBot, win: MainWindow, rows: int) -> TakedownsDialog:
    qtbot.waitUntil(lambda: win.takedowns is not None and win.takedowns.isVisible() and win.takedowns.loaded
                    and win.takedowns.model.rowCount() == rows, timeout=10_000)
    assert win.takedowns is not None
    settle()  # its log read too
    return win.takedowns


def _card_number(win: MainWindow) -> str:
    return win.dashboard.takedowns.value.text()


def test_the_card_opens_the_takedowns_recorded_with_the_core(qtbot: QtBot, paths: Paths) -> None:  # noqa: F811
    seed(paths, works=2, finds=4)
    _record(paths, 1, "sent", channel="email", recipient="copyright@copies.example")
    _record(paths, 2, "removed")
    win = open_window(qtbot, paths, "overview")
    card = win.dashboard.takedowns
    assert _card_number(win) == "1"
    assert "Click, or press Enter" in card.toolTip() and "command line" not in card.toolTip()
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    dialog = _dialog(qtbot, win, 1)
    [(find, work, where, step, _sent, days, _check)] = _listed(dialog)
    assert (find, work, where, step, days) == ("#1", "Work 0", "copies.example", "Sent", "0")
    assert any("Notice sent" in line and "copyright@copies.example" in line for line in dialog.history.lines())
    dialog.closed_too.setChecked(True)  # the removed one too
    qtbot.waitUntil(lambda: [row[3] for row in _listed(dialog)] == ["Sent", "Removed"], timeout=10_000)
    dialog.close()
    card.setFocus()  # the keyboard opens it as well
    qtbot.keyClick(card, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.isVisible(), timeout=5_000)


def test_sent_recorded_in_the_window_is_what_the_command_line_lists(qtbot: QtBot, paths: Paths,  # noqa: F811
                                                                    run_cli: CliRunner) -> None:
    seed(paths, works=2, finds=4)
    _record(paths, 2, "drafted")
    win = open_window(qtbot, paths, "overview")
    win.open_takedowns()
    dialog = _dialog(qtbot, win, 1)
    form = dialog.form
    assert form.step.currentData() == "sent"  # what comes after a draft
    form.record_button.click()  # how and to whom are missing: nothing is written
    assert form.problem.isVisible()
    qtbot.keyClicks(form.channel, "web form")
    qtbot.keyClicks(form.recipient, "legal@copies.example")
    qtbot.keyClicks(form.note, "ticket 5521")
    form.record_button.click()
    qtbot.waitUntil(lambda: bool(_listed(dialog)) and _listed(dialog)[0][3] == "Sent", timeout=10_000)
    settle()
    listed = json.loads(run_cli("takedown", "list", "--json").stdout)
    assert [(t["match_id"], t["status"], t["channel"], t["recipient"], t["days_since_sent"]) for t in listed] == \
        [(2, "sent", "web form", "legal@copies.example", 0)]
    shown = json.loads(run_cli("takedown", "show", "2", "--json").stdout)
    assert shown["custody"][-1]["action"] == "takedown_sent"
    assert shown["custody"][-1]["detail"]["note"] == "ticket 5521"


def test_a_note_added_in_the_window_is_in_its_log(qtbot: QtBot, paths: Paths, run_cli: CliRunner) -> None:  # noqa: F811
    seed(paths, works=2, finds=4)
    _record(paths, 1, "sent", channel="email", recipient="copyright@copies.example")
    win = open_window(qtbot, paths, "overview")
    win.open_takedowns()
    dialog = _dialog(qtbot, win, 1)
    qtbot.keyClicks(dialog.note, "they asked for the original file")
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: any("they asked for the original file" in line for line in dialog.history.lines()),
                    timeout=10_000)
    settle()
    done = run_cli("takedown", "show", "1")
    assert done.returncode == 0
    assert "note — note: they asked for the original file" in done.stdout.splitlines()[-1]


def test_review_starts_a_takedown_and_the_overview_counts_it(qtbot: QtBot, paths: Paths,  # noqa: F811
                                                            run_cli: CliRunner) -> None:
    seed(paths, works=2, finds=4)
    win = open_window(qtbot, paths, "review")
    assert _card_number(win) == "0"
    view = win.matches
    row = view.model.row_of(3)
    assert row is not None
    view.table.selectionModel().select(view.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                                       | QItemSelectionModel.SelectionFlag.Rows)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_T)
    qtbot.waitUntil(lambda: _shown(view.unconfirmed_box), timeout=10_000)
    _answer(view.unconfirmed_box, "Follow its takedown anyway")
    dialog = _dialog(qtbot, win, 1)
    assert dialog.chosen_id() == 3 and _listed(dialog)[0][3] == "Drafted"
    qtbot.waitUntil(lambda: _card_number(win) == "1", timeout=10_000)
    assert [(t["match_id"], t["status"]) for t in json.loads(run_cli("takedown", "list", "--json").stdout)] == \
        [(3, "drafted")]
    # done: the Overview no longer counts it, and the dialog keeps it in sight among the closed ones
    dialog.form.step.setCurrentIndex(dialog.form.step.findData("removed"))
    dialog.form.record_button.click()
    qtbot.waitUntil(lambda: _card_number(win) == "0", timeout=10_000)
    qtbot.waitUntil(lambda: dialog.closed_too.isChecked() and dialog.chosen_id() == 3, timeout=10_000)
    assert json.loads(run_cli("takedown", "list", "--json").stdout) == []
    settle()


def _shown(box: QMessageBox | None) -> bool:
    return box is not None and box.isVisible()


def _answer(box: QMessageBox | None, text: str) -> None:
    assert box is not None
    [button] = [b for b in box.buttons() if b.text() == text]
    button.click()


def test_following_a_find_not_confirmed_asks_as_export_does_and_can_confirm_it(
        qtbot: QtBot, paths: Paths, run_cli: CliRunner) -> None:  # noqa: F811
    """Follow takedown on a "New" find drafted a notice that swears, under penalty of perjury, with no question, while
    Export evidence asked first; Cancel starts nothing, and "Confirm it and …" confirms the find as C would."""
    seed(paths, works=2, finds=4)
    win = open_window(qtbot, paths, "review")
    view = win.matches
    row = view.model.row_of(3)
    assert row is not None
    view.table.selectionModel().select(view.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                                       | QItemSelectionModel.SelectionFlag.Rows)
    view.takedown_action.trigger()
    qtbot.waitUntil(lambda: _shown(view.unconfirmed_box), timeout=10_000)
    box = view.unconfirmed_box
    assert box is not None and box.objectName() == "takedown-unconfirmed" and box.windowTitle() == "Not confirmed yet"
    assert "The chosen find is not confirmed yet: the notice draft swears, under penalty of perjury" in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
    settle()
    assert win.takedowns is None and json.loads(run_cli("takedown", "list", "--json").stdout) == []
    view.takedown_action.trigger()
    qtbot.waitUntil(lambda: view.unconfirmed_box not in (None, box) and _shown(view.unconfirmed_box), timeout=10_000)
    _answer(view.unconfirmed_box, "Confirm it and follow its takedown")
    dialog = _dialog(qtbot, win, 1)
    assert dialog.chosen_id() == 3
    assert [(t["match_id"], t["status"]) for t in json.loads(run_cli("takedown", "list", "--json").stdout)] == \
        [(3, "drafted")]
    db = open_database(paths.database)
    try:
        found = Findings(db).get(3)
        assert found is not None and found.status == "confirmed"
    finally:
        db.conn.close()
    settle()


def test_review_will_not_start_one_for_a_dismissed_find(qtbot: QtBot, paths: Paths) -> None:  # noqa: F811
    seed(paths, works=2, finds=4)
    db = open_database(paths.database)
    db.execute("UPDATE matches SET status = 'dismissed' WHERE id = 1")
    db.conn.commit()
    db.conn.close()
    win = open_window(qtbot, paths, "review")
    view = win.matches
    view.show_status("Everything")
    row = view.model.row_of(1)
    assert row is not None
    view.table.selectionModel().select(view.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                                       | QItemSelectionModel.SelectionFlag.Rows)
    view.takedown_action.trigger()
    settle()
    assert win.takedowns is None
    said = view.findChild(QMessageBox, "warning")
    assert said is not None and "#1 is dismissed" in said.text() and "confirm it first (C)" in said.text()
    said.close()
    db = open_database(paths.database)
    try:
        assert Takedowns(db).all() == []
    finally:
        db.conn.close()


def test_following_one_already_sent_keeps_its_step_and_a_change_elsewhere_shows(
        qtbot: QtBot, paths: Paths) -> None:  # noqa: F811
    """Review's Follow takedown… on a find whose notice went opens it as it is (`takedown draft` would set it back to
    drafted); a step recorded on the command line shows in the open window once the data file is read again."""
    seed(paths, works=2, finds=4)
    _record(paths, 2, "sent", channel="email", recipient="copyright@copies.example")
    win = open_window(qtbot, paths, "review")
    view = win.matches
    row = view.model.row_of(2)
    assert row is not None
    view.table.selectionModel().select(view.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                                       | QItemSelectionModel.SelectionFlag.Rows)
    view.takedown_action.trigger()
    dialog = _dialog(qtbot, win, 1)
    assert dialog.chosen_id() == 2 and _listed(dialog)[0][3] == "Sent"
    assert dialog.form.step.currentData() == "acknowledged"
    _record(paths, 2, "acknowledged", note="ticket 5521")  # as `creatorwatch takedown acknowledged` does
    win.refresh_from_data()  # what the window does when the data file changed
    qtbot.waitUntil(lambda: _listed(dialog)[0][3] == "Acknowledged", timeout=10_000)
    qtbot.waitUntil(lambda: dialog.form.step.currentData() == "removed", timeout=10_000)  # the step after it
    settle()


def test_re_check_now_runs_in_the_background_and_records_a_copy_gone(qtbot: QtBot, paths: Paths,  # noqa: F811
                                                                     tmp_path: Path, httpserver: HTTPServer,
                                                                     run_cli: CliRunner) -> None:
    """Re-check now fetches each open takedown's address on a pool thread, as `takedown recheck` does: a copy that
    answers 410 is recorded as removed, said in the dialog, and no longer counted on the Overview."""
    recorded = record_match(paths.database, tmp_path / "files", httpserver)
    Takedowns(recorded.db).record(recorded.match_id, "sent", channel="email", recipient="host")
    recorded.db.conn.close()
    httpserver.clear()
    httpserver.expect_request("/old/copy.png").respond_with_data("gone", status=410)
    win = open_window(qtbot, paths, "overview")
    assert _card_number(win) == "1"
    dialog = win.open_takedowns()
    _dialog(qtbot, win, 1)
    dialog.recheck_button.click()
    assert not dialog.recheck_button.isEnabled()  # one re-check at a time, while the window stays free
    qtbot.waitUntil(lambda: dialog.recheck_button.isEnabled(), timeout=30_000)
    assert dialog.said.text() == "Re-checked 1 address: 1 gone (recorded as removed)."
    qtbot.waitUntil(lambda: _card_number(win) == "0", timeout=10_000)
    qtbot.waitUntil(lambda: dialog.loaded and dialog.model.rowCount() == 0, timeout=10_000)
    settle()
    [shown] = json.loads(run_cli("takedown", "list", "--all", "--json").stdout)
    assert (shown["status"], shown["check_result"]) == ("removed", "gone")


def test_reading_a_draft_on_the_command_line_follows_nothing_until_asked(qtbot: QtBot, paths: Paths,  # noqa: F811
                                                                          run_cli: CliRunner) -> None:
    """`takedown draft ID` prints the notice, as the README says, and the Overview counts no takedown for it; one is
    followed once the creator says so (--follow, or recording it as sent), in the window and the command line."""
    seed(paths, works=2, finds=4)
    win = open_window(qtbot, paths, "overview")
    assert _card_number(win) == "0"
    read = run_cli("takedown", "draft", "2")
    assert read.returncode == 0, read.stderr
    assert read.stdout.startswith("DRAFT") and "not followed" in read.stderr and "--follow" in read.stderr
    assert json.loads(run_cli("takedown", "list", "--json").stdout) == []
    help_said = " ".join(run_cli("takedown", "draft", "--help").stdout.split())
    assert "starts following a takedown only with --follow" in help_said

    followed = run_cli("takedown", "draft", "2", "--follow")
    assert followed.returncode == 0 and "not followed" not in followed.stderr
    assert [(t["match_id"], t["status"]) for t in json.loads(run_cli("takedown", "list", "--json").stdout)] == \
        [(2, "drafted")]
    win.refresh_from_data()  # what the window does when the data file changed
    qtbot.waitUntil(lambda: _card_number(win) == "1", timeout=10_000)
    win.open_takedowns()
    dialog = _dialog(qtbot, win, 1)
    assert dialog.chosen_id() == 2 and _listed(dialog)[0][3] == "Drafted"

    _record(paths, 2, "sent", channel="email", recipient="copyright@copies.example")
    again = run_cli("takedown", "draft", "2")  # a takedown followed already: the draft is noted in its log
    assert again.returncode == 0 and "is already sent; it stays so" in again.stderr
    shown = json.loads(run_cli("takedown", "show", "2", "--json").stdout)
    assert any("drafted again" in json.dumps(entry) for entry in shown["custody"])
    settle()
