"""Light or dark: follow the system's colour scheme unless the creator chose one, and keep following it."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleOption, QWidget

from creatorwatch.ui.sort_arrows import SortArrows

ACCENT = QColor("#3d7bd9")


def dark_palette() -> QPalette:
    p = QPalette()
    window, base, text = QColor("#25272b"), QColor("#1c1d20"), QColor("#e6e6e6")
    roles = {
        QPalette.ColorRole.Window: window, QPalette.ColorRole.WindowText: text, QPalette.ColorRole.Base: base,
        QPalette.ColorRole.AlternateBase: QColor("#232428"), QPalette.ColorRole.ToolTipBase: window,
        QPalette.ColorRole.ToolTipText: text, QPalette.ColorRole.Text: text, QPalette.ColorRole.Button: window,
        QPalette.ColorRole.ButtonText: text, QPalette.ColorRole.BrightText: QColor("#ff6b6b"),
        QPalette.ColorRole.Highlight: ACCENT, QPalette.ColorRole.HighlightedText: QColor("#ffffff"),
        QPalette.ColorRole.Link: QColor("#7aa7ff"), QPalette.ColorRole.PlaceholderText: QColor("#8a8d93"),
        QPalette.ColorRole.Mid: QColor("#3a3c41"), QPalette.ColorRole.Dark: QColor("#151618"),
        QPalette.ColorRole.Light: QColor("#3a3c41"), QPalette.ColorRole.Midlight: QColor("#313338"),
        QPalette.ColorRole.Shadow: QColor("#000000"),
    }
    for role, color in roles.items():
        p.setColor(role, color)
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6f7177"))
    return p


def is_dark() -> bool:
    app = QGuiApplication.instance()
    return isinstance(app, QGuiApplication) and app.palette().color(QPalette.ColorRole.Window).lightness() < 128


class OutlinedCheckBoxes(QProxyStyle):
    """Fusion outlines check boxes in the window colour darkened, which vanishes on a dark palette (an unticked
    "My voice" box could not be seen): on dark, outline them in the palette's placeholder grey as well. On a selected
    row of a dark list Fusion filled an unticked box with the near-black base, a solid square on the blue that read
    as ticked: there it is drawn empty, a light outline on the row's own colour."""

    BOXES = (QStyle.PrimitiveElement.PE_IndicatorCheckBox, QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck)

    def drawPrimitive(self, element: QStyle.PrimitiveElement, option: QStyleOption, painter: QPainter,
                      widget: QWidget | None = None) -> None:
        dark = option.palette.color(QPalette.ColorRole.Base).lightness() < 128
        if element not in self.BOXES or not dark:
            super().drawPrimitive(element, option, painter, widget)
            return
        state = option.state
        if not state & QStyle.StateFlag.State_Enabled:
            self._draw_greyed(element, option, painter, widget)
            return
        empty_on_selection = (element == QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck
                              and state & QStyle.StateFlag.State_Selected and state & QStyle.StateFlag.State_Off)
        if not empty_on_selection:
            super().drawPrimitive(element, option, painter, widget)
        painter.save()
        painter.setPen(option.palette.color(QPalette.ColorRole.HighlightedText if empty_on_selection
                                            else QPalette.ColorRole.PlaceholderText))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(option.rect.adjusted(0, 0, -1, -1), 1.5, 1.5)
        painter.restore()

    def _draw_greyed(self, element: QStyle.PrimitiveElement, option: QStyleOption, painter: QPainter,
                     widget: QWidget | None) -> None:
        """A box that cannot be ticked (a sound too short to be a voice), filled grey as the light theme draws it:
        on dark it was an outline like any other, and could not be told from one to tick."""
        usual = option.palette
        greyed = QPalette(usual)
        greyed.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Base, usual.color(QPalette.ColorRole.Mid))
        greyed.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Window, usual.color(QPalette.ColorRole.Mid))
        option.palette = greyed
        try:
            super().drawPrimitive(element, option, painter, widget)
        finally:
            option.palette = usual


class Appearance(QObject):
    """Applies the creator's choice — "system", "light" or "dark" — and re-applies it when the desktop switches.
    Where the platform cannot switch schemes itself (no platform theme, as under Xvfb), Fusion palettes stand in."""

    def __init__(self, app: QApplication, choice: str = "system") -> None:
        super().__init__(app)
        self._app = app
        self.choice = choice
        if app.style().name().lower() == "fusion" and not isinstance(app.style(), OutlinedCheckBoxes):
            app.setStyle(OutlinedCheckBoxes(SortArrows("fusion")))
        app.styleHints().colorSchemeChanged.connect(lambda _scheme: self.apply(self.choice))
        self.apply(choice)

    def apply(self, choice: str) -> None:
        self.choice = choice
        hints = self._app.styleHints()
        hints.setColorScheme({"light": Qt.ColorScheme.Light, "dark": Qt.ColorScheme.Dark}.get(choice,
                                                                                           Qt.ColorScheme.Unknown))
        dark = hints.colorScheme() == Qt.ColorScheme.Dark if choice == "system" else choice == "dark"
        if dark != is_dark() or choice != "system":
            self._app.setPalette(dark_palette() if dark else self._app.style().standardPalette())
