"""Review says what it shows: an empty list explains itself, Compare with nothing chosen says what to do, and the
Where column names a file found in a folder by its own name."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from creatorwatch.core.records.findings import Finding
from creatorwatch.core.store.db import open_database
from creatorwatch.paths import Paths
from creatorwatch.ui.explain import why
from creatorwatch.ui.main_window import MainWindow
from creatorwatch.ui.matches_model import MatchesModel, place, what, where
from tests.ui_fixtures import open_window, paths, seed  # noqa: F401

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")


def _window(qtbot: QtBot, paths: Paths) -> MainWindow:  # noqa: F811
    win = open_window(qtbot, paths, "review")
    qtbot.waitUntil(lambda: win.matches.loaded, timeout=10_000)
    return win


def test_an_empty_review_explains_itself_and_compare_says_what_to_do(qtbot: QtBot, paths: Paths) -> None:  # noqa: F811
    win = _window(qtbot, paths)
    review = win.matches
    assert review.empty.isVisible() and "Nothing found yet" in review.empty.text()
    assert not review.compare_action.isEnabled()  # greyed, with nothing to compare
    review.compare_selected()  # as Enter on the empty list
    assert "Choose a find in the list first" in win.statusBar().currentMessage()


def test_a_filtered_out_list_says_so_and_a_folder_find_shows_its_file_name(qtbot: QtBot,
                                                                          paths: Paths) -> None:  # noqa: F811
    seed(paths, works=2, finds=3)
    db = open_database(paths.database)
    with db.conn:
        db.execute("UPDATE candidates SET url = 'file:///home/ada/Downloads/dataset-dump/img-0002.png' WHERE id = 1")
    db.conn.close()
    win = _window(qtbot, paths)
    review = win.matches
    assert not review.empty.isVisible()
    model = review.model
    shown = {model.data(model.index(r, 3)) for r in range(model.rowCount())}
    assert "img-0002.png in dataset-dump" in shown
    review.search.setText("no such words anywhere")
    assert review.empty.isVisible() and "None of your 3 finds" in review.empty.text()
    assert where("https://www.art.example/x/1.png") == "art.example"


def test_a_long_status_message_stays_one_line_and_whole_in_its_tooltip(qtbot: QtBot,
                                                                       paths: Paths) -> None:  # noqa: F811
    """It wrapped once, and an export's notes then took three lines (tests/test_ui_status_one_line.py)."""
    win = _window(qtbot, paths)
    win.resize(700, 500)
    long = ("Matched 10000 items seen before against 100 works: 3 new finds. Review them on the Review page, where "
            "each one can be compared with your work side by side.")
    win.statusBar().showMessage(long, 60_000)  # shown long enough for a loaded machine to lay it out
    label = win.statusBar().label  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: label.text().endswith("…"), timeout=20_000)  # cut at the bar's end, on one line
    assert label.height() < label.fontMetrics().height() * 1.5 and label.toolTip() == long
    assert win.statusBar().currentMessage() == long
    win.statusBar().clearMessage()
    assert win.statusBar().currentMessage() == ""


def test_the_finds_of_one_probe_run_can_be_told_apart_in_the_where_column() -> None:
    """Three finds of one probe run all read "localhost" under Where (one address), as if recorded three times;
    each now names the model and what it gave back."""
    def probe_find(id_: int, **evidence: str) -> Finding:
        url = f"http://localhost:11434/v1/chat/completions#model=llama3&probe={evidence['probe']}-{id_}&work=4"
        return Finding(id_, "match", "new", 4, None, "text", 0.85, {"found_by": "model probe", "model": "llama3",
                       **evidence}, id_, url, None, "llama3 continued a passage", "local", "2026-12-06T15:47", None)

    shown = [place(probe_find(1, probe="continuation", original="8 Again, a new commandment I write unto you")),
             place(probe_find(2, probe="continuation", original="12 Not as Cain, who was of that")),
             place(probe_find(3, probe="recall")),
             place(probe_find(5, probe="continuation", original="deliverance everlasting, unto life"))]
    assert shown == ["llama3, from \u201c8 Again, a\u2026\u201d", "llama3, from \u201c12 Not as\u2026\u201d",
                     "llama3: quoted the opening", "llama3, from \u201cdeliverance\u2026\u201d"]
    web = Finding(4, "match", "new", 1, None, "image", 0.9, {}, 4, "https://www.art.example/x/1.png", None, "", "feed",
                  "2026-12-06T15:47", None)
    assert place(web) == "art.example"


def test_what_a_find_is_reads_whole_at_the_first_window_size(qtbot: QtBot, paths: Paths) -> None:  # noqa: F811
    """A probe find's What read "Model …r text" beside a column of "Image copy"."""
    win = _window(qtbot, paths)
    table = win.matches.table
    needed = table.fontMetrics().horizontalAdvance("Image copy by a model")
    assert table.horizontalHeader().sectionSize(1) > needed
    assert table.horizontalHeader().sectionSize(5) > table.fontMetrics().horizontalAdvance("named")


def test_a_mention_says_every_term_it_names_and_a_crawl_find_its_site(qtbot: QtBot) -> None:
    def mention(evidence: dict[str, object], meta: dict[str, object]) -> Finding:
        return Finding(9, "mention", "new", None, "Kenneth Wimer", None, 1.0, evidence, 9, "https://civ.example/m/5",
                       None, "", "civ", "2026-12-08T04:00:00+00:00", None, meta=meta)

    model = MatchesModel()
    both = mention({"terms": ["Kenneth Wimer", "Butterfly"]}, {})
    assert model.subject(both) == "“Kenneth Wimer” and “Butterfly”"
    assert why(both, model.subject(both)) == ("A page on civ.example names “Kenneth Wimer” and “Butterfly”, your "
                                              "watch terms.")
    crawl = mention({}, {"kind": "crawl", "domain": "kennethwimer.example", "crawl": "CC-MAIN-2025-33"})
    assert (what(crawl), model.subject(crawl)) == ("Site in a crawl", "kennethwimer.example")
    assert why(crawl, model.subject(crawl)) == ("Your site kennethwimer.example is in Common Crawl's CC-MAIN-2025-33, "
                                                "raw material of many AI training sets.")
