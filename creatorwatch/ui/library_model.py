"""The library as a Qt table model: title (with a thumbnail), kind, details, size, added, status, a box to tick
on recordings of the creator's own voice, and a box to switch on asking model endpoints about a text or picture."""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QPixmap

from creatorwatch.core.library.works import Work
from creatorwatch.core.model_probe.consent import Consent
from creatorwatch.core.model_probe.fitting import PROBED_KINDS, WINDOW_WAYS, why_not_probed
from creatorwatch.core.voice.installed import NOT_INSTALLED
from creatorwatch.core.voice.store import DEFAULT_NAME
from creatorwatch.core.wording.humanize import human_size
from creatorwatch.core.wording.times import clock
from creatorwatch.ui.rows_model import RowsTableModel

_KIND_NAMES = {"image": "Image", "audio": "Audio", "text": "Text"}
STATUS_NAMES = {"ok": "", "missing": "Missing", "changed": "Changed"}  # short: the tooltip says more
STATUS_TIPS = {"missing": "File missing: it is no longer where it was added from (moved, renamed or deleted). Its "
                          "fingerprints are kept, so copies of it are still found.",
               "changed": "Changed since added: CreatorWatch still looks for copies of the file as it was when it "
                          "was added."}

Index = QModelIndex | QPersistentModelIndex
THUMB_ROW = QSize(40, 40)  # thumbnail and waveform size in the list
VOICE_COLUMN = 6
PROBE_COLUMN = 7
VOICE_NOT_INSTALLED = (f"{NOT_INSTALLED[0].upper()}{NOT_INSTALLED[1:]}. "
                       "The README's “Voice likeness” paragraph says how to install it.")


def details(work: Work, first_line: str = "") -> str:
    """What a creator recognises a work by: pixel size, duration, or its first line."""
    facts = work.facts
    if work.kind == "image" and facts.get("width"):
        return f"{facts['width']} × {facts.get('height', '?')} px"
    if work.kind == "audio" and facts.get("duration") is not None:
        seconds = float(facts["duration"])  # a clip under ten seconds to the tenth: 1.7 s is not "0:02"
        return f"{seconds:.1f} s" if seconds < 10 else clock(seconds)
    if work.kind == "text":
        return first_line or (f"{facts['words']} words" if facts.get("words") is not None else "")
    return ""


