"""Model probing switched per work in the Library: the window says what would be sent and where (the words of
`probe enable`) with Cancel as the default, records exactly the consent the command line would, switches off, and
says how to get an endpoint, or why a work cannot be probed, instead of offering a dead box."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from creatorwatch.ui.add_source import AddSourceDialog
from creatorwatch.ui.library_model import PROBE_COLUMN
from creatorwatch.ui.library_probe import NO_ENDPOINT
from creatorwatch.ui.library_view import LibraryView
from creatorwatch.ui.main_window import MainWindow
from tests.conftest import CliRunner
from tests.media import make_picture, make_recording
from tests.probe_model import make_story, probes_enabled
from tests.ui_fixtures import paths, window  # noqa: F401

ENDPOINT = "http://127.0.0.1:11434/v1"  # a local model: never contacted, consent sends nothing


@pytest.fixture
def works(run_cli: CliRunner, tmp_path: Path) -> dict[str, int]:
    """A story, a picture and a recording in the library; the creator's name among the watch terms."""
    folder = tmp_path / "works"
    folder.mkdir()
    (folder / "Saltmarsh_Ledger.txt").write_text(make_story(3), encoding="utf-8")
    make_picture(folder / "harbour.png", seed=2)
    make_recording(folder / "reading.wav", seed=1, seconds=2)
    assert run_cli("add", folder).returncode == 0
    assert run_cli("terms", "add", "Wren Aldane").returncode == 0
    return {w["title"]: w["id"] for w in json.loads(run_cli("works", "--json").stdout)}


def _local_endpoint(run_cli: CliRunner) -> None:
    added = run_cli("sources", "add", "openai-compatible", "--name", "local", "--base-url", ENDPOINT,
                    "--set", "model=llama3")
    assert added.returncode == 0, added.stderr


def _rows(qtbot: QtBot, library: LibraryView, count: int) -> dict[str, int]:
    library.reload()
    qtbot.waitUntil(lambda: library.model.rowCount() == count, timeout=30_000)
    return {library.model.index(row, 0).data(): row for row in range(library.model.rowCount())}


def _cell(library: LibraryView, row: int) -> tuple[str | None, Any]:
    index = library.model.index(row, PROBE_COLUMN)
    return index.data(), index.data(Qt.ItemDataRole.CheckStateRole)


def _tick(library: LibraryView, row: int, on: bool) -> None:
    state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
    library.model.setData(library.model.index(row, PROBE_COLUMN), state.value, Qt.ItemDataRole.CheckStateRole)


def _box(qtbot: QtBot, library: LibraryView, name: str) -> QMessageBox:
    qtbot.waitUntil(lambda: library.probe.box is not None and library.probe.box.objectName() == name
                    and library.probe.box.isVisible(), timeout=15_000)
    box = library.probe.box
    assert isinstance(box, QMessageBox)
    return box


def test_switching_on_after_consent_records_what_probe_enable_records(
        qtbot: QtBot, window: MainWindow, works: dict[str, int], run_cli: CliRunner) -> None:  # noqa: F811
    _local_endpoint(run_cli)
    library = window.library
    rows = _rows(qtbot, library, 3)
    story = rows["Saltmarsh Ledger"]
    assert library.model.headerData(PROBE_COLUMN, Qt.Orientation.Horizontal) == "Probe"
    assert library.model.headerData(PROBE_COLUMN, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole).startswith(
        "Model probe: ")
    assert _cell(library, story) == ("", Qt.CheckState.Unchecked)

    _tick(library, story, True)
    box = _box(qtbot, library, "probe-consent")
    said = box.text()
    assert said.startswith("Switch on model probing for “Saltmarsh Ledger”?")
    assert "excerpts of “Saltmarsh Ledger” (a few passages of about 60 words each" in said
    assert "the name “Wren Aldane” as yours" in said
    assert f"to the model 'llama3' of local at {ENDPOINT} (a model on this computer" in said
    assert box.defaultButton() is box.escapeButton() is box.button(QMessageBox.StandardButton.Cancel)
    assert probes_enabled(run_cli) == []  # nothing recorded while the creator reads

    switch_on = next(b for b in box.buttons() if b.text() == "Switch on probing")
    switch_on.click()
    qtbot.waitUntil(lambda: _cell(library, story) == ("On: local", Qt.CheckState.Checked), timeout=15_000)
    assert "Probing is on for “Saltmarsh Ledger” on local" in window.statusBar().currentMessage()
    by_window = probes_enabled(run_cli)
    assert [(c["work_id"], c["source"], c["address"]) for c in by_window] == [(works["Saltmarsh Ledger"], "local",
                                                                                ENDPOINT)]
    assert by_window[0]["statement"] in said  # recorded in the very words the creator agreed to
    tooltip = library.model.index(story, PROBE_COLUMN).data(Qt.ItemDataRole.ToolTipRole)
    assert by_window[0]["statement"] in tooltip

    # the command line, asked the same, records the same consent
    assert run_cli("probe", "disable", works["Saltmarsh Ledger"]).returncode == 0
    assert run_cli("probe", "enable", works["Saltmarsh Ledger"]).returncode == 0
    assert probes_enabled(run_cli) == by_window

    # the endpoint moves: the consent no longer holds, and the box says so rather than "On"
    moved = run_cli("sources", "set", "local", "--base-url", "https://models.example/v1")
    assert moved.returncode == 0, moved.stderr
    library.reload()
    qtbot.waitUntil(lambda: _cell(library, story)[0] == "On: local (agree again)", timeout=15_000)
    assert "Nothing is sent to local" in library.model.index(story, PROBE_COLUMN).data(Qt.ItemDataRole.ToolTipRole)
    assert "Nothing is sent: local was removed or now points elsewhere" in run_cli("probe", "enabled").stdout


