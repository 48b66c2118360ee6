"""The Overview page: the first step while there is one to take, the library by kind, what is new to review, how
the sources are doing and what they found, when the last check ran and the next one will, and a chart of finds."""

from __future__ import annotations

import html

from PySide6.QtCharts import QAreaSeries, QChart, QChartView, QDateTimeAxis, QLineSeries, QValueAxis
from PySide6.QtCore import QDate, QDateTime, QEvent, Qt, QTime, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from creatorwatch.core.records.overview import Overview, read_overview
from creatorwatch.core.records.source_store import ConfiguredSource
from creatorwatch.core.wording.times import local_short
from creatorwatch.core.wording.words import counted
from creatorwatch.paths import Paths
from creatorwatch.ui.could_not_read import ReadOrReason
from creatorwatch.ui.data import query
from creatorwatch.ui.first_step import FirstStep
from creatorwatch.ui.theme import ACCENT, is_dark

HEALTH_MARKS = {"ok": ("●", "#2e9d5b"), "failing": ("▲", "#d9822b"), "waiting_for_token": ("■", "#8a8f98"),
                "new": ("○", "#8a8f98")}


def health_words(source: ConfiguredSource) -> str:
    """The health column: short, with the time of the next try (the one the Next run column shows: a failing source
    is run at its retry time); the details below say since when and why."""
    health = source.health
    if not source.config.enabled:
        return "turned off"
    mark = HEALTH_MARKS.get(health.state, ("○", ""))[0]
    if health.state == "failing":
        return f"{mark} failing — next try {local_short(health.next_try, 'soon')}"
    if health.state == "waiting_for_token":
        return f"{mark} waiting for a token"
    return f"{mark} {health.describe()}"


class Card(QFrame):
    """A number with a caption."""

    def __init__(self, caption: str) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.value = QLabel("–")
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 2)
        font.setWeight(QFont.Weight.DemiBold)
        self.value.setFont(font)
        self.caption = QLabel(caption)
        self.caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)

    def set(self, value: str, caption: str | None = None) -> None:
        self.value.setText(value)
        if caption is not None:
            self.caption.setText(caption)
        self.setAccessibleName(f"{value} {self.caption.text()}")

    def count(self, n: int, noun: str, plural: str) -> None:
        """A count with its caption in the singular for one ("1 possible copy to review", not "copies")."""
        value, caption = counted(n, noun, plural).split(" ", 1)
        self.set(value, caption)


class OpeningCard(Card):
    """A card that opens what it counts: on a click, or Enter or Space once Tab has reached it."""

    activated = Signal()

    def __init__(self, caption: str) -> None:
        super().__init__(caption)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.activated.emit()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.activated.emit()
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        """The frame, and a ring in the highlight colour while it has the keyboard's focus (a frame shows none)."""
        super().paintEvent(event)
        if self.hasFocus():
            painter = QPainter(self)
            painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Highlight), 2))
            painter.drawRect(self.rect().adjusted(1, 1, -1, -1))
            painter.end()


# What the takedowns card counts: it said "open takedowns" and stayed 0 after a notice was exported, which does not
# start one (a bundle's notice may never be sent). It opens the Takedowns window, where they are followed.
FOLLOWED = ("Takedowns you follow (drafted, sent, acknowledged\u2026) that are not yet removed or refused. Click, or "
            "press Enter, to see them, record the next step or add a note. Start one on Review with Follow "
            "takedown\u2026. Saving an evidence bundle does not start one: when you send its notice, record that "
            "it was sent here.")