class LibraryModel(RowsTableModel):
    HEADERS = ("Title", "Kind", "Details", "Size", "Added", "Status", "My voice", "Probe")  # short: all in sight
    HEADER_TIPS = ("The work's title (point at a row for where its file is)", "Image, audio or text",
                   "Pixel size, length, or a text's first line", "The size of the file",
                   "The day it was added to the library", "File missing, or changed since it was added",
                   "Recordings of your own speech: CreatorWatch recognises your voice from them in AI speech",
                   "Model probe: whether CreatorWatch may ask model endpoints if they reproduce the work (texts and "
                   "pictures)")
    preview_wanted = Signal(object)  # a Work whose thumbnail, waveform or first line is not loaded yet
    voice_toggled = Signal(object, bool)  # a Work ticked (True) or unticked as a sample of the creator's voice
    probe_toggled = Signal(object, bool)  # a Work ticked (True) or unticked for asking model endpoints about it

    def __init__(self) -> None:
        super().__init__()
        self.kind = ""  # shown kind ("" for all)
        self.words = ""  # search words, lower case
        self._row_of: dict[int, int] = {}
        self._pixmaps: dict[int, QPixmap] = {}
        self._lines: dict[int, str] = {}
        self._asked: set[int] = set()
        self._voices: dict[int, str] = {}  # work id → the name of the voice it teaches
        self._listening: set[int] = set()  # works being enrolled now
        self.can_enrol = True  # False without the voice extra: boxes can be unticked, not ticked
        self._probes: dict[int, list[Consent]] = {}  # work id → the endpoints it may be sent to
        self._lapsed: set[tuple[int, str]] = set()  # (work id, endpoint) agreed for an address it no longer has

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return self.HEADER_TIPS[section]
        return super().headerData(section, orientation, role)

    def set_works(self, works: list[Work]) -> None:
        self.set_rows(works)

    def set_filter(self, kind: str, words: str) -> None:
        """Show works of `kind` ("" for every kind) whose title or file path holds all the search words."""
        self.kind, self.words = kind, words.strip().lower()
        self.refresh()

    def accepts(self, work: Work) -> bool:
        if self.kind and work.kind != self.kind:
            return False
        return not self.words or all(w in f"{work.title} {work.path}".lower() for w in self.words.split())

    def rows_reordered(self) -> None:
        self._row_of = {work.id: row for row, work in enumerate(self._rows)}

    def sort_key(self, column: int) -> Callable[[Work], Any]:
        return (lambda w: w.title.lower(), attrgetter("kind"), lambda w: details(w, self._lines.get(w.id, "")),
                attrgetter("size"), attrgetter("added_at"), attrgetter("status"), self.voice_label,
                self.probe_label)[column]

    def work_at(self, row: int) -> Work:
        return self._rows[row]

    def row_of_work(self, work_id: int) -> int | None:
        """The row showing the work, or None (not loaded, or hidden by the filter)."""
        return self._row_of.get(work_id)

    def set_voices(self, voices: dict[int, str]) -> None:
        """Show which works teach which voice (work id → voice name)."""
        before, self._voices = self._voices, dict(voices)
        self._voice_changed({i for i in before.keys() | self._voices.keys() if before.get(i) != self._voices.get(i)})

    def set_listening(self, work_ids: set[int]) -> None:
        """Show these works as being enrolled now (their boxes wait)."""
        before, self._listening = self._listening, set(work_ids)
        self._voice_changed(before ^ self._listening)

    def _voice_changed(self, work_ids: set[int], column: int = VOICE_COLUMN) -> None:
        """Repaint only the boxes that changed: a change over every row makes the filter look at every row again."""
        for work_id in work_ids:
            row = self._row_of.get(work_id)
            if row is not None:
                self.dataChanged.emit(self.index(row, column), self.index(row, column))

    def set_probes(self, consents: list[Consent], lapsed: set[tuple[int, str]] | None = None) -> None:
        """Show which works may be sent to which model endpoints (as `creatorwatch probe enabled` lists them), and
        which of those agreements lapsed (the endpoint was removed or moved)."""
        before, self._probes = self._probes, {}
        before_lapsed, self._lapsed = self._lapsed, set(lapsed or ())
        for consent in consents:
            self._probes.setdefault(consent.work_id, []).append(consent)
        changed = {i for i in before.keys() | self._probes.keys() if before.get(i) != self._probes.get(i)}
        changed |= {work_id for work_id, _source in before_lapsed ^ self._lapsed}
        self._voice_changed(changed, PROBE_COLUMN)

    def probes_of(self, work: Work) -> list[Consent]:
        return self._probes.get(work.id, [])

    def probe_lapsed(self, work: Work) -> bool:
        """Some endpoint this work was agreed for was removed or moved: nothing is sent there until agreed again."""
        return any((work.id, c.source) in self._lapsed for c in self._probes.get(work.id, []))

    def probe_label(self, work: Work) -> str:
        names = [c.source + (" (agree again)" if (work.id, c.source) in self._lapsed else "")
                 for c in self._probes.get(work.id, [])]
        return f"On: {', '.join(names)}" if names else ""

    def voice_of(self, work: Work) -> str | None:
        return self._voices.get(work.id)

    def voice_label(self, work: Work) -> str:
        if work.id in self._listening:
            return "Listening…"
        name = self._voices.get(work.id)
        return "" if name is None else "My voice" if name == DEFAULT_NAME else name

    def set_preview(self, work_id: int, pixmap: QPixmap | None, first_line: str = "") -> None:
        if pixmap is not None:
            self._pixmaps[work_id] = pixmap
        if first_line:
            self._lines[work_id] = first_line
        row = self._row_of.get(work_id)
        if row is not None:
            self.dataChanged.emit(self.index(row, 0), self.index(row, 2))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        work = self._rows[index.row()]
        column = index.column()
        if column == VOICE_COLUMN:
            return self._voice_data(work, role)
        if column == PROBE_COLUMN:
            return self._probe_data(work, role)
        if role == Qt.ItemDataRole.DisplayRole:
            return (work.title, _KIND_NAMES.get(work.kind, work.kind), details(work, self._lines.get(work.id, "")),
                    human_size(work.size), work.added_at[:10], STATUS_NAMES.get(work.status, work.status))[column]
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return self._preview(work)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 5 and work.status in STATUS_TIPS:
                return f"{STATUS_TIPS[work.status]}\n\n{work.path}"
            said = details(work, self._lines.get(work.id, "")) if column == 2 else work.title if column == 0 else ""
            return f"{said}\n\n{work.path}" if said else work.path  # Details is cut to one line: here it is whole
        return None

    def _voice_data(self, work: Work, role: int) -> Any:
        if work.kind != "audio":
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.voice_label(work)
        if role == Qt.ItemDataRole.CheckStateRole:
            return (Qt.CheckState.PartiallyChecked if work.id in self._listening else
                    Qt.CheckState.Checked if work.id in self._voices else Qt.CheckState.Unchecked)
        if role == Qt.ItemDataRole.ToolTipRole:
            if work.id in self._listening:
                return "Learning your voice from this recording…"
            if work.id in self._voices:
                return "CreatorWatch recognises your voice from this recording. Untick to stop using it."
            if not self.can_enrol:
                return VOICE_NOT_INSTALLED
            return "Tick if this is your own speech: CreatorWatch then recognises your voice in AI speech."
        return None

    def _probe_data(self, work: Work, role: int) -> Any:
        probes = self._probes.get(work.id, [])
        if work.kind not in PROBED_KINDS and not probes:
            return f"\u201c{work.title}\u201d {why_not_probed(work.kind, WINDOW_WAYS)}" \
                if role == Qt.ItemDataRole.ToolTipRole else None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.probe_label(work)
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if probes else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            if probes:
                lapsed = [c.source for c in probes if (work.id, c.source) in self._lapsed]
                note = (f"\n\nNothing is sent to {', '.join(lapsed)}: it was removed or now points elsewhere. Untick "
                        "and tick again to agree for where it points now." if lapsed else "")
                return "\n\n".join(c.statement for c in probes) + note + "\n\nUntick to stop probing."
            return ("Tick to let CreatorWatch ask model endpoints whether they reproduce this work. Before anything is "
                    "switched on it says exactly what would be sent, and where.")
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == PROBE_COLUMN:
            work = self._rows[index.row()]
            if work.kind in PROBED_KINDS or self._probes.get(work.id):
                flags |= Qt.ItemFlag.ItemIsUserCheckable
        if index.isValid() and index.column() == VOICE_COLUMN:
            work = self._rows[index.row()]
            if work.kind == "audio" and work.id not in self._listening:  # a box being enrolled waits
                flags |= Qt.ItemFlag.ItemIsUserCheckable
                if work.id not in self._voices and not self.can_enrol:
                    flags &= ~Qt.ItemFlag.ItemIsEnabled
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """A tick asks for the work to be enrolled (or no longer used), or probed (or no longer); the box changes
        once that is stored."""
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        work = self._rows[index.row()]
        if index.column() == PROBE_COLUMN:
            self.probe_toggled.emit(work, Qt.CheckState(value) == Qt.CheckState.Checked)
            return False
        if index.column() != VOICE_COLUMN:
            return False
        if work.kind == "audio" and work.id not in self._listening:
            self.voice_toggled.emit(work, Qt.CheckState(value) == Qt.CheckState.Checked)
        return False

    def _preview(self, work: Work) -> QPixmap | None:
        """The cached thumbnail, or None while it is asked for (once) in the background: a missing work's too, as
        its fingerprint keeps it."""
        if work.id not in self._asked:
            self._asked.add(work.id)
            self.preview_wanted.emit(work)
        return self._pixmaps.get(work.id)
