"""The "Add a source" dialog: what `creatorwatch sources add TYPE --name NAME --base-url URL --set KEY=VALUE` takes,
with each type said in words, the settings it needs shown by example, and the ones it may take under "More
settings", checked as `sources add` checks them. It stays open, with the reason, when the source cannot be added."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QToolButton,
    QWidget,
)

from creatorwatch.core.sources.base import SourceConfig
from creatorwatch.core.sources.folder import how_soon
from creatorwatch.core.sources.optional import OptionalSetting, split_list
from creatorwatch.core.sources.registry import TYPES, source_class
from creatorwatch.paths import Paths
from creatorwatch.ui.last_folder import WATCHED, remember_folder, start_folder

TYPE_WORDS = {
    "huggingface": ("Hugging Face", "AI models and datasets that name you or your works"),
    "civitai": ("Civitai", "AI image models and their galleries"),
    "lumen": ("Lumen", "takedown notices others sent about your works"),
    "commoncrawl": ("Common Crawl", "whether your sites are in the web crawls AI is trained on"),
    "wayback": ("Wayback Machine", "archived copies of your pages"),
    "feed": ("Feed", "any RSS or Atom feed"),
    "page": ("Web page", "any page, checked for changes"),
    "youtube": ("YouTube", "videos that name you or your works"),
    "reddit": ("Reddit", "posts that name you or your works"),
    "spawning": ("Spawning", "whether your work carries a do-not-train opt-out"),
    "folder": ("Folder", "a folder on this computer, such as a downloaded dataset"),
    "openai-compatible": ("Model endpoint", "a text model to probe (OpenAI, Mistral, Groq, Ollama, llama.cpp …)"),
    "anthropic": ("Anthropic", "Claude models to probe"),
    "openai-images": ("Image model endpoint", "a picture model to probe (OpenAI-style image generation)"),
}
EXAMPLES = {
    "url": "https://example.org/feed.xml", "urls": "https://example.org/art/,https://example.org/art/1.jpg",
    "domains": "example.org,example.com", "path": "/home/you/Downloads/dataset", "model": "gpt-4o-mini",
}


def _example(key: str) -> str:
    return f"{key}={EXAMPLES.get(key, '…')}"


def type_name(kind: str) -> str:
    """How the window names a source type: "Common Crawl" for commoncrawl."""
    return TYPE_WORDS.get(kind, (kind, ""))[0]


class AddSourceDialog(QDialog):
    submitted = Signal(object)  # the SourceConfig to add; the page closes the dialog once it is recorded

    def __init__(self, parent: QWidget | None = None, paths: Paths | None = None) -> None:
        super().__init__(parent)
        self.paths = paths  # where the folder last chosen to watch is remembered (None: nowhere)
        self.setWindowTitle("Add a source")
        self.setObjectName("add-source")
        self.setMinimumWidth(520)
        self.type = QComboBox()
        for kind in TYPES:
            name, what = TYPE_WORDS.get(kind, (kind, ""))
            self.type.addItem(f"{name} — {what}" if what else name, kind)
        self.type.setAccessibleName("Source type")
        self.name = QLineEdit()
        self.name.setAccessibleName("Source name")
        self.base_url = QLineEdit(placeholderText="optional: a mirror or self-hosted copy")
        self.base_url.setAccessibleName("Base address")
        self.settings = QPlainTextEdit()
        self.settings.setAccessibleName("Settings, one KEY=VALUE a line")
        self.settings.setMaximumHeight(90)
        self.settings.setTabChangesFocus(True)  # Tab goes on to the next field, as in every other box of the dialog
        self.choose_folder = QPushButton("Choose folder…")  # a path typed as path=… was all a creator had
        self.choose_folder.setToolTip("Choose the folder to watch; it is written under Settings as path=…")
        self.choose_folder.clicked.connect(self._choose_folder)
        self.needs = QLabel()
        self.needs.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #d9822b")
        self.problem.setAccessibleName("Why the source could not be added")
        self.problem.hide()
        self._problem_about = ""  # which field the problem shown is about, to take it away once that is put right
        self.name.textChanged.connect(self._name_typed)
        self.more = QToolButton()
        self.more.setText("More settings")
        self.more.setCheckable(True)
        self.more.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.more.setArrowType(Qt.ArrowType.RightArrow)
        self.more.setAutoRaise(True)
        self.more.toggled.connect(self._show_more)
        self.more_box = QWidget()
        self.more_box.setObjectName("more-settings")
        self.more_form = QFormLayout(self.more_box)
        self.more_form.setContentsMargins(16, 0, 0, 0)
        self.more_box.hide()
        self.optional: dict[str, QWidget] = {}  # the chosen type's optional settings, by key
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        self.form = form = QFormLayout(self)
        form.addRow("Type", self.type)
        form.addRow("Name", self.name)
        form.addRow("Address", self.base_url)
        form.addRow("Settings", self.settings)
        form.addRow("", self.choose_folder)
        form.addRow(self.needs)
        form.addRow(self.more)
        form.addRow(self.more_box)
        form.addRow(self.problem)
        form.addRow(self.buttons)
        self.type.currentIndexChanged.connect(lambda _i: self._type_chosen(self.kind()))
        self._type_chosen(self.kind())

    def kind(self) -> str:
        return str(self.type.currentData())

    def _type_chosen(self, kind: str) -> None:
        cls = source_class(kind)
        self.name.setPlaceholderText(f"e.g. my-{kind}")
        needed = cls.REQUIRED_SETTINGS
        self.form.setRowVisible(self.choose_folder, "path" in needed)
        self.form.setRowVisible(self.base_url, kind != "folder")  # a folder on this computer has no address
        self.settings.setPlaceholderText("\n".join(f"{key}={EXAMPLES.get(key, '…')}" for key in needed) or
                                         "nothing needed")
        said = [f"{type_name(kind)} needs " + " and ".join(needed) + " under Settings, for example: "
                + " ".join(_example(key) for key in needed) if needed else f"{type_name(kind)} needs no settings."]
        if "path" in needed:
            said[0] += ", or Choose folder… writes it there."
        if kind == "folder":
            said.append(how_soon({}))
        if cls.OPTIONAL_SETTINGS:
            said.append("More settings narrow what it looks at.")
        if cls.TOKEN_REQUIRED:
            said.append("It also needs a token: store it below the list once the source is added.")
        self.needs.setText(" ".join(said))
        self._offer_optional(cls.OPTIONAL_SETTINGS)

    def _choose_folder(self) -> None:
        start = str(start_folder(self.paths, WATCHED)) if self.paths is not None else ""
        folder = QFileDialog.getExistingDirectory(self, "Choose the folder to watch", start)
        if folder:
            if self.paths is not None:
                remember_folder(self.paths, WATCHED, folder)
            self.set_setting("path", folder)

    def set_setting(self, key: str, value: str) -> None:
        """Write `key=value` under Settings, in place of a line for the same key."""
        lines = [line for line in self.settings.toPlainText().splitlines()
                 if line.split("=", 1)[0].strip() != key and line.strip()]
        self.settings.setPlainText("\n".join([f"{key}={value}", *lines]))
        if not self.name.text().strip() and self.kind() == "folder":
            self.name.setText(Path(value).name or "folder")

    # -- more settings: a box, a number or words for each optional setting of the type -----------------------
    def _offer_optional(self, settings: tuple[OptionalSetting, ...]) -> None:
        while self.more_form.rowCount():
            self.more_form.removeRow(0)
        self.optional = {s.key: _field(s) for s in settings}
        for setting in settings:
            self.more_form.addRow(setting.label, self.optional[setting.key])
        self.more.setVisible(bool(settings))
        self.more_box.setVisible(bool(settings) and self.more.isChecked())

    def _show_more(self, shown: bool) -> None:
        self.more.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
        self.more_box.setVisible(shown)
        self.adjustSize()

    def _optional_values(self) -> dict[str, str]:
        """What the optional fields say, where it differs from what the source does anyway."""
        settings = source_class(self.kind()).OPTIONAL_SETTINGS
        values = {s.key: _value(s, self.optional[s.key]) for s in settings if s.key in self.optional}
        return {key: value for key, value in values.items()
                if value != next(s.default for s in settings if s.key == key)}

    def _fill_optional(self, settings: dict[str, str]) -> dict[str, str]:
        """Show a source's optional settings in their fields; returns the rest (a value no field can hold, too)."""
        rest = dict(settings)
        for setting in source_class(self.kind()).OPTIONAL_SETTINGS:
            value = settings.get(setting.key, "")
            if value and setting.problem(value) is None:
                _set_value(setting, self.optional[setting.key], rest.pop(setting.key))
                self.more.setChecked(True)
        return rest

    def edit(self, config: SourceConfig) -> None:
        """Show an existing source to change: its type and name stay, its address and settings can be edited."""
        self.setWindowTitle(f"Change {config.name}")
        self.type.setCurrentIndex(max(0, self.type.findData(config.type)))
        self.type.setEnabled(False)
        self.name.setText(config.name)
        self.name.setReadOnly(True)
        self.base_url.setText(config.base_url or "")
        rest = self._fill_optional(dict(config.settings))
        self.settings.setPlainText("\n".join(f"{key}={value}" for key, value in rest.items()))

    def _submit(self) -> None:
        """Say here what is missing, in the dialog's own words, before the source is even tried."""
        config = self.config()
        if not config.name:  # the placeholder became the name once, and a stray Enter added a network source
            self.name.setFocus()
            self.show_problem(f"Type a name for this source first, for example my-{config.type}.", about="name")
            return
        missing = [key for key in source_class(config.type).REQUIRED_SETTINGS if not config.settings.get(key)]
        if missing:
            self.show_problem(f"Add {' and '.join(missing)} under Settings first, for example: "
                              + " ".join(_example(key) for key in missing))
            return
        for setting in source_class(config.type).OPTIONAL_SETTINGS:
            given = config.settings.get(setting.key)
            if given == "" and setting.choices:  # every box unticked: the source would have nothing to look at
                problem: str | None = f"Tick at least one under {setting.label} ({', '.join(setting.choices)})."
            else:
                problem = setting.problem(given or "")
            if problem:
                self.more.setChecked(setting.key in self.optional)
                self.show_problem(problem)
                return
        note = source_class(config.type).settings_note(config.settings)
        if note and self._noted != config:  # a mistyped path was added without a word; a drive not plugged in is fine
            self._noted = config
            self.show_problem(f"{note[0].upper()}{note[1:]} Check it, or choose OK again to add the source as it is.")
            return
        self.submitted.emit(config)

    _noted: SourceConfig | None = None  # what the creator was told about and may add as it is by choosing OK again

    def show_problem(self, text: str, about: str = "") -> None:
        """A reason from the core, which speaks in command-line words (--set key=…): said as this dialog would."""
        text = text.replace("--set ", "").replace("….", "…")
        self.problem.setText(text)
        self.problem.show()
        self._problem_about = about

    def _name_typed(self, text: str) -> None:
        """"Type a name for this source first" goes once there is one (it stayed, orange, beside the name typed)."""
        if text.strip() and self._problem_about == "name":
            self.problem.hide()
            self._problem_about = ""

    def config(self) -> SourceConfig:
        pairs = (line.split("=", 1) for line in self.settings.toPlainText().splitlines() if "=" in line)
        settings = {key.strip(): value.strip() for key, value in pairs}
        settings.update(self._optional_values())  # what the fields say wins over a line typed for the same key
        name = self.name.text().strip()
        return SourceConfig(name, self.kind(), self.base_url.text().strip() or None, settings)