class DashboardView(QWidget):
    review_requested = Signal()  # the creator clicked through to the new finds
    add_files_requested = Signal()  # the first step, while the library is empty
    add_folder_requested = Signal()
    sources_requested = Signal()  # the first step, while nothing is watched
    takedowns_requested = Signal()  # the takedowns card, clicked or pressed

    def __init__(self, paths: Paths, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paths = paths
        self.first_step = FirstStep()
        self.first_step.add_files.connect(self.add_files_requested)
        self.first_step.add_folder.connect(self.add_folder_requested)
        self.first_step.choose_sources.connect(self.sources_requested)
        self.works = Card("works in your library")
        self.new_matches = Card("possible copies to review")
        self.new_mentions = Card("new mentions of you")
        self.takedowns = OpeningCard("takedowns you are following")
        self.takedowns.setToolTip(FOLLOWED)
        self.takedowns.setAccessibleDescription("Opens the takedowns you follow")
        self.takedowns.activated.connect(self.takedowns_requested)
        self.checks = QLabel()
        self.checks.setAccessibleName("Last and next check")
        self.sources = QLabel()
        self.sources.setTextFormat(Qt.TextFormat.RichText)
        self.sources.setAccessibleName("Sources and their health")
        self.sources.setWordWrap(True)
        review = QPushButton("Review new finds")
        review.clicked.connect(self.review_requested.emit)
        self.plot = QChart()
        self.plot.legend().hide()
        self.plot.setBackgroundVisible(False)
        self.chart = QChartView(self.plot)
        self.chart.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart.setMinimumHeight(220)
        self.chart.setAccessibleName("Finds per day over the last two months")
        content = QWidget()
        grid = QGridLayout(content)
        grid.setContentsMargins(16, 16, 16, 16)
        grid.setSpacing(12)
        grid.addWidget(self.first_step, 0, 0, 1, 4)
        for column, card in enumerate((self.works, self.new_matches, self.new_mentions, self.takedowns)):
            grid.addWidget(card, 1, column)
        grid.addWidget(self.checks, 2, 0, 1, 3)
        grid.addWidget(review, 2, 3)
        grid.addWidget(self.chart, 3, 0, 1, 3)
        side = QFrame()
        side.setFrameShape(QFrame.Shape.StyledPanel)
        side_layout = QVBoxLayout(side)
        side_layout.addWidget(QLabel("<b>Sources</b>"))
        side_layout.addWidget(self.sources)
        side_layout.addStretch(1)
        grid.addWidget(side, 3, 3)
        grid.setRowStretch(3, 1)
        self.page = ReadOrReason(content, "Your overview")
        self.page.retry.connect(self.reload)
        page_layout = QVBoxLayout(self)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.addWidget(self.page)

    paused = False  # monitoring paused from the tray: no check is coming, whatever the schedule says
    writable = True  # False: the data file is read-only, and monitoring paused until it can be written
    _overview: Overview | None = None

    def set_paused(self, paused: bool) -> None:
        """Say "Monitoring is paused" where the next check was (it showed a time long past, while nothing ran)."""
        if paused != self.paused:
            self.paused = paused
            if self._overview is not None:
                self._show_checks(self._overview)

    def set_writable(self, writable: bool) -> None:
        """A read-only data file pauses monitoring too, and resuming from the tray could not help: say why instead."""
        if writable != self.writable:
            self.writable = writable
            if self._overview is not None:
                self._show_checks(self._overview)

    def reload(self) -> None:
        query(self.paths, read_overview, self.show_overview, self.page.show_reason)

    def changeEvent(self, event: QEvent) -> None:
        """Light to dark or back (the creator's choice is applied once read, a desktop switches at any time): the
        chart takes the new colours, where its title and numbers stayed near-black on the dark page."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._overview is not None:
            self._chart(self._overview)

    def _show_checks(self, o: Overview) -> None:
        upcoming = ("Monitoring is paused: your data file is read-only, so nothing found could be saved (the bar at "
                    "the top says why)" if not self.writable else
                    "Monitoring is paused: resume it from the tray icon's menu" if self.paused else
                    f"Next check: {local_short(o.next_check, 'not planned')}")
        self.checks.setText(f"Last check: {local_short(o.last_check)}   ·   {upcoming}")

    def show_overview(self, o: Overview) -> None:
        self.page.show_content()
        self.first_step.show_for(o.works, len(o.sources))
        names = {"image": "image", "audio": "recording", "text": "text"}
        kinds = ", ".join(counted(n, name) for key, name in names.items() if (n := o.works_by_kind.get(key)))
        in_library = f" in your library{': ' + kinds if kinds else ''}"
        self.works.count(o.works, "work" + in_library, "works" + in_library)
        self.new_matches.count(o.new_matches, "possible copy to review", "possible copies to review")
        if o.new_voices:
            self.new_mentions.count(o.new_mentions + o.new_voices, "new mention or voice likeness of you",
                                    "new mentions and voice likenesses of you")
        else:
            self.new_mentions.count(o.new_mentions, "new mention of you", "new mentions of you")
        self.takedowns.count(o.open_takedowns, "takedown you are following", "takedowns you are following")
        self._overview = o
        self._show_checks(o)
        self.sources.setText(self._sources_html(o) or "No sources yet. Add some on the Sources page.")
        self._chart(o)

    @staticmethod
    def _sources_html(o: Overview) -> str:
        rows = []
        for s in o.sources:
            mark, colour = HEALTH_MARKS.get(s.health.state, ("○", "#8a8f98"))
            report = o.reports.get(s.config.name)
            said = f"<br><small>{html.escape(report.headline)}</small>" if report else ""
            state = health_words(s).removeprefix(mark).strip()
            rows.append(f"<p style='margin-bottom:6px'><span style='color:{colour}'>{mark}</span> "
                        f"{html.escape(s.config.name)} — {state}{said}</p>")
        return "".join(rows)

    def _chart(self, o: Overview) -> None:
        line = QLineSeries()
        for day, count in o.per_day:
            moment = QDateTime(QDate(day.year, day.month, day.day), QTime(12, 0))
            line.append(float(moment.toMSecsSinceEpoch()), float(count))
        area = QAreaSeries(line)
        line.setParent(area)  # the area series does not own its line; without a parent Python would free it
        area.setName("Finds")
        fill = QColor(ACCENT)
        fill.setAlpha(90)
        area.setBrush(fill)
        area.setPen(QPen(ACCENT, 2))
        chart = self.plot
        chart.removeAllSeries()
        for old in chart.axes():
            chart.removeAxis(old)
        chart.setTheme(QChart.ChartTheme.ChartThemeDark if is_dark() else QChart.ChartTheme.ChartThemeLight)
        chart.setBackgroundVisible(False)
        chart.addSeries(area)
        chart.setTitle("Finds per day, last two months")
        area.setBrush(fill)
        area.setPen(QPen(ACCENT, 2))
        x_axis = QDateTimeAxis()
        x_axis.setFormat("d MMM")
        x_axis.setTickCount(7)
        y_axis = QValueAxis()
        # five grid lines on whole numbers: the top rounded up to a multiple of 4 (14 finds drew lines at 3.5 and
        # 10.5 labelled "3" and "10")
        busiest = max([n for _, n in o.per_day] + [4])
        y_axis.setRange(0, -(-busiest // 4) * 4)
        y_axis.setLabelFormat("%d")
        y_axis.setTickCount(5)
        for axis, side in ((x_axis, Qt.AlignmentFlag.AlignBottom), (y_axis, Qt.AlignmentFlag.AlignLeft)):
            chart.addAxis(axis, side)
            area.attachAxis(axis)
        text = self.palette().color(QPalette.ColorRole.WindowText)
        chart.setTitleBrush(text)
        x_axis.setLabelsBrush(text)
        y_axis.setLabelsBrush(text)
