"""The Settings page: how often to check, how sensitive each kind of match is, alerts, the creator's details for
takedown notices (what `creatorwatch evidence-settings` keeps), appearance, and where the data lives."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from creatorwatch.core.net.guard import is_web_address
from creatorwatch.core.records.notice_details import NoticeDetails
from creatorwatch.core.records.typed_contact import on_one_line, tidied_contact
from creatorwatch.core.store.preferences import SENSITIVITIES, Preferences
from creatorwatch.core.voice.installed import NOT_INSTALLED, voice_installed
from creatorwatch.paths import Paths
from creatorwatch.ui.could_not_read import ReadOrReason
from creatorwatch.ui.data import query
from creatorwatch.ui.settings_changes import AllSettings, load_settings, save_changes, with_changes
from creatorwatch.ui.warn import warn

KIND_LABELS = (("image", "Pictures"), ("audio", "Recordings"), ("text", "Texts"))
SENSITIVITY_WORDS = {"low": "Low — only near-exact copies", "normal": "Normal", "high": "High — also loose copies"}
APPEARANCES = (("system", "Follow the system"), ("light", "Light"), ("dark", "Dark"))


def _counts_in(box: QSpinBox, unit: str) -> None:
    """"1 hour", "2 hours": the unit after the number agrees with it ("Check every 1 hours" read as a slip)."""
    def agree(value: int) -> None:
        box.setSuffix(f" {unit}" if value == 1 else f" {unit}s")

    box.valueChanged.connect(agree)
    agree(box.value())


class SettingsView(QWidget):
    saved = Signal(object)  # the Preferences just written
    message = Signal(str, int)  # for the status bar

    def __init__(self, paths: Paths, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paths = paths
        self.prefs = Preferences()
        self.interval = QSpinBox(minimum=1, maximum=168)
        self.interval.setAccessibleName("Check every")
        _counts_in(self.interval, "hour")
        self.keep_days = QSpinBox(minimum=0, maximum=3650)
        _counts_in(self.keep_days, "day")
        self.keep_days.setAccessibleName("Remember what sources showed for")
        self.keep_days.setToolTip("Fingerprints (never the files) of what the sources showed are kept this long, so "
                                  "works you add later are matched against them. 0: remember nothing.")
        self.remember_voices = QCheckBox("Remember the voices heard, for a voice you enrol later")
        self.remember_voices.setToolTip(
            "Each recording with speech that a source shows keeps its voice (never the sound) as long as fingerprints "
            "are kept, so your voice, once enrolled, is found in what was already heard. Costs about a tenth of a "
            "second per second of speech in each new recording a check sees." if voice_installed() else
            f"Shown as stored, but it has no effect: {NOT_INSTALLED}.")
        self.remember_voices.setEnabled(voice_installed())
        # greyed with no word of why, and unticked while `creatorwatch settings` said on: the stored value is shown,
        # and the reason in sight
        self.voices_unavailable = QLabel(f"Not available: {NOT_INSTALLED}. The README's \u201cVoice likeness\u201d "
                                         "paragraph says how to install it.")
        self.voices_unavailable.setObjectName("voices-unavailable")
        self.voices_unavailable.setWordWrap(True)
        self.voices_unavailable.setVisible(not voice_installed())
        self.sensitivity: dict[str, QComboBox] = {}
        self.notify = QCheckBox("Alert me about new possible copies")
        self.notify_mentions = QCheckBox("Also alert me when I am named somewhere new")
        self.notice = NoticeDetails()
        self.creator_name = QLineEdit()
        self.creator_name.setAccessibleName("Your name, for notices")
        self.address = QPlainTextEdit()
        self.address.setAccessibleName("Your postal address, for notices")
        three_lines = self.address.fontMetrics().lineSpacing() * 3 + 14  # a window too short scrolls, not squashes it
        self.address.setMinimumHeight(three_lines)
        self.address.setMaximumHeight(max(70, three_lines))
        self.address.setTabChangesFocus(True)  # a typed tab ended up in the takedown notice; Tab goes on to Telephone
        self.phone = QLineEdit()
        self.phone.setAccessibleName("Your telephone number, for notices")
        self.email = QLineEdit()
        self.email.setAccessibleName("Your email address, for notices")
        self.on_behalf_of = QLineEdit(placeholderText="only if you send notices for someone else")
        self.on_behalf_of.setAccessibleName("The copyright owner you act for")
        self.tsa_url = QLineEdit(placeholderText="optional, e.g. https://freetsa.org/tsr")
        self.tsa_url.setAccessibleName("Timestamp authority for evidence bundles")
        self.tsa_url.setToolTip("An RFC 3161 timestamp authority: each evidence bundle you export gets its trusted "
                                "timestamp, proof that the evidence existed then. Leave empty for none.")
        self.appearance = QComboBox()
        self.appearance.setAccessibleName("Appearance")
        for key, text in APPEARANCES:
            self.appearance.addItem(text, key)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow(QLabel("<b>Monitoring</b>"))
        form.addRow("Check every", self.interval)
        form.addRow("Remember what was seen for", self.keep_days)
        form.addRow(self.remember_voices)
        form.addRow(self.voices_unavailable)
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
        form.addRow(QLabel("<b>You, for takedown notices</b>"))
        hint = QLabel("A notice draft needs your name, postal address, telephone and email; whatever is missing is "
                      "marked [FILL IN] in the draft. They stay on this computer.")
        hint.setWordWrap(True)
        form.addRow(hint)
        form.addRow("Name", self.creator_name)
        form.addRow("Postal address", self.address)
        form.addRow("Telephone", self.phone)
        form.addRow("Email", self.email)
        form.addRow("On behalf of", self.on_behalf_of)
        form.addRow("Timestamp authority", self.tsa_url)
        form.addRow(QLabel("<b>Look and data</b>"))
        form.addRow("Appearance", self.appearance)
        data = QLabel(str(paths.data))
        data.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.show_folder_button = QPushButton("Show folder")
        self.show_folder_button.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(paths.data))))
        row = QHBoxLayout()
        row.addWidget(data, 1)
        row.addWidget(self.show_folder_button)
        form.addRow("Data location", row)
        self.save_button = QPushButton("Save settings")
        self.save_button.setDefault(True)
        self.save_button.setEnabled(False)  # until the settings are read: saving the defaults shown would replace them
        self.save_button.clicked.connect(self.save)
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addLayout(form)
        layout.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addStretch(1)
        self.form_area = QScrollArea(widgetResizable=True)  # on a small screen the form scrolls rather than squash
        self.form_area.setFrameShape(QFrame.Shape.NoFrame)
        self.form_area.setWidget(content)
        self.page = ReadOrReason(self.form_area, "Your settings")
        self.page.retry.connect(self.reload)
        page_layout = QVBoxLayout(self)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.addWidget(self.page)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.applicationStateChanged.connect(self._state_changed)

    def reload(self) -> None:
        query(self.paths, load_settings, self.show_settings, self._could_not_read)

    def showEvent(self, event: QShowEvent) -> None:
        """Read the settings again each time the page is shown: one changed from the command line meanwhile is shown
        as it is stored (what the creator typed and has not saved stays)."""
        super().showEvent(event)
        self.reload()

    def _state_changed(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive and self.isVisible():  # back from a terminal
            self.reload()

    def _could_not_read(self, exc: BaseException) -> None:
        """Say why in place of the fields: defaults shown as if they were the creator's, and saved over them, would
        lose what was chosen."""
        self.page.show_reason(exc)
        self.save_button.setEnabled(False)

    def show_settings(self, loaded: AllSettings) -> None:
        """Show the settings as stored, except what the creator changed here and has not saved: that stays."""
        typed = (self._shown, self._chosen()) if self._shown is not None and self._chosen() != self._shown else None
        self._show_all(loaded)
        self._shown = None
        self._shown = self._chosen()  # as the page shows what is stored
        if typed is not None:
            self._show_all(with_changes(self._shown, *typed))

    def _show_all(self, loaded: AllSettings) -> None:
        self.page.show_content()
        self.save_button.setEnabled(True)
        self.show_preferences(loaded.prefs)
        self.notice = loaded.notice
        self.creator_name.setText(loaded.notice.name or loaded.prefs.creator_name)
        self.address.setPlainText(loaded.notice.address)
        self.phone.setText(loaded.notice.phone)
        self.email.setText(loaded.notice.email)
        self.on_behalf_of.setText(loaded.notice.on_behalf_of)
        self.tsa_url.setText(loaded.tsa_url)

    def show_preferences(self, prefs: Preferences) -> None:
        self.prefs = prefs
        self.interval.setValue(max(1, round(prefs.check_interval_minutes / 60)))
        for kind, box in self.sensitivity.items():
            box.setCurrentIndex(max(0, box.findData(prefs.sensitivity.get(kind, "normal"))))
        self.keep_days.setValue(prefs.keep_fingerprints_days)
        self.remember_voices.setChecked(prefs.remember_voices)
        self.notify.setChecked(prefs.notify)
        self.notify_mentions.setChecked(prefs.notify_mentions)
        self.appearance.setCurrentIndex(max(0, self.appearance.findData(prefs.appearance)))

    def current(self) -> Preferences:
        """The preferences as shown; settings the page has no field for (a contact line set from the command line,
        a check interval in minutes that is not whole hours, unless the hours were changed) are kept as they were."""
        shown_hours = max(1, round(self.prefs.check_interval_minutes / 60))
        return replace(
            self.prefs,
            check_interval_minutes=self.prefs.check_interval_minutes if self.interval.value() == shown_hours
            else self.interval.value() * 60,
            sensitivity={**self.prefs.sensitivity,
                         **{kind: box.currentData() for kind, box in self.sensitivity.items()}},
            notify=self.notify.isChecked(), notify_mentions=self.notify_mentions.isChecked(),
            creator_name=on_one_line(self.creator_name.text()), appearance=self.appearance.currentData(),
            creator_contact=self._contact(),
            keep_fingerprints_days=self.keep_days.value(),
            remember_voices=self.remember_voices.isChecked() if voice_installed() else self.prefs.remember_voices,
        )

    def _contact(self) -> str:
        """The Email field is the contact `creatorwatch settings` shows as creator_contact (and protected copies
        carry): a new email replaces it, where the two drifted apart."""
        email = on_one_line(self.email.text())
        return email if self._shown is not None and email != self._shown.notice.email else self.prefs.creator_contact

    def current_notice(self) -> NoticeDetails:
        address, _ = tidied_contact("creator_address", self.address.toPlainText())  # its lines kept, trimmed
        return NoticeDetails(name=on_one_line(self.creator_name.text()), address=address,  # a line break pasted
                             phone=on_one_line(self.phone.text()), email=on_one_line(self.email.text()),  # into a
                             on_behalf_of=on_one_line(self.on_behalf_of.text()))  # one-line field broke the letter

    _shown: AllSettings | None = None  # what the fields held when last read or saved

    def _chosen(self) -> AllSettings:
        return AllSettings(self.current(), self.current_notice(), self.tsa_url.text().strip())

    def save(self) -> None:
        self._save("Settings saved.")

    def keep_changes(self) -> None:
        """Save what was changed and not saved yet, saying so, as the creator leaves the page or closes the window.
        Saved rather than asked about: a desktop app keeps the preferences typed (GNOME and macOS apply them at once),
        a question at every page change would interrupt, and leaving was never meant as "throw my changes away";
        a setting changed by mistake is changed back as easily."""
        if self._shown is not None and self._chosen() != self._shown:
            self._save("Your changes to Settings were saved.")

    def _save(self, said: str) -> None:
        if not self.save_button.isEnabled():
            return  # not read yet, or unreadable (the default button answers Enter)
        chosen = self._chosen()
        if chosen.tsa_url and not is_web_address(chosen.tsa_url):  # it was kept, and every export then went unstamped
            self.message.emit(f"\u201c{chosen.tsa_url}\u201d is not a web address, so it cannot be a timestamp "
                              "authority: give one that starts with https:// or http://, such as "
                              "https://freetsa.org/tsr, or leave it empty. Your settings were not saved.", 15_000)
            self.tsa_url.setFocus()
            return
        shown = self._shown or chosen
        query(self.paths, lambda db: save_changes(db, shown, chosen), lambda stored: self._saved(chosen, stored, said),
              self._failed)

    def _failed(self, exc: BaseException) -> None:
        warn(self, str(exc))

    def _saved(self, chosen: AllSettings, stored: AllSettings, said: str) -> None:
        """Show what is stored now: the creator's changes, and beside them any made elsewhere."""
        self._shown = chosen  # what was typed since Save was pressed stays
        self.show_settings(stored)
        self.message.emit(said, 5000)
        self.saved.emit(stored.prefs)