def test_cancel_records_nothing_and_switching_off_stops_probing(
        qtbot: QtBot, window: MainWindow, works: dict[str, int], run_cli: CliRunner) -> None:  # noqa: F811
    _local_endpoint(run_cli)
    library = window.library
    rows = _rows(qtbot, library, 3)
    story = rows["Saltmarsh Ledger"]
    library.table.selectionModel().select(library.model.index(story, 0), QItemSelectionModel.SelectionFlag.Select
                                          | QItemSelectionModel.SelectionFlag.Rows)
    assert library.probe.action.isEnabled() and library.probe.action.text() == "Probe with models…"
    library.probe.action.trigger()
    box = _box(qtbot, library, "probe-consent")
    qtbot.keyClick(box, Qt.Key.Key_Return)  # Enter takes the default: Cancel
    qtbot.waitUntil(lambda: not box.isVisible())
    assert not library.probe.action.isChecked()
    assert "Probing stays off for “Saltmarsh Ledger”; nothing was sent." in window.statusBar().currentMessage()
    assert probes_enabled(run_cli) == []
    assert _cell(library, story) == ("", Qt.CheckState.Unchecked)

    assert run_cli("probe", "enable", works["Saltmarsh Ledger"]).returncode == 0  # on, from the command line
    library.reload()
    qtbot.waitUntil(lambda: library.probe.action.text() == "Stop probing", timeout=15_000)
    assert _cell(library, story) == ("On: local", Qt.CheckState.Checked)
    assert library.probe.action.isChecked()  # the toolbar's Probe is pressed while on, and keeps its short name
    assert library.toolbar.widgetForAction(library.remove_action).isVisible()
    library.probe.action.trigger()  # off: at once, nothing to agree to
    qtbot.waitUntil(lambda: _cell(library, story) == ("", Qt.CheckState.Unchecked), timeout=15_000)
    assert "Probing is off for “Saltmarsh Ledger”" in window.statusBar().currentMessage()
    assert probes_enabled(run_cli) == []
    assert library.probe.action.text() == "Probe with models…" and not library.probe.action.isChecked()


def test_without_a_model_endpoint_the_window_says_how_to_add_one(
        qtbot: QtBot, window: MainWindow, works: dict[str, int], run_cli: CliRunner) -> None:  # noqa: F811
    library = window.library
    rows = _rows(qtbot, library, 3)
    _tick(library, rows["Saltmarsh Ledger"], True)
    box = _box(qtbot, library, "probe-not-possible")
    assert box.text() == NO_ENDPOINT and "Add source…" in box.text()
    assert _cell(library, rows["Saltmarsh Ledger"]) == ("", Qt.CheckState.Unchecked)
    add = next(b for b in box.buttons() if b.text() == "Add a model endpoint…")
    add.click()
    qtbot.waitUntil(lambda: window.current_page() == "sources")
    dialog = window.sources.findChild(AddSourceDialog)
    assert dialog is not None and dialog.isVisible() and dialog.kind() == "openai-compatible"
    dialog.reject()
    assert probes_enabled(run_cli) == []


def test_a_work_that_cannot_be_probed_says_why(
        qtbot: QtBot, window: MainWindow, works: dict[str, int], run_cli: CliRunner) -> None:  # noqa: F811
    _local_endpoint(run_cli)  # a text model only
    library = window.library
    rows = _rows(qtbot, library, 3)
    recording = library.model.index(rows["reading"], PROBE_COLUMN)
    assert recording.data(Qt.ItemDataRole.CheckStateRole) is None  # no box to tick
    assert "is a recording: model endpoints can be asked only about texts and pictures" in recording.data(
        Qt.ItemDataRole.ToolTipRole)

    _tick(library, rows["harbour"], True)
    box = _box(qtbot, library, "probe-not-possible")
    assert box.text() == ("“harbour” is a picture, and none of your model endpoints makes pictures: add one with "
                          "Add source… on the Sources page (an Image model endpoint) to ask a picture model about it.")
    next(b for b in box.buttons() if b.text() == "Add a model endpoint…").click()
    qtbot.waitUntil(lambda: window.current_page() == "sources")
    dialog = window.sources.findChild(AddSourceDialog)
    assert dialog is not None and dialog.kind() == "openai-images"
    dialog.reject()
    window.show_page("library")
    library.table.selectionModel().select(library.model.index(rows["reading"], 0),
                                          QItemSelectionModel.SelectionFlag.ClearAndSelect
                                          | QItemSelectionModel.SelectionFlag.Rows)
    library.probe.action.trigger()
    qtbot.waitUntil(lambda: library.probe.box is not box and library.probe.box is not None
                    and library.probe.box.isVisible(), timeout=15_000)
    explained = library.probe.box
    assert isinstance(explained, QMessageBox) and "“reading” is a recording" in explained.text()
    assert probes_enabled(run_cli) == []
