"""The Settings page: how often to check, how sensitive each kind of match is, alerts, the creator's name and
contact for notices, appearance, and where the data lives."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from creatorwatch import APP_NAME
from creatorwatch.core.preferences import SENSITIVITIES, Preferences, load_preferences, save_preferences
from creatorwatch.paths import Paths
from creatorwatch.ui.data import query

KIND_LABELS = (("image", "Pictures"), ("audio", "Recordings"), ("text", "Texts"))
SENSITIVITY_WORDS = {"low": "Low — only near-exact copies", "normal": "Normal", "high": "High — also loose copies"}
APPEARANCES = (("system", "Follow the system"), ("light", "Light"), ("dark", "Dark"))


class SettingsView(QWidget):
    saved = Signal(object)  # the Preferences just written

    def __init__(self, paths: Paths, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paths = paths
        self.prefs = Preferences()
        self.interval = QSpinBox(suffix=" hours", minimum=1, maximum=168)
        self.interval.setAccessibleName("Check every")
        self.sensitivity: dict[str, QComboBox] = {}
        self.notify = QCheckBox("Alert me about new possible copies")
        self.notify_mentions = QCheckBox("Also alert me when I am named somewhere new")
        self.creator_name = QLineEdit()
        self.creator_name.setAccessibleName("Your name, for notices")
        self.creator_contact = QPlainTextEdit()
        self.creator_contact.setAccessibleName("Your contact details, for notices")
        self.creator_contact.setMaximumHeight(80)
        self.appearance = QComboBox()
        self.appearance.setAccessibleName("Appearance")
        for key, text in APPEARANCES:
            self.appearance.addItem(text, key)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow(QLabel("<b>Monitoring</b>"))
        form.addRow("Check every", self.interval)
        for kind, label in KIND_LABELS:
            box = QComboBox()
            box.setAccessibleName(f"Sensitivity for {label.lower()}")
            for level in SENSITIVITIES:
                box.addItem(SENSITIVITY_WORDS[level], level)
            self.sensitivity[kind] = box
            form.addRow(f"{label}: sensitivity", box)
        form.addRow(QLabel("<b>Alerts</b>"))
        form.addRow(self.notify)
        form.addRow(self.notify_mentions)
        form.addRow(QLabel("<b>You, for notices</b>"))
        form.addRow("Name", self.creator_name)
        form.addRow("Contact", self.creator_contact)
        form.addRow(QLabel("<b>Look and data</b>"))
        form.addRow("Appearance", self.appearance)
        data = QLabel(str(paths.data))
        data.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        open_data = QPushButton("Show folder")
        open_data.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(paths.data))))
        row = QHBoxLayout()
        row.addWidget(data, 1)
        row.addWidget(open_data)
        form.addRow("Data location", row)
        self.save_button = QPushButton("Save settings")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addLayout(form)
        layout.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addStretch(1)

    def reload(self) -> None:
        query(self.paths, load_preferences, self.show_preferences)

    def show_preferences(self, prefs: Preferences) -> None:
        self.prefs = prefs
        self.interval.setValue(max(1, round(prefs.check_interval_minutes / 60)))
        for kind, box in self.sensitivity.items():
            box.setCurrentIndex(max(0, box.findData(prefs.sensitivity.get(kind, "normal"))))
        self.notify.setChecked(prefs.notify)
        self.notify_mentions.setChecked(prefs.notify_mentions)
        self.creator_name.setText(prefs.creator_name)
        self.creator_contact.setPlainText(prefs.creator_contact)
        self.appearance.setCurrentIndex(max(0, self.appearance.findData(prefs.appearance)))

    def current(self) -> Preferences:
        return Preferences(
            check_interval_minutes=self.interval.value() * 60,
            sensitivity={kind: box.currentData() for kind, box in self.sensitivity.items()},
            notify=self.notify.isChecked(), notify_mentions=self.notify_mentions.isChecked(),
            creator_name=self.creator_name.text().strip(), creator_contact=self.creator_contact.toPlainText().strip(),
            appearance=self.appearance.currentData(),
        )

    def save(self) -> None:
        prefs = self.current()
        query(self.paths, lambda db: save_preferences(db, prefs), lambda _r: self._saved(prefs), self._failed)

    def _failed(self, exc: BaseException) -> None:
        QMessageBox.warning(self, APP_NAME, str(exc))

    def _saved(self, prefs: Preferences) -> None:
        self.prefs = prefs
        self.saved.emit(prefs)
