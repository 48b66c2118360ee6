"""Model probing switched for several works in one step: one question lists, per endpoint, what would be sent about
each selected work (the words `probe enable` records), names a recording with the reason it is left out, has
Cancel as its default; agreeing records exactly what `probe enable` on each work would; switching off does all."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from creatorwatch.ui.library_model import PROBE_COLUMN
from creatorwatch.ui.library_probe_many import ManyConsentDialog
from creatorwatch.ui.library_view import LibraryView
from creatorwatch.ui.main_window import MainWindow
from tests.conftest import CliRunner
from tests.media import make_picture, make_recording
from tests.probe_model import make_story, probes_enabled
from tests.ui_fixtures import paths, window  # noqa: F401

TEXT_MODEL = "http://127.0.0.1:11434/v1"  # local models: never contacted, consent sends nothing
PICTURE_MODEL = "http://127.0.0.1:11435/v1"
TEXTS, PICTURES = ("Saltmarsh Ledger", "Tidewater Hymns"), ("harbour", "ferry at night")


@pytest.fixture
def works(run_cli: CliRunner, tmp_path: Path) -> dict[str, int]:
    """Two stories, two pictures and a recording; a text model and a picture model on this computer."""
    folder = tmp_path / "works"
    folder.mkdir()
    for seed, title in enumerate(TEXTS):
        (folder / f"{title}.txt").write_text(make_story(seed + 3), encoding="utf-8")
    for seed, title in enumerate(PICTURES):
        make_picture(folder / f"{title}.png", seed=seed + 2)
    make_recording(folder / "reading.wav", seed=1, seconds=2)
    assert run_cli("add", folder).returncode == 0
    assert run_cli("terms", "add", "Wren Aldane").returncode == 0
    for args in (("openai-compatible", "--name", "local", "--base-url", TEXT_MODEL, "--set", "model=llama3"),
                 ("openai-images", "--name", "pictures", "--base-url", PICTURE_MODEL, "--set", "model=gpt-image-1")):
        added = run_cli("sources", "add", *args)
        assert added.returncode == 0, added.stderr
    return {w["title"]: w["id"] for w in json.loads(run_cli("works", "--json").stdout)}


def _select_all(qtbot: QtBot, library: LibraryView, count: int) -> dict[str, int]:
    library.reload()
    qtbot.waitUntil(lambda: library.model.rowCount() == count, timeout=30_000)
    library.table.selectAll()
    return {library.model.index(row, 0).data(): row for row in range(library.model.rowCount())}


def _question(qtbot: QtBot, library: LibraryView) -> ManyConsentDialog:
    qtbot.waitUntil(lambda: isinstance(library.probe.box, ManyConsentDialog) and library.probe.box.isVisible(),
                    timeout=15_000)
    box = library.probe.box
    assert isinstance(box, ManyConsentDialog)
    return box


def _on(library: LibraryView, row: int) -> bool:
    return library.model.index(row, PROBE_COLUMN).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked


def test_one_question_for_several_works_records_what_probe_enable_records(
        qtbot: QtBot, window: MainWindow, works: dict[str, int], run_cli: CliRunner) -> None:  # noqa: F811
    library = window.library
    rows = _select_all(qtbot, library, 5)
    assert library.probe.action.isEnabled() and library.probe.action.text() == "Probe with models…"
    assert "the 5 selected works" in library.probe.action.toolTip()

    library.probe.action.trigger()
    box = _question(qtbot, library)
    said = box.text()
    assert said.startswith("Switch on model probing for 4 works of the 5 selected? (1 work cannot be probed")
    for endpoint, address, titles in (("local", TEXT_MODEL, TEXTS), ("pictures", PICTURE_MODEL, PICTURES)):
        heading = f"Sent to {endpoint} at {address} (a model on this computer"
        assert heading in said
        listed = said.split(heading, 1)[1].split("\n\n", 1)[0]  # the lines under this endpoint
        assert [line.startswith("\u2022 Probing sends") for line in listed.splitlines()[1:]] == [True, True]
        for title in titles:
            assert f"\u201c{title}\u201d" in listed and f"of {endpoint} at {address}" in listed
    assert "excerpts of \u201cSaltmarsh Ledger\u201d (a few passages of about 60 words each" in said
    assert "the title \u201charbour\u201d and the name \u201cWren Aldane\u201d as yours" in said
    assert ("Not switched on:\n\u2022 \u201creading\u201d is a recording: model endpoints can be asked only about "
            "texts and pictures.") in said
    assert box.cancel_button.isDefault() and not box.switch_on_button.isDefault()
    qtbot.keyClick(box, Qt.Key.Key_Return)  # Enter takes the default: Cancel
    qtbot.waitUntil(lambda: not box.isVisible())
    assert "Probing stays off for 4 works; nothing was sent." in window.statusBar().currentMessage()
    assert probes_enabled(run_cli) == []

    library.probe.action.trigger()
    box = _question(qtbot, library)
    assert box.switch_on_button.text() == "Switch on probing for 4 works"
    box.switch_on_button.click()
    probed = [rows[t] for t in (*TEXTS, *PICTURES)]
    qtbot.waitUntil(lambda: all(_on(library, row) for row in probed), timeout=15_000)
    assert not _on(library, rows["reading"])
    assert "Probing is on for 4 works on " in window.statusBar().currentMessage()
    assert "Left off: \u201creading\u201d" in window.statusBar().currentMessage()
    by_window = probes_enabled(run_cli)
    assert sorted((c["work_id"], c["source"]) for c in by_window) == sorted(
        [(works[t], "local") for t in TEXTS] + [(works[t], "pictures") for t in PICTURES])
    for consent in by_window:  # recorded in the very words the creator read
        assert f"\u2022 {consent['statement']}" in said

    # `probe enable` on each selected work, from the command line, records the same (and refuses the recording)
    assert run_cli("probe", "disable", *works.values()).returncode == 0
    for title, work_id in works.items():
        assert run_cli("probe", "enable", work_id).returncode == (1 if title == "reading" else 0)
    assert sorted(probes_enabled(run_cli), key=str) == sorted(by_window, key=str)

    # all that can be probed are on: the one action now switches them all off, at once
    library.reload()
    qtbot.waitUntil(lambda: library.probe.action.text() == "Stop probing", timeout=15_000)
    assert library.probe.action.isChecked()
    library.probe.action.trigger()
    qtbot.waitUntil(lambda: not any(_on(library, row) for row in probed), timeout=15_000)
    assert "Probing is off for 4 works" in window.statusBar().currentMessage()
    assert probes_enabled(run_cli) == []


def test_works_already_on_are_named_and_left_as_they_are(
        qtbot: QtBot, window: MainWindow, works: dict[str, int], run_cli: CliRunner) -> None:  # noqa: F811
    assert run_cli("probe", "enable", works["Saltmarsh Ledger"]).returncode == 0
    before = probes_enabled(run_cli)
    library = window.library
    rows = _select_all(qtbot, library, 5)
    library.table.selectionModel().select(library.model.index(rows["harbour"], 0),
                                          QItemSelectionModel.SelectionFlag.Deselect
                                          | QItemSelectionModel.SelectionFlag.Rows)
    qtbot.waitUntil(lambda: _on(library, rows["Saltmarsh Ledger"]), timeout=15_000)
    library.probe.action.trigger()
    box = _question(qtbot, library)
    said = box.text()
    assert said.startswith("Switch on model probing for 2 works of the 4 selected? (1 work cannot be probed and "
                           "1 work is on already: named below.)")
    assert "Already on, and left as they are: \u201cSaltmarsh Ledger\u201d." in said
    assert "excerpts of \u201cSaltmarsh Ledger\u201d" not in said and "\u201charbour\u201d" not in said
    box.switch_on_button.click()
    qtbot.waitUntil(lambda: _on(library, rows["Tidewater Hymns"]) and _on(library, rows["ferry at night"]),
                    timeout=15_000)
    after = probes_enabled(run_cli)
    assert [c for c in after if c["work_id"] == works["Saltmarsh Ledger"]] == before
    assert not _on(library, rows["harbour"])

    # a selection only partly probed: the table's menu also offers to stop probing where it is on
    library.table.clearSelection()
    for title in ("harbour", "Saltmarsh Ledger"):
        library.table.selectionModel().select(library.model.index(rows[title], 0),
                                              QItemSelectionModel.SelectionFlag.Select
                                              | QItemSelectionModel.SelectionFlag.Rows)
    stop = library.probe.off_action
    assert library.table.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu
    assert library.probe.action in library.table.actions() and stop in library.table.actions()
    assert library.probe.action.text() == "Probe with models…"
    assert stop.isVisible() and stop.text() == "Stop probing where it is on (1 work)"
    stop.trigger()
    qtbot.waitUntil(lambda: not _on(library, rows["Saltmarsh Ledger"]), timeout=15_000)
    assert sorted(c["work_id"] for c in probes_enabled(run_cli)) == sorted(works[t] for t in ("Tidewater Hymns",
                                                                                          "ferry at night"))


def test_several_recordings_are_refused_with_the_reason(
        qtbot: QtBot, window: MainWindow, works: dict[str, int], run_cli: CliRunner,  # noqa: F811
        tmp_path: Path) -> None:
    make_recording(tmp_path / "second reading.wav", seed=4, seconds=2)
    assert run_cli("add", tmp_path / "second reading.wav").returncode == 0
    library = window.library
    rows = _select_all(qtbot, library, 6)
    library.table.clearSelection()
    for title in ("reading", "second reading"):
        library.table.selectionModel().select(library.model.index(rows[title], 0),
                                              QItemSelectionModel.SelectionFlag.Select
                                              | QItemSelectionModel.SelectionFlag.Rows)
    library.probe.action.trigger()
    qtbot.waitUntil(lambda: isinstance(library.probe.box, QMessageBox) and library.probe.box.isVisible(),
                    timeout=15_000)
    box = library.probe.box
    assert isinstance(box, QMessageBox) and box.objectName() == "probe-not-possible"
    for title in ("reading", "second reading"):
        assert f"\u201c{title}\u201d is a recording" in box.text()
    assert probes_enabled(run_cli) == []


def test_an_agreement_that_lapsed_is_asked_for_again(
        qtbot: QtBot, window: MainWindow, works: dict[str, int], run_cli: CliRunner) -> None:  # noqa: F811
    assert run_cli("probe", "enable", works["Saltmarsh Ledger"]).returncode == 0
    moved = "http://127.0.0.1:11436/v1"
    assert run_cli("sources", "set", "local", "--base-url", moved).returncode == 0
    library = window.library
    rows = _select_all(qtbot, library, 5)
    qtbot.waitUntil(lambda: library.model.index(rows["Saltmarsh Ledger"], PROBE_COLUMN).data()
                    == "On: local (agree again)", timeout=15_000)
    library.table.clearSelection()
    for title in TEXTS:
        library.table.selectionModel().select(library.model.index(rows[title], 0),
                                              QItemSelectionModel.SelectionFlag.Select
                                              | QItemSelectionModel.SelectionFlag.Rows)
    library.probe.action.trigger()
    box = _question(qtbot, library)
    assert box.text().startswith("Switch on model probing for 2 works?")
    assert f"Sent to local at {moved}" in box.text() and "Already on" not in box.text()
    box.switch_on_button.click()
    qtbot.waitUntil(lambda: library.model.index(rows["Saltmarsh Ledger"], PROBE_COLUMN).data() == "On: local",
                    timeout=15_000)
    assert {c["address"] for c in probes_enabled(run_cli)} == {moved}
    assert "Nothing is sent" not in run_cli("probe", "enabled").stdout
