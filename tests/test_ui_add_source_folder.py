"""A folder source is added by choosing the folder, not by typing "path=/home/you/…" under Settings; the Address
row (a mirror of a web service) is not offered for a folder on this computer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog
from pytestqt.qtbot import QtBot

from creatorwatch.ui.sources_view import SourcesView
from tests.conftest import CliRunner
from tests.ui_fixtures import paths, sources_page  # noqa: F401


@pytest.fixture
def view(sources_page: SourcesView) -> SourcesView:  # noqa: F811
    return sources_page


def test_a_folder_is_chosen_and_added(qtbot: QtBot, view: SourcesView, run_cli: CliRunner, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "AI outputs"
    folder.mkdir()
    asked: list[str] = []

    def choose(parent: object, caption: str, *args: object) -> str:
        asked.append(caption)
        return str(folder)

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(choose))
    dialog = view.add_source()
    qtbot.waitExposed(dialog)
    assert not dialog.choose_folder.isVisible()  # the first type offered has no folder to choose
    dialog.type.setCurrentIndex(dialog.type.findData("folder"))
    assert dialog.choose_folder.isVisible() and not dialog.base_url.isVisible()
    assert "or Choose folder… writes it there." in dialog.needs.text()
    dialog.settings.setPlainText("path=/somewhere/else\ninterval=90")
    dialog.choose_folder.click()
    assert asked == ["Choose the folder to watch"]
    assert dialog.settings.toPlainText().splitlines() == [f"path={folder}", "interval=90"]
    assert dialog.name.text() == "AI outputs"  # named after the folder, until the creator names it
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=15_000)
    listed = json.loads(run_cli("sources", "--json").stdout)
    assert [(s["name"], s["type"], s["settings"]["path"]) for s in listed] == [("AI outputs", "folder", str(folder))]
    dialog = view.add_source()
    dialog.type.setCurrentIndex(dialog.type.findData("feed"))
    assert dialog.base_url.isVisible() and not dialog.choose_folder.isVisible()
    dialog.reject()


def test_a_folder_that_is_not_there_is_said_before_it_is_added(qtbot: QtBot, view: SourcesView, run_cli: CliRunner,
                                                               tmp_path: Path) -> None:
    """path=/a/typo was added without a word and then failed at every check: the dialog says the folder is not
    there, and adds it only when OK is chosen again (a drive not plugged in yet is a good reason)."""
    missing = tmp_path / "not plugged in"
    dialog = view.add_source()
    qtbot.waitExposed(dialog)
    dialog.type.setCurrentIndex(dialog.type.findData("folder"))
    dialog.name.setText("backup")
    dialog.settings.setPlainText(f"path={missing}")
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.click()
    assert dialog.problem.isVisible() and f"There is no folder at {missing} yet" in dialog.problem.text()
    assert "choose OK again to add the source as it is" in dialog.problem.text()
    qtbot.wait(200)
    assert json.loads(run_cli("sources", "--json").stdout) == []

    ok.click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=15_000)
    listed = json.loads(run_cli("sources", "--json").stdout)
    assert [(s["name"], s["settings"]["path"]) for s in listed] == [("backup", str(missing))]


def test_the_dialog_and_the_sources_page_say_how_soon_dropped_files_are_looked_at(
        qtbot: QtBot, view: SourcesView, tmp_path: Path) -> None:
    """Copies dropped into a "watched" folder waited hours for the next check, and nothing said how soon they
    would be looked at: the dialog says it before the folder is added, and the page beside the source."""
    folder = tmp_path / "downloads-watch"
    folder.mkdir()
    dialog = view.add_source()
    dialog.type.setCurrentIndex(dialog.type.findData("folder"))
    assert "looked at every 5 minutes while CreatorWatch is open" in dialog.needs.text()
    dialog.settings.setPlainText(f"path={folder}")
    dialog.name.setText("downloads-watch")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=15_000)
    view.reload()
    qtbot.waitUntil(lambda: view.selected() is not None, timeout=10_000)
    assert "looked at every 5 minutes while CreatorWatch is open" in view.details.text()
    assert "\u201cCheck this source now\u201d looks at once" in view.details.text()