def _field(setting: OptionalSetting) -> QWidget:
    """A tick box for each choice, a number box within the range, or a line for words."""
    if setting.choices:
        row = QWidget()
        row.setAccessibleName(setting.label)
        boxes = QHBoxLayout(row)
        boxes.setContentsMargins(0, 0, 0, 0)
        chosen = split_list(setting.default)
        for choice in setting.choices:
            box = QCheckBox(choice)
            box.setObjectName(choice)
            box.setChecked(choice in chosen)
            boxes.addWidget(box)
        boxes.addStretch(1)
        row.setToolTip(f"{setting.key}: {setting.help}")
        return row
    if setting.lowest is not None and setting.highest is not None:
        number = QSpinBox()
        number.setRange(setting.lowest, setting.highest)
        number.setValue(int(setting.default or setting.lowest))
        number.setToolTip(f"{setting.key}: {setting.help} ({setting.lowest} to {setting.highest}; "
                          f"{setting.default} if not set)")
        number.setAccessibleName(setting.label)
        return number
    line = QLineEdit(placeholderText=f"optional, e.g. {setting.example}" if setting.example else "optional")
    line.setToolTip(f"{setting.key}: {setting.help}; separate several with commas")
    line.setAccessibleName(setting.label)
    return line


def _value(setting: OptionalSetting, field: QWidget) -> str:
    if isinstance(field, QSpinBox):
        return str(field.value())
    if isinstance(field, QLineEdit):
        return ",".join(split_list(field.text()))
    return ",".join(box.objectName() for box in field.findChildren(QCheckBox) if box.isChecked())


def _set_value(setting: OptionalSetting, field: QWidget, value: str) -> None:
    if isinstance(field, QSpinBox):
        field.setValue(int(value))
    elif isinstance(field, QLineEdit):
        field.setText(value)
    else:
        chosen = split_list(value)
        for box in field.findChildren(QCheckBox):
            box.setChecked(box.objectName() in chosen)
