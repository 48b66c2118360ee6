"""“Protect copies…” in the Library window: the chosen works are copied with the reservation in the background,
and a box says what each copy carries; the action waits for a selection."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from creatorwatch.core.optout.image_xmp import read_xmp
from creatorwatch.core.optout.xmp import AIML_PROHIBITED, parse_packet, xmp_values
from creatorwatch.core.store.db import open_database, transaction
from creatorwatch.core.store.preferences import set_preference
from creatorwatch.paths import Paths
from creatorwatch.ui.library_view import LibraryView
from creatorwatch.ui.main_window import MainWindow
from creatorwatch.ui.protect_name import AskName
from tests.conftest import CliRunner
from tests.media import make_picture
from tests.ui_fixtures import paths, window  # noqa: F401

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")


@pytest.fixture
def library(window: MainWindow) -> LibraryView:  # noqa: F811
    return window.library


def test_protect_copies_writes_checked_copies_and_says_what_they_carry(
        qtbot: QtBot, library: LibraryView, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        run_cli: CliRunner) -> None:
    assert run_cli("settings", "creator_name", "Ada Painter").returncode == 0
    picture = make_picture(tmp_path / "lighthouse.png")
    library.add_paths([picture])
    qtbot.waitUntil(lambda: library.model.rowCount() == 1, timeout=30_000)
    assert not library.protect.action.isEnabled()  # nothing chosen yet
    library.table.selectionModel().select(library.model.index(0, 0), QItemSelectionModel.SelectionFlag.Select
                                          | QItemSelectionModel.SelectionFlag.Rows)
    assert library.protect.action.isEnabled()
    out = tmp_path / "to-share"
    out.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args, **kwargs: str(out))
    library.protect.action.trigger()

    def shown() -> QMessageBox | None:
        boxes = [w for w in QApplication.topLevelWidgets() if w.objectName() == "protected-copies" and w.isVisible()]
        return boxes[0] if boxes else None  # type: ignore[return-value]

    qtbot.waitUntil(lambda: shown() is not None, timeout=60_000)
    box = shown()
    assert box is not None and "1 protected copy written." in box.text()
    assert "XMP plus:DataMining" in box.detailedText() and str(out / "lighthouse.png") in box.detailedText()
    # each thing the copy carries said in plain words first, its technical name after (it read "XMP plus:DataMining
    # (IPTC/PLUS)", "XMP dc:rights and usage terms")
    carried = [line.strip() for line in box.detailedText().splitlines()
               if line.startswith("    ") and not line.strip().startswith("note:")]
    assert carried and not [line for line in carried if line.startswith(("XMP", "ID3", "PDF", "Vorbis", "C2PA"))]
    assert "marked “not for AI training” (XMP plus:DataMining" in box.detailedText()
    packet = read_xmp((out / "lighthouse.png").read_bytes())
    assert packet is not None and xmp_values(parse_packet(packet), "plus", "DataMining") == [AIML_PROHIBITED]
    assert library.window().statusBar().currentMessage() == "1 protected copy written."  # type: ignore[attr-defined]
    box.close()


def _shown(name: str) -> QWidget | None:
    shown = [w for w in QApplication.topLevelWidgets() if w.objectName() == name and w.isVisible()]
    return shown[0] if shown else None


def _protect_one(qtbot: QtBot, library: LibraryView, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    library.add_paths([make_picture(tmp_path / "cliff.png", seed=4)])
    qtbot.waitUntil(lambda: library.model.rowCount() == 1, timeout=30_000)
    library.table.selectionModel().select(library.model.index(0, 0), QItemSelectionModel.SelectionFlag.Select
                                          | QItemSelectionModel.SelectionFlag.Rows)
    out = tmp_path / "to-share"
    out.mkdir(exist_ok=True)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args, **kwargs: str(out))
    library.protect.action.trigger()
    return out


def test_with_no_name_set_protect_asks_for_it_and_keeps_it_as_the_settings_name(
        qtbot: QtBot, library: LibraryView, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        run_cli: CliRunner) -> None:
    """Copies made before the name was entered said "\u00a9 2026 the creator. All rights reserved.", and nothing said
    so: now nothing is written until the name is given, and the name typed is the one Settings keeps."""
    out = _protect_one(qtbot, library, tmp_path, monkeypatch)
    qtbot.waitUntil(lambda: _shown("protect-name") is not None, timeout=30_000)
    asked = _shown("protect-name")
    assert isinstance(asked, AskName)
    question = asked.findChild(QLabel)
    assert question is not None and "Your name is not set yet" in question.text()
    assert list(out.iterdir()) == [] and not asked.protect_button.isEnabled()
    qtbot.keyClicks(asked.name, "Marta Quiroga")
    asked.protect_button.click()
    qtbot.waitUntil(lambda: _shown("protected-copies") is not None, timeout=60_000)
    box = _shown("protected-copies")
    assert isinstance(box, QMessageBox) and "1 protected copy written." in box.text()
    packet = read_xmp((out / "cliff.png").read_bytes())
    assert packet is not None
    [rights] = xmp_values(parse_packet(packet), "dc", "rights")
    assert rights.endswith(" Marta Quiroga. All rights reserved.") and "the creator" not in rights
    assert run_cli("settings", "creator_name").stdout == "creator_name = Marta Quiroga\n"
    box.close()


def test_asked_for_the_name_enter_protects_with_the_name_typed_and_escape_cancels(
        qtbot: QtBot, library: LibraryView, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        run_cli: CliRunner) -> None:
    """Enter in the name box cancelled (Cancel was the default button) and threw the typed name away."""
    out = _protect_one(qtbot, library, tmp_path, monkeypatch)
    qtbot.waitUntil(lambda: _shown("protect-name") is not None, timeout=30_000)
    asked = _shown("protect-name")
    assert isinstance(asked, AskName)
    qtbot.keyClicks(asked.name, "Lucia Ferrante")
    qtbot.keyClick(asked.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _shown("protected-copies") is not None, timeout=60_000)
    box = _shown("protected-copies")
    assert isinstance(box, QMessageBox) and "1 protected copy written." in box.text()
    assert (out / "cliff.png").is_file()
    assert run_cli("settings", "creator_name").stdout == "creator_name = Lucia Ferrante\n"
    box.close()
    again = AskName()
    qtbot.addWidget(again)
    again.show()
    qtbot.keyClicks(again.name, "Lucia")
    qtbot.keyClick(again.name, Qt.Key.Key_Escape)
    assert again.result() == again.DialogCode.Rejected and not again.isVisible()


def test_asked_for_the_name_open_settings_goes_to_the_name_field(
        qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    out = _protect_one(qtbot, window.library, tmp_path, monkeypatch)
    qtbot.waitUntil(lambda: _shown("protect-name") is not None, timeout=30_000)
    asked = _shown("protect-name")
    assert isinstance(asked, AskName)
    asked.settings_button.click()
    qtbot.waitUntil(lambda: window.settings_page.isVisible(), timeout=10_000)
    assert not asked.isVisible() and list(out.iterdir()) == []


def test_a_name_of_only_spaces_is_asked_for_like_no_name(
        qtbot: QtBot, library: LibraryView, paths: Paths, tmp_path: Path,  # noqa: F811
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A name of only spaces (kept by an older version) put "\u00a9 2026    . All rights reserved." into copies."""
    with transaction(open_database(paths.database)) as db:
        set_preference(db, "creator_name", "   ")
    out = _protect_one(qtbot, library, tmp_path, monkeypatch)
    qtbot.waitUntil(lambda: _shown("protect-name") is not None, timeout=30_000)
    assert list(out.iterdir()) == []
    asked = _shown("protect-name")
    assert isinstance(asked, AskName)
    asked.reject()
