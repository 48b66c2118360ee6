"""The Library's columns fit the window at its first size, with no sideways scrolling: the title takes the room the
others leave (wrapping over two lines, cut short beyond that); every other column is as wide as the
longest thing it shows or its header. A layout the creator left is put back when it still fits."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject, Qt
from PySide6.QtWidgets import QHeaderView, QStyle, QTableView

from creatorwatch.ui.library_model import PROBE_COLUMN, STATUS_NAMES, THUMB_ROW, VOICE_COLUMN, LibraryModel
from creatorwatch.ui.one_line_cells import OneLineCells
from creatorwatch.ui.readable_column import ReadableColumn

TITLE, KIND, DETAILS, SIZE, ADDED, STATUS = range(6)
TITLE_ROOM = THUMB_ROW.width() + 80  # a thumbnail and about ten letters a line: less, and the title is not read
# the longest thing each short column shows (a text's first line in Details is cut to fit a picture's size)
WIDEST = {KIND: ("Image", "Audio", "Text"), STATUS: tuple(STATUS_NAMES.values()),
          DETAILS: ("1920 × 1080 px", "1:59:59"), SIZE: ("999.9 KB", "999.9 MB"), ADDED: ("2026-12-31",),
          VOICE_COLUMN: ("My voice",), PROBE_COLUMN: ("On: local",)}
CHECKED = (VOICE_COLUMN, PROBE_COLUMN)  # columns whose cells start with a box to tick
# what a creator reads and ticks first ("File missing" beside the kind), the file's details last: a narrow window
# (960 px) scrolls sideways to them, where it hid the boxes for "My voice" and "Probe"
ORDER = (TITLE, KIND, STATUS, VOICE_COLUMN, PROBE_COLUMN, DETAILS, SIZE, ADDED)


class LibraryColumns(QObject):
    """Lays out the Library table's columns, remembers the layout the creator leaves, and puts it back only when it
    still fits the table (with the title's room) the first time the table is shown."""

    def __init__(self, table: QTableView, model: LibraryModel) -> None:
        super().__init__(table)
        self.table, self.model = table, model
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(min(header.minimumSectionSize(), self._cell(("Text",))))
        for column in WIDEST:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, self.first_width(column))
        for place, column in enumerate(ORDER):
            header.moveSection(header.visualIndex(column), place)
        table.setWordWrap(True)  # a long title goes on over a second line before it is cut...
        table.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # ... and then in its middle: its end tells works apart
        table.setItemDelegateForColumn(DETAILS, OneLineCells(table))  # a text's first line: one line, cut at its end
        self.title = ReadableColumn(table, TITLE, TITLE_ROOM)  # in a narrow window the table scrolls instead
        self.first = header.saveState()
        self._saved_to_check = False
        table.viewport().installEventFilter(self)

    def first_width(self, column: int) -> int:
        """As wide as the longest thing the column shows, or as its header with the sort arrow, whichever is wider."""
        header = self.table.horizontalHeader()
        return max(self._cell(WIDEST[column], column in CHECKED), header.sectionSizeHint(column))

    def _cell(self, texts: tuple[str, ...], box: bool = False) -> int:
        """The width of a cell showing the widest of `texts` (after a box to tick): the text, the style's margins
        on either side of it and of the box, and a few pixels so nothing touches the next column."""
        style = self.table.style()
        margin = 2 * (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self.table) + 1)
        tick = style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, None, self.table) + margin if box else 0
        return max(self.table.fontMetrics().horizontalAdvance(t) for t in texts) + 2 * margin + tick

    # -- remembering ------------------------------------------------------------------------------------------
    def saved(self) -> tuple[QByteArray, str]:
        """The layout to remember, and which columns it is of (so a later version with other columns drops it)."""
        return self.table.horizontalHeader().saveState(), ",".join(self.model.HEADERS)

    def restore(self, state: QByteArray, columns: str | None) -> bool:
        """Put back a layout the creator left, if it is of today's columns; whether it fits is seen once the table
        has its size (a window remembered smaller, or a column widened a lot, would scroll sideways)."""
        header = self.table.horizontalHeader()
        if columns == ",".join(self.model.HEADERS) and header.restoreState(state):
            header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
            header.setStretchLastSection(False)
            self._saved_to_check = True
            self._keep_if_it_fits()
            return True
        header.restoreState(self.first)
        return False

    def fits(self) -> bool:
        """Every column inside the table's width, the title with its room."""
        return not self.table.horizontalHeader().isSectionHidden(TITLE) and self.title.roomy()

    def _keep_if_it_fits(self) -> None:
        if not self._saved_to_check or not self.table.isVisible() or self.table.viewport().width() <= 0:
            return
        self._saved_to_check = False
        if not self.fits():
            self.table.horizontalHeader().restoreState(self.first)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._saved_to_check and event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self._keep_if_it_fits()
        return False
