"""Buttons that hand something to the desktop, on a computer that cannot take it: Open page, Show in folder and Play
did nothing at all and said nothing. They now say why, in the status bar, and copy the address to paste."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtGui import QDesktopServices
from PySide6.QtMultimedia import QAudioDevice, QMediaDevices
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from creatorwatch.paths import Paths
from creatorwatch.ui.main_window import MainWindow
from tests.ui_fixtures import open_window, paths, seed  # noqa: F401

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")


@pytest.fixture
def window(qtbot: QtBot, paths: Paths, monkeypatch: pytest.MonkeyPatch) -> MainWindow:  # noqa: F811
    """Review with a find chosen, on a desktop with no program to open web pages or folders."""
    seed(paths, works=1, finds=2)
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda _url: False))
    win = open_window(qtbot, paths, "review")
    view = win.matches
    row = next(r for r in range(view.model.rowCount()) if view.model.finding_at(r).type == "match")
    view.table.selectionModel().select(view.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                                       | QItemSelectionModel.SelectionFlag.Rows)
    return win


def test_open_page_without_a_browser_says_so_and_copies_the_address(qtbot: QtBot, window: MainWindow) -> None:
    view = window.matches
    view.compare_selected()
    dialog = view._dialogs[-1]
    next(b for b in dialog.findChildren(QPushButton) if b.text() == "Open page").click()
    assert window.statusBar().currentMessage() == (
        "This computer has no program set up to open web pages, so the address was copied: paste it into your web "
        "browser.")
    assert QApplication.clipboard().text() == "https://copies.example/item/0"
    QApplication.clipboard().clear()
    dialog.explanation.linkActivated.emit("https://copies.example/item/0")  # its Address: link, clicked
    assert QApplication.clipboard().text() == "https://copies.example/item/0"
    dialog.close()


def test_show_in_folder_without_a_file_manager_says_where_the_folder_is(qtbot: QtBot, window: MainWindow,
                                                                        tmp_path: Path) -> None:
    view = window.matches
    with qtbot.waitSignal(view.message, timeout=30_000,
                          check_params_cb=lambda text, _: text.startswith("Saved the evidence bundle")):
        view.export_to(tmp_path / "bundle.zip", view.selected_ids())
    box = view.saved_box
    assert box is not None
    qtbot.waitUntil(box.isVisible)
    next(b for b in box.buttons() if b.text() == "Show in folder").click()
    assert window.statusBar().currentMessage().startswith(
        f"This computer has no program set up to show folders. The folder is {tmp_path}; it was copied")
    assert QApplication.clipboard().text() == str(tmp_path)


@pytest.mark.qt_log_ignore("This plugin does not support raise", "PulseAudioService", "Could not open media",
                            "symbols")  # QtMultimedia's words on this machine's missing sound service and file
def test_play_says_when_there_is_no_sound_output_or_the_recording_will_not_play(
        qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    view = window.matches
    view.compare_selected()
    dialog = view._dialogs[-1]
    monkeypatch.setattr(QMediaDevices, "audioOutputs", staticmethod(lambda: []))
    dialog._play(str(tmp_path / "yours.wav"), 0.0)  # what Play yours does
    assert window.statusBar().currentMessage() == \
        "This computer has no sound output set up, so the recording cannot be played."

    monkeypatch.setattr(QMediaDevices, "audioOutputs", staticmethod(lambda: [QAudioDevice()]))
    dialog._play(str(tmp_path / "gone.wav"), 0.0)  # a file no longer there
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("The recording could not be played: "))
    dialog.close()
