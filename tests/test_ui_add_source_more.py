"""A Hugging Face source's optional settings in the Add source dialog, under a collapsed "More settings": what the
window adds is what `sources add huggingface --set …` adds, values `sources add` refuses are refused with its reason,
and a source being changed shows its settings in their fields."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QDialogButtonBox, QLineEdit, QSpinBox
from pytestqt.qtbot import QtBot

from creatorwatch.core.sources.base import SourceConfig
from creatorwatch.paths import Paths
from creatorwatch.ui.add_source import AddSourceDialog
from creatorwatch.ui.sources_view import SourcesView
from tests.conftest import CliRunner
from tests.test_ui_sources import add_sources, listed, loaded, select, view  # noqa: F401  (view: the page fixture)
from tests.ui_fixtures import paths, sources_page  # noqa: F401


def _huggingface(view: SourcesView) -> AddSourceDialog:  # noqa: F811
    dialog = view.add_source()
    dialog.type.setCurrentIndex(dialog.type.findData("huggingface"))
    return dialog


def _kinds(dialog: AddSourceDialog) -> dict[str, QCheckBox]:
    return {box.objectName(): box for box in dialog.optional["kinds"].findChildren(QCheckBox)}


def _ok(dialog: AddSourceDialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def test_more_settings_add_what_the_command_line_adds(qtbot: QtBot, view: SourcesView,  # noqa: F811
                                                      run_cli: CliRunner) -> None:
    loaded(qtbot, view, 0)
    dialog = _huggingface(view)
    assert dialog.more.isVisible() and not dialog.more_box.isVisible()  # collapsed until asked for
    assert "More settings narrow what it looks at" in dialog.needs.text()  # not only "needs no settings"
    dialog.more.click()
    assert dialog.more_box.isVisible()
    assert {k: b.isChecked() for k, b in _kinds(dialog).items()} == {"models": True, "datasets": True, "spaces": True}
    pages, cards = dialog.optional["max_pages"], dialog.optional["cards"]
    assert isinstance(pages, QSpinBox) and (pages.minimum(), pages.maximum(), pages.value()) == (1, 50, 3)
    assert isinstance(cards, QSpinBox) and (cards.minimum(), cards.maximum(), cards.value()) == (0, 1000, 20)

    dialog.name.setText("hub")
    _kinds(dialog)["spaces"].setChecked(False)
    authors, tags = dialog.optional["authors"], dialog.optional["tags"]
    assert isinstance(authors, QLineEdit) and isinstance(tags, QLineEdit)
    authors.setText("pixelsmith, voicelab")
    tags.setText("lora")
    pages.setValue(5)
    dialog.settings.setPlainText("interval=240")
    with qtbot.waitSignal(view.sources_changed):
        _ok(dialog)
    added = run_cli("sources", "add", "huggingface", "--name", "by-cli", "--set", "interval=240",
                    "--set", "kinds=models,datasets", "--set", "authors=pixelsmith,voicelab", "--set", "tags=lora",
                    "--set", "max_pages=5")
    assert added.returncode == 0, added.stderr
    by_window, by_cli = listed(run_cli)["hub"], listed(run_cli)["by-cli"]
    assert {**by_window, "name": "by-cli"} == by_cli

    dialog = AddSourceDialog()  # another type: nothing more to offer, so no dead "More settings"
    qtbot.addWidget(dialog)
    dialog.type.setCurrentIndex(dialog.type.findData("feed"))
    assert dialog.more.isHidden() and "More settings" not in dialog.needs.text()


def test_values_the_command_line_refuses_are_refused_with_its_reason(qtbot: QtBot, view: SourcesView,  # noqa: F811
                                                                    run_cli: CliRunner) -> None:
    loaded(qtbot, view, 0)
    dialog = _huggingface(view)
    dialog.name.setText("hub")
    dialog.settings.setPlainText("max_pages=99")  # typed as a line, past what the Hub listing allows
    _ok(dialog)
    qtbot.waitUntil(dialog.problem.isVisible)
    refused = run_cli("sources", "add", "huggingface", "--name", "by-cli", "--set", "max_pages=99")
    assert refused.returncode == 2
    assert refused.stderr.strip() == "creatorwatch: --set max_pages= takes a whole number from 1 to 50, not '99'."
    assert dialog.problem.text() == "max_pages= takes a whole number from 1 to 50, not '99'."
    assert dialog.isVisible() and dialog.more_box.isVisible()  # opened where the value can be put right

    dialog.settings.setPlainText("kinds=models,voices")
    _ok(dialog)
    assert dialog.problem.text() == "kinds= takes models, datasets or spaces (comma-separated), not 'voices'."
    assert run_cli("sources", "add", "huggingface", "--name", "by-cli", "--set", "kinds=models,voices").returncode == 2

    dialog.settings.setPlainText("")
    for box in _kinds(dialog).values():
        box.setChecked(False)
    _ok(dialog)
    assert dialog.problem.text() == "Tick at least one under Look at (models, datasets, spaces)."
    assert dialog.isVisible() and listed(run_cli) == {}


def test_a_source_being_changed_shows_its_more_settings(qtbot: QtBot, view: SourcesView, paths: Paths,  # noqa: F811
                                                       run_cli: CliRunner) -> None:
    add_sources(paths, SourceConfig("hub", "huggingface", settings={"kinds": "models", "cards": "0",
                                                                    "interval": "240"}))
    loaded(qtbot, view, 1)
    select(qtbot, view, "hub")
    dialog = view.change_selected()
    assert dialog is not None and dialog.more_box.isVisible()
    assert {k: b.isChecked() for k, b in _kinds(dialog).items()} == {"models": True, "datasets": False,
                                                                     "spaces": False}
    cards = dialog.optional["cards"]
    assert isinstance(cards, QSpinBox) and cards.value() == 0
    assert dialog.settings.toPlainText() == "interval=240"
    cards.setValue(20)  # back to what the source does anyway: the setting goes
    _kinds(dialog)["spaces"].setChecked(True)
    with qtbot.waitSignal(view.sources_changed):
        _ok(dialog)
    assert listed(run_cli)["hub"]["settings"] == {"kinds": "models,spaces", "interval": "240"}
