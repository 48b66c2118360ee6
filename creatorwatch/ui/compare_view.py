"""One find side by side with the creator's work: pictures with an overlay slider, sounds aligned at the match
with playback from that point, texts with the matched passages highlighted, a voice likeness as the found
recording with the seconds most like the creator's voice marked; and why, in plain words."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import sqlite_utils
from PySide6.QtCore import QRect, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QColor, QImage, QKeySequence, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from creatorwatch.core.evidence.candidate_provenance import provenance_for
from creatorwatch.core.evidence.naming_words import naming_sentences, term_spans
from creatorwatch.core.evidence.passages import words_as_read
from creatorwatch.core.evidence.picture_size import picture_pixels, shown_in_pixels, work_pixels
from creatorwatch.core.files.textread import read_text
from creatorwatch.core.library.preview import local_copy, waveform_peaks
from creatorwatch.core.library.works import Library
from creatorwatch.core.records.findings import Finding, Findings
from creatorwatch.core.watch.recapture import NO_COPY
from creatorwatch.core.wording.times import clock_down
from creatorwatch.paths import Paths
from creatorwatch.ui.data import query
from creatorwatch.ui.decisions import DECISIONS
from creatorwatch.ui.explain import explanation_html, page_apart, size_sentence, thing
from creatorwatch.ui.image_compare import ImageCompare
from creatorwatch.ui.long_words import shortened
from creatorwatch.ui.open_elsewhere import open_elsewhere
from creatorwatch.ui.picture_read import read_picture
from creatorwatch.ui.provenance_panel import ProvenancePanel
from creatorwatch.ui.waveform_view import VoiceWaveform, WaveformCompare

MAX_SIDE = 1600
PREFERRED = QSize(960, 640)
FRAME = QSize(16, 48)  # room for the window's frame and title bar, which the dialog's own size leaves out
HIGHLIGHT = QColor(255, 196, 0, 110)
REMOVED = "Your {what} was taken out of your library, so there is nothing of yours to compare it with."


@dataclass
class Material:
    """What the comparison shows, loaded on a pool thread (QImages and plain values only)."""

    work_path: str | None = None
    candidate_path: str | None = None
    work_image: QImage | None = None
    candidate_image: QImage | None = None
    work_wave: tuple[np.ndarray, float] | None = None
    candidate_wave: tuple[np.ndarray, float] | None = None
    work_text: str = ""
    candidate_text: str = ""
    problems: list[str] = field(default_factory=list)
    provenance: dict[str, Any] | None = None  # what the found file says about where it came from
    ingredient_works: dict[int, str] = field(default_factory=dict)  # work id → title, for flagged ingredients
    shown_size: float | None = None  # how large the copy shows the picture, in pixels of the two files
    naming: list[str] = field(default_factory=list)  # a mention's sentences that name the creator


def load_material(paths: Paths, finding: Finding, db: sqlite_utils.Database) -> Material:
    found = Material()
    found.provenance = provenance_for(db, [finding.candidate_id]).get(finding.candidate_id)
    for ingredient in ((found.provenance or {}).get("c2pa") or {}).get("ingredients") or []:
        flagged = Library(db).get(int(ingredient["work_id"])) if ingredient.get("work_id") is not None else None
        if flagged is not None:
            found.ingredient_works[flagged.id] = flagged.title or Path(flagged.path).name
    found.candidate_text = Findings(db).candidate_words(finding)
    work = Library(db).get(finding.work_id) if finding.work_id else None
    if finding.type == "mention":
        found.naming = naming_sentences(db, finding)
        return found
    if work is None and finding.kind != "voice":
        return found
    found.work_path = work.path if work else None
    try:
        copy = local_copy(finding.candidate_url, finding.media_url, paths.cache)
        found.candidate_path = str(copy) if copy else None
    except Exception as exc:  # the page may be gone; the comparison still shows what it can
        found.problems.append(f"The found copy could not be fetched: {exc}")
    try:
        _load_media(finding.kind or (work.kind if work else ""), found)
    except Exception as exc:
        found.problems.append(f"Could not read a file to compare: {exc}")
    if finding.kind == "image" and work is not None and found.candidate_path:  # the files' sizes, not the shown
        e = finding.evidence
        found.shown_size = shown_in_pixels(work_pixels(work), picture_pixels(Path(found.candidate_path)),
                                           e.get("work_box"), e.get("candidate_box"))
    return found


def _load_media(kind: str, found: Material) -> None:
    if kind == "image":
        found.work_image = _image(found.work_path)
        found.candidate_image = _image(found.candidate_path)
    elif kind == "voice":  # the words may be new: only the found recording is drawn
        found.candidate_wave = waveform_peaks(Path(found.candidate_path), 600) if found.candidate_path else None
    elif kind == "audio":
        found.work_wave = waveform_peaks(Path(found.work_path), 600) if found.work_path else None
        found.candidate_wave = waveform_peaks(Path(found.candidate_path), 600) if found.candidate_path else None
    elif kind == "text":
        found.work_text = read_text(Path(found.work_path)) if found.work_path else ""
        if found.candidate_path:
            found.candidate_text = read_text(Path(found.candidate_path))


def _image(path: str | None) -> QImage | None:
    return read_picture(Path(path), QSize(MAX_SIDE, MAX_SIDE)) if path else None


class CompareDialog(QDialog):
    decided = Signal(str)  # a review status chosen here
    message = Signal(str, int)  # for the window's status bar: a page or a recording that could not be opened

    def __init__(self, paths: Paths, finding: Finding, subject: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.finding, self.subject, self.paths = finding, subject, paths
        self.material: Material | None = None
        self._players: list[object] = []
        self.setWindowTitle(f"Compare — {subject}")
        self.setObjectName("compare")
        self.resize(PREFERRED)
        self.explanation = QLabel(explanation_html(finding, subject))
        self.explanation.setWordWrap(True)
        self.explanation.linkActivated.connect(lambda link: open_elsewhere(QUrl(link), self.message.emit))
        self.explanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.explanation.setAccessibleName("Why this was found")
        self.body = QVBoxLayout()
        self.loading = QLabel("Loading both sides…")
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.addWidget(self.loading, 1)
        self.provenance = ProvenancePanel()
        content = QHBoxLayout()
        content.addLayout(self.body, 2)
        content.addWidget(self.provenance, 1)  # a third of the width: lines of 40-odd letters at the usual size
        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        layout.addLayout(content, 1)
        layout.addWidget(self._buttons())
        self._fit_to_screen()
        query(paths, lambda db: load_material(paths, finding, db), self._show, self._failed)

    def _fit_to_screen(self) -> None:
        """No larger than the screen it opens on (a 1366 × 768 laptop less its panels), even once both sides have
        loaded: Close and the decisions stay in reach."""
        parent = self.parentWidget()
        screen = (parent.window() if parent is not None else self).screen()
        available = screen.availableGeometry()
        self.setMaximumSize(fitted(available.size(), available))
        self.resize(fitted(self.size(), available))

    def _buttons(self) -> QDialogButtonBox:
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        for status, text, key, _icon in DECISIONS[:3]:  # Review's keys: C, D and L
            button = box.addButton(text, QDialogButtonBox.ButtonRole.ActionRole)
            button.setAccessibleName(f"Mark this find {status}")
            button.setShortcut(QKeySequence(key))
            button.setToolTip(f"Mark this find {status} ({key})")
            button.clicked.connect(lambda _c=False, s=status: self._decide(s))
        page = page_apart(self.finding)
        where = QUrl(page or self.finding.candidate_url)
        on_disk = where.isLocalFile()  # a watched folder's file: no page to open, a file and its folder
        visit = box.addButton("Open file" if on_disk else "Open page", QDialogButtonBox.ButtonRole.HelpRole)
        visit.setObjectName("open-found")
        visit.setToolTip(where.toLocalFile() if on_disk else where.toString())
        visit.clicked.connect(lambda: open_elsewhere(where, self.message.emit))
        if on_disk:
            folder = QUrl.fromLocalFile(str(Path(where.toLocalFile()).parent))
            show = box.addButton("Show in folder", QDialogButtonBox.ButtonRole.HelpRole)
            show.setObjectName("show-found-in-folder")
            show.setToolTip(folder.toLocalFile())
            show.clicked.connect(lambda: open_elsewhere(folder, self.message.emit))
        if page:  # the picture's own address stays in reach
            itself = box.addButton(f"Open {thing(self.finding)}", QDialogButtonBox.ButtonRole.HelpRole)
            itself.setToolTip(self.finding.candidate_url)
            itself.clicked.connect(lambda: open_elsewhere(QUrl(self.finding.candidate_url), self.message.emit))
        box.rejected.connect(self.reject)
        return box

    def _decide(self, status: str) -> None:
        self.decided.emit(status)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.loading.setText(f"Could not load this find: {exc}")

    def _show(self, material: Material) -> None:
        self.material = material
        self.loading.hide()
        self.provenance.show_provenance(material.provenance, material.ingredient_works)
        kind = self.finding.kind if self.finding.type == "match" else "mention"
        shows = {"image": self._images, "audio": self._sounds, "voice": self._voice}
        view = shows.get(kind or "", self._texts)(material)
        self.body.addWidget(view, 1)
        if material.problems:
            note = QLabel(shortened("\n".join(material.problems)))
            note.setWordWrap(True)
            self.body.addWidget(note)
        self._fit_to_screen()

    # -- pictures ---------------------------------------------------------------------------------------
    def _images(self, m: Material) -> QWidget:
        if m.work_image is None or m.candidate_image is None:
            self.not_shown = QLabel(self._why_not_side_by_side(m))
            self.not_shown.setWordWrap(True)
            return self.not_shown
        e = self.finding.evidence
        turned = e.get("transform")  # mirrored or turned: the overlay lays the copy back the way the work faces
        self.image_view = ImageCompare(m.work_image, m.candidate_image, _box(e.get("work_box")),
                                       _box(e.get("candidate_box")),
                                       transform=turned if isinstance(turned, dict) else None)
        self.overlay_slider = QSlider(Qt.Orientation.Horizontal)
        self.overlay_slider.setRange(0, 100)
        self.overlay_slider.setAccessibleName("Overlay the found picture on yours")
        self.overlay_slider.valueChanged.connect(self.image_view.set_overlay)
        row = QHBoxLayout()
        row.addWidget(QLabel("Side by side"))
        row.addWidget(self.overlay_slider, 1)
        row.addWidget(QLabel("Overlaid"))
        if m.shown_size is None:
            return _stack(self.image_view, row)
        self.size_line = QLabel(size_sentence(m.shown_size, e.get("work_box")))
        self.size_line.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        return _stack(self.image_view, row, self.size_line)

    def _why_not_side_by_side(self, m: Material) -> str:
        """Which picture could not be opened, and, for a find whose copy was never kept, why it cannot be had
        ("One of the pictures" left the creator to guess which, and whether trying again would help)."""
        if m.work_path is None:
            return "Your picture was taken out of your library, so the two cannot be shown side by side."
        which = ("Neither picture" if m.work_image is None and m.candidate_image is None else
                 "Your picture" if m.work_image is None else "The found picture")
        could = "could be opened" if which.startswith("Neither") else "could not be opened"
        why = self.finding.evidence.get(NO_COPY) if m.candidate_image is None else None
        return f"{which} {could}, so they cannot be shown side by side." + (f" {why}" if why else "")

    # -- sounds -------------------------------------------------------------------------------------------
    def _sounds(self, m: Material) -> QWidget:
        if m.work_path is None:  # not a file that failed to open: nothing of the creator's is left to compare
            return QLabel(REMOVED.format(what="recording"))
        if m.work_wave is None or m.candidate_wave is None:
            return QLabel("One of the recordings could not be opened, so they cannot be compared.")
        e = self.finding.evidence
        work_at, cand_at = float(e.get("work_offset_s", 0)), float(e.get("candidate_offset_s", 0))
        self.waves = WaveformCompare(m.work_wave, m.candidate_wave, work_at, cand_at,
                                     float(e.get("aligned_stretch_s", 5)), float(e.get("speed_factor", 1)))
        row = QHBoxLayout()
        for label, path, at in (("Play yours", m.work_path, work_at), ("Play theirs", m.candidate_path, cand_at)):
            button = QPushButton(f"{label} from {clock_down(at)}")
            button.clicked.connect(lambda _c=False, p=path, s=at: self._play(p, s))
            row.addWidget(button)
        stop = QPushButton("Stop")
        stop.clicked.connect(self._stop_playing)
        row.addWidget(stop)
        row.addStretch(1)
        return _stack(self.waves, row)

    def _voice(self, m: Material) -> QWidget:
        if m.candidate_wave is None:
            return QLabel("The found recording could not be opened, so its voice cannot be shown.")
        segments = [(float(s["start"]), float(s["end"]), float(s.get("similarity", 0)))
                    for s in self.finding.evidence.get("segments", []) if "start" in s and "end" in s]
        self.voice_wave = VoiceWaveform(m.candidate_wave, segments)
        row = QHBoxLayout()
        best = segments[0][0] if segments else 0.0
        theirs = QPushButton(f"Play theirs from {clock_down(best)}")
        theirs.clicked.connect(lambda: self._play(m.candidate_path, best))
        yours = QPushButton("Play your recording")
        yours.setToolTip("The enrolled recording of yours whose voice is closest")
        yours.clicked.connect(lambda: self._play(m.work_path, 0.0))
        stop = QPushButton("Stop")
        stop.clicked.connect(self._stop_playing)
        for button in (theirs, yours, stop):
            row.addWidget(button)
        row.addStretch(1)
        return _stack(self.voice_wave, row)

    def _play(self, path: str | None, seconds: float) -> None:
        """QtMultimedia is loaded only when the creator asks to listen. Without a sound output it played nothing and
        said nothing: that, and a recording that cannot be played, are said in the status bar."""
        if not path:
            return
        from PySide6.QtMultimedia import QAudioOutput, QMediaDevices, QMediaPlayer

        self._stop_playing()
        if not QMediaDevices.audioOutputs():
            self.message.emit("This computer has no sound output set up, so the recording cannot be played.", 10_000)
            return
        player, output = QMediaPlayer(self), QAudioOutput(self)
        player.errorOccurred.connect(
            lambda _error, words: self.message.emit(f"The recording could not be played: {words}.", 10_000))
        player.setAudioOutput(output)
        player.setSource(QUrl.fromLocalFile(path))
        player.setPosition(int(seconds * 1000))
        player.play()
        self._players = [player, output]

    def _stop_playing(self) -> None:
        for item in self._players:
            stop = getattr(item, "stop", None)
            if stop is not None:
                stop()
        self._players = []

    def done(self, result: int) -> None:
        self._stop_playing()
        super().done(result)

    # -- texts and mentions ----------------------------------------------------------------------------------
    def _texts(self, m: Material) -> QWidget:
        theirs = QTextBrowser()
        theirs.setAccessibleName("The found text")
        if self.finding.type == "mention":
            return self._naming(m, theirs)
        theirs.setPlainText(m.candidate_text or "(no text was kept for this find)")
        yours = QTextBrowser()
        yours.setAccessibleName("Your text")
        yours.setPlainText(m.work_text)
        if m.work_path is None:
            yours.setPlaceholderText(REMOVED.format(what="text"))
        passages = self.finding.evidence.get("passages", [])
        _highlight(yours, copied_spans(passages, "work_span"))
        _highlight(theirs, copied_spans(passages, "candidate_span"))
        _mark_left_out(yours, passages)
        self._count_words_as_read(m, passages)
        splitter = QSplitter()
        splitter.addWidget(_titled("Yours", yours))
        splitter.addWidget(_titled("Found", theirs))
        return splitter

    def _count_words_as_read(self, m: Material, passages: list[dict[str, object]]) -> None:
        """Say the copied words as the creator counts them in the highlighted text, as the evidence report does
        (passages.py): the matcher's own count ("import-linter" two words) read "repeats 47 words" for a quote of 35."""
        if not m.candidate_text or not isinstance(passages, list):
            return
        counted = []
        for p in passages:
            if not isinstance(p, dict):
                return
            mine, copy = _cut(m.work_text, p.get("work_span")), _cut(m.candidate_text, p.get("candidate_span"))
            if not copy:
                return
            counted.append({**p, "matched_words": words_as_read(mine, copy, int(str(p.get("matched_words", 0))))})
        read = replace(self.finding, evidence={**self.finding.evidence, "passages": counted})
        self.explanation.setText(explanation_html(read, self.subject))

    def _naming(self, m: Material, theirs: QTextBrowser) -> QWidget:
        """A mention: the sentences that name the creator, the watch term highlighted (it showed the file's name,
        which names no one). Where they were found is the explanation's address, above."""
        text = "\n\n".join(m.naming) or m.candidate_text or "(no text was kept for this find)"
        theirs.setPlainText(text)
        _highlight(theirs, list(term_spans(text, self.finding.term or "")))
        return _titled("Where it names you" if m.naming else "What it showed", theirs)


