"""The window shows model endpoints among the sources to add (and adds them as the command line would), and probe
finds in Review in their own words."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from creatorwatch.core.records.findings import Finding
from creatorwatch.ui.add_source import AddSourceDialog
from creatorwatch.ui.explain import why
from creatorwatch.ui.matches_model import what
from creatorwatch.ui.sources_view import SourcesView
from tests.conftest import CliRunner
from tests.test_ui_sources import cell, listed, loaded, view  # noqa: F401  (view: the page fixture)
from tests.ui_fixtures import paths, sources_page  # noqa: F401


def finding(kind: str, evidence: dict[str, object]) -> Finding:
    return Finding(7, "match", "new", 3, None, kind, 0.85, evidence, 1,
                   "http://127.0.0.1:11434/v1/chat/completions#model=llama3&probe=recall&work=3", None,
                   "llama3 quoted the opening of “Saltmarsh Ledger”", "local", "2026-12-05T21:00:00Z", None)


def test_probe_finds_say_a_model_reproduced_the_work() -> None:
    text = finding("text", {"found_by": "model probe", "probe": "recall", "model": "llama3", "verbatim_words": 148,
                            "matched_words": 150, "tries": 2, "reproduced_in": 2, "passages": []})
    assert what(text) == "Text copy by a model"
    said = why(text, "Saltmarsh Ledger")
    assert said.startswith("Model reproduced your text: llama3 at 127.0.0.1, asked to quote the opening of")
    assert "148 of your words in a row" in said and "2 of 2 tries" in said
    picture = finding("image", {"found_by": "image probe", "model": "memo-image-1",
                                "prompt": "Harbour Lights by Wren Aldane"})
    assert what(picture) == "Image copy by a model"
    assert "asked for “Harbour Lights by Wren Aldane”" in why(picture, "Harbour Lights")
    assert what(finding("text", {"passages": []})) == "Text copy"  # other finds keep their words


def test_model_endpoints_can_be_added_from_the_window(qtbot: QtBot) -> None:
    dialog = AddSourceDialog()
    qtbot.addWidget(dialog)
    kinds = {dialog.type.itemData(i): dialog.type.itemText(i) for i in range(dialog.type.count())}
    assert kinds["openai-compatible"].startswith("Model endpoint")
    assert kinds["openai-images"].startswith("Image model endpoint")
    dialog.type.setCurrentIndex(list(kinds).index("anthropic"))
    assert "model" in dialog.needs.text() and "model=" in dialog.settings.placeholderText()


def test_a_model_endpoint_added_on_the_sources_page_is_recorded_as_the_command_line_would(
        qtbot: QtBot, view: SourcesView, run_cli: CliRunner) -> None:  # noqa: F811
    loaded(qtbot, view, 0)
    dialog = view.add_source()
    dialog.type.setCurrentIndex(dialog.type.findData("openai-compatible"))
    dialog.name.setText("local-llama")
    dialog.base_url.setText("http://127.0.0.1:11434/v1")
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.click()  # no model named yet: the dialog stays open and says so
    qtbot.waitUntil(lambda: dialog.problem.isVisible() and dialog.isEnabled())
    assert "model" in dialog.problem.text() and dialog.isVisible()
    dialog.settings.setPlainText("model=llama3\ninterval=1440")
    with qtbot.waitSignal(view.sources_changed):
        ok.click()
    qtbot.waitUntil(lambda: view.table.rowCount() == 1)
    assert cell(view, "local-llama", "Type") == "Model endpoint"
    added = run_cli("sources", "add", "openai-compatible", "--name", "by-cli", "--base-url",
                    "http://127.0.0.1:11434/v1", "--set", "model=llama3", "--set", "interval=1440")
    assert added.returncode == 0, added.stderr
    by_window, by_cli = listed(run_cli)["local-llama"], listed(run_cli)["by-cli"]
    assert {**by_window, "name": "by-cli"} == by_cli
