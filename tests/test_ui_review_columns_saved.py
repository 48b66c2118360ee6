"""Review's column layout is remembered in window.ini between runs, but one saved by an older version — a "What"
column too narrow for "Image copy by a model", or fewer columns — is dropped for today's layout, not brought back."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QHeaderView, QTableView
from pytestqt.qtbot import QtBot

from creatorwatch.paths import Paths
from creatorwatch.ui.main_window import MainWindow, window_settings
from tests.ui_fixtures import paths  # noqa: F401

WHAT, SOURCE = 1, 4


def _open(qtbot: QtBot, paths: Paths) -> MainWindow:  # noqa: F811
    window = MainWindow(paths)
    qtbot.addWidget(window)
    return window


def _header(window: MainWindow) -> QHeaderView:
    return window.matches.table.horizontalHeader()


def _needed(window: MainWindow) -> int:
    return window.matches.table.fontMetrics().horizontalAdvance("Image copy by a model")


def test_a_layout_the_creator_left_is_kept(qtbot: QtBot, paths: Paths) -> None:  # noqa: F811
    first = _open(qtbot, paths)
    _header(first).resizeSection(WHAT, _header(first).sectionSize(WHAT) + 40)
    _header(first).resizeSection(SOURCE, 170)
    first.matches.table.sortByColumn(SOURCE, Qt.SortOrder.AscendingOrder)
    widths = [_header(first).sectionSize(c) for c in range(_header(first).count())]
    first.save_state()

    again = _open(qtbot, paths)
    assert [_header(again).sectionSize(c) for c in range(_header(again).count())] == widths
    assert _header(again).sortIndicatorSection() == SOURCE


def test_an_older_versions_narrow_what_column_is_not_brought_back(qtbot: QtBot, paths: Paths) -> None:  # noqa: F811
    first = _open(qtbot, paths)
    today = _header(first).sectionSize(WHAT)
    assert today >= _needed(first)
    old = first.matches.table.fontMetrics().horizontalAdvance("Likeness mention") + 8  # before model probes' words
    _header(first).resizeSection(WHAT, old)
    _header(first).resizeSection(SOURCE, 170)
    first.save_state()
    assert window_settings(paths).value("review-columns") is not None

    again = _open(qtbot, paths)
    assert _header(again).sectionSize(WHAT) == today  # today's layout, whole words
    assert _header(again).sectionSize(SOURCE) != 170
    again.save_state()  # and the next start keeps it
    assert _header(_open(qtbot, paths)).sectionSize(WHAT) == today


def test_a_layout_of_other_columns_is_dropped(qtbot: QtBot, paths: Paths) -> None:  # noqa: F811
    older = QTableView()  # a Review of six columns, wide enough for anything
    qtbot.addWidget(older)
    older.setModel(QStandardItemModel(0, 6))
    for column in range(6):
        older.horizontalHeader().resizeSection(column, 300)
    settings = window_settings(paths)
    settings.setValue("review-columns", older.horizontalHeader().saveState())
    settings.setValue("review-columns-of", "Found,What,Your work,Where,Score,Status")
    settings.sync()
    assert isinstance(window_settings(paths).value("review-columns"), QByteArray)

    window = _open(qtbot, paths)
    header = _header(window)
    assert header.count() == len(window.matches.model.HEADERS)
    assert header.sectionSize(WHAT) >= _needed(window) and header.sectionSize(0) != 300


def _layout(header: QHeaderView) -> list[tuple[int, int, bool]]:
    """Each column in the order shown: which it is, its width, whether it is hidden."""
    return [(header.logicalIndex(place), header.sectionSize(header.logicalIndex(place)),
             header.isSectionHidden(header.logicalIndex(place))) for place in range(header.count())]


def test_a_layout_saved_before_layouts_were_versioned_is_dropped(qtbot: QtBot, paths: Paths) -> None:  # noqa: F811
    today = _layout(_header(_open(qtbot, paths)))
    older = QTableView()  # an earlier Review of six columns, its layout saved with no note of what it was of
    qtbot.addWidget(older)
    older.setModel(QStandardItemModel(0, 6))
    for column in range(6):
        older.horizontalHeader().resizeSection(column, _needed(_open(qtbot, paths)) + 20)
    older.horizontalHeader().hideSection(5)
    settings = window_settings(paths)
    settings.setValue("review-columns", older.horizontalHeader().saveState())
    settings.sync()

    window = _open(qtbot, paths)
    assert _layout(_header(window)) == today  # every column in sight, in today's places, at today's widths


def test_a_layout_of_todays_columns_from_before_their_reordering_is_dropped(qtbot: QtBot,
                                                                             paths: Paths) -> None:  # noqa: F811
    first = _open(qtbot, paths)
    today = _layout(_header(first))
    _header(first).moveSection(_header(first).visualIndex(SOURCE), SOURCE)  # Source where it stood before
    _header(first).resizeSection(WHAT, _header(first).sectionSize(WHAT) + 40)
    first.save_state()
    window_settings(paths).setValue("review-columns-of", ",".join(first.matches.model.HEADERS))  # as noted then

    assert _layout(_header(_open(qtbot, paths))) == today


def test_a_reordered_layout_saved_by_this_version_is_kept(qtbot: QtBot, paths: Paths) -> None:  # noqa: F811
    first = _open(qtbot, paths)
    _header(first).moveSection(_header(first).visualIndex(SOURCE), 0)
    _header(first).resizeSection(SOURCE, 150)
    left = _layout(_header(first))
    first.save_state()

    again = _header(_open(qtbot, paths))
    assert _layout(again) == left and again.logicalIndex(0) == SOURCE