def fitted(preferred: QSize, available: QRect) -> QSize:
    """`preferred`, made small enough that the dialog and its frame fit inside `available`."""
    return QSize(min(preferred.width(), available.width() - FRAME.width()),
                 min(preferred.height(), available.height() - FRAME.height()))


def _box(value: object) -> tuple[float, float, float, float]:
    if isinstance(value, list | tuple) and len(value) == 4:
        x0, y0, x1, y1 = (min(1.0, max(0.0, float(v))) for v in value)
        return x0, y0, x1, y1
    return 0.0, 0.0, 1.0, 1.0


def copied_spans(passages: object, side: str) -> list[object]:
    """The spans to highlight on one side ("work_span" or "candidate_span"): each copied piece of a quote that leaves
    words of the work out ("[...]"), so those words are not shown as copied; the whole passage for a find without
    pieces (one piece, or found before pieces were kept)."""
    if not isinstance(passages, list):
        return []
    spans: list[object] = []
    for p in passages:
        if not isinstance(p, dict):
            continue
        pieces = p.get("pieces")
        if isinstance(pieces, list) and pieces and all(isinstance(piece, dict) for piece in pieces):
            spans += [piece.get(side) for piece in pieces]
        else:
            spans.append(p.get(side))
    return spans


def _mark_left_out(browser: QTextBrowser, passages: object) -> None:
    """A dotted underline, with a tooltip, under the words of your text a quote left out between its pieces."""
    fmt = QTextCharFormat()
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
    fmt.setToolTip("Left out of the copy (“[…]”): not copied")
    text = browser.toPlainText()
    for passage in passages if isinstance(passages, list) else []:
        pieces = passage.get("pieces") if isinstance(passage, dict) else None
        if not isinstance(pieces, list):
            continue
        spans = [_span(piece.get("work_span")) for piece in pieces if isinstance(piece, dict)]
        ordered = sorted(span for span in spans if span is not None)
        for (_, piece_end), (next_start, _) in itertools.pairwise(ordered):
            between = text[piece_end:next_start] if 0 <= piece_end < next_start <= len(text) else ""
            if not between.strip():
                continue
            cursor = QTextCursor(browser.document())  # the words between, not the spaces around them
            cursor.setPosition(piece_end + len(between) - len(between.lstrip()))
            cursor.setPosition(next_start - len(between) + len(between.rstrip()), QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(fmt)


def _span(value: object) -> tuple[int, int] | None:
    try:
        start, end = (int(v) for v in value)  # type: ignore[attr-defined]
    except (TypeError, ValueError):
        return None
    return start, end


def _highlight(browser: QTextBrowser, spans: list[object]) -> None:
    fmt = QTextCharFormat()
    fmt.setBackground(HIGHLIGHT)
    length = len(browser.toPlainText())
    first = None
    for span in spans:
        if not (isinstance(span, list | tuple) and len(span) == 2):
            continue
        start, end = max(0, int(span[0])), min(length, int(span[1]))
        if end <= start:
            continue
        cursor = QTextCursor(browser.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        cursor.mergeCharFormat(fmt)
        first = start if first is None else min(first, start)
    if first is not None:
        cursor = QTextCursor(browser.document())
        cursor.setPosition(first)
        browser.setTextCursor(cursor)
        _scroll_near_top(browser)
        QTimer.singleShot(0, browser, lambda: _scroll_near_top(browser))  # again once the window is laid out
        _follow_until_scrolled(browser)


def _follow_until_scrolled(browser: QTextBrowser) -> None:
    """Keep the passage near the top while the pane settles on its width (the text re-wraps and the passage moves:
    it was left at the bottom edge), until the creator scrolls the pane themselves."""
    bar = browser.verticalScrollBar()
    following = [True]

    def settle(*_: object) -> None:
        if following[0]:
            _scroll_near_top(browser)

    def stop(*_: object) -> None:
        following[0] = False

    bar.rangeChanged.connect(settle)
    bar.actionTriggered.connect(stop)  # the scroll bar dragged or clicked, the mouse wheel
    browser.cursorPositionChanged.connect(stop)  # a click or a key in the text


def _scroll_near_top(browser: QTextBrowser) -> None:
    """Bring the highlighted passage to the upper part of the view, not to its bottom edge (ensureCursorVisible
    scrolls only as far as it must), with a few lines before it for context."""
    bar = browser.verticalScrollBar()
    top = browser.cursorRect().top() + bar.value()
    bar.setValue(max(0, top - browser.viewport().height() // 5))


def _titled(title: str, widget: QWidget) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(QLabel(f"<b>{title}</b>"))
    layout.addWidget(widget, 1)
    return box


def _stack(main: QWidget, row: QHBoxLayout, note: QWidget | None = None) -> QWidget:
    """`main` over its controls; a short `note` between them, right under what it is about."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(main, 1)
    if note is not None:
        layout.addWidget(note)
    layout.addLayout(row)
    return box


def _cut(text: str, span: object) -> str:
    """The text a passage's [start, end) character span marks, "" if it does not fit the text."""
    try:
        start, end = (int(v) for v in span)  # type: ignore[attr-defined]
    except (TypeError, ValueError):
        return ""
    return text[start:end] if 0 <= start < end <= len(text) else ""
