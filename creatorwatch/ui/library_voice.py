"""“My voice” in the Library: tick recordings of your own speech (or use the toolbar action) and CreatorWatch
learns your voice from them in the background, then says for each work what it learnt, or why it could not."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import sqlite_utils
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox, QProgressBar, QWidget

from creatorwatch.core.library.works import Work
from creatorwatch.core.voice.enrol_works import EnrolResult, enrol_works
from creatorwatch.core.voice.installed import voice_installed
from creatorwatch.core.voice.store import VoiceStore
from creatorwatch.paths import Paths
from creatorwatch.ui.data import query, with_database
from creatorwatch.ui.glyphs import symbol
from creatorwatch.ui.library_model import VOICE_NOT_INSTALLED, LibraryModel
from creatorwatch.ui.read_only_data import greyed_unless_writable
from creatorwatch.ui.tasks import BackgroundTask, Progress, run_in_background
from creatorwatch.ui.warn import warn

USE, STOP = "Use as my voice", "Stop using as my voice"


def voices_by_work(db: sqlite_utils.Database) -> dict[int, str]:
    """Each enrolled work's voice name."""
    return {work_id: voice.name for voice in VoiceStore(db).voices() for work_id in voice.works}


def learn_voice(db: sqlite_utils.Database, work_ids: list[int], progress: Progress) -> list[EnrolResult]:
    """Enrol the works one by one (on a pool thread), reporting each as it is done."""
    results: list[EnrolResult] = []
    for result in enrol_works(db, work_ids):
        results.append(result)
        progress(len(results), len(work_ids), result.title)
    return results


def _quoted(titles: Sequence[str]) -> str:
    return ", ".join(f"“{t}”" for t in titles)


def learnt_summary(results: Sequence[EnrolResult]) -> str:
    """One status-bar line for a finished enrolment."""
    learnt = [r for r in results if r.ok]
    refused = len(results) - len(learnt)
    if not learnt:
        return "Your voice was not learnt from the chosen works."
    seconds = sum(r.speech_seconds for r in learnt)
    source = _quoted([learnt[0].title]) if len(learnt) == 1 else f"{len(learnt)} recordings"
    text = f"CreatorWatch now knows your voice from {source} ({seconds:.0f} s of speech)."
    return text + (f" {refused} could not be used." if refused else "")


class VoiceSamples(QObject):
    """Enrols and un-enrols works for the Library page: its model's voice column, one toolbar action, and the
    shared progress bar (`others_busy` says when the page is using it for something else)."""

    message = Signal(str, int)

    def __init__(self, paths: Paths, model: LibraryModel, progress: QProgressBar, others_busy: Callable[[], bool],
                 page: QWidget) -> None:
        super().__init__(page)
        self.paths, self.model, self.progress, self.others_busy, self.page = paths, model, progress, others_busy, page
        self.installed = voice_installed()  # looks for the packages without importing them
        self.model.can_enrol = self.installed
        self.model.voice_toggled.connect(self._toggled)
        self.action = QAction(symbol("voice"), USE, page)
        self.action.triggered.connect(self._act)
        self._selection: list[Work] = []
        self.writable = True  # False: the data file is read-only, and no voice can be learnt into it
        self._task: BackgroundTask[list[EnrolResult]] | None = None
        self.update_action([])

    def reload(self) -> None:
        query(self.paths, voices_by_work, self._show_voices)

    def _show_voices(self, voices: dict[int, str]) -> None:
        self.model.set_voices(voices)
        self.update_action(self._selection)

    def busy(self) -> bool:
        return self._task is not None and self._task.running

    # -- the toolbar action follows the selection ---------------------------------------------------------
    def update_action(self, selected: list[Work]) -> None:
        self._selection = list(selected)
        recordings = [w for w in selected if w.kind == "audio"]
        stopping = bool(recordings) and all(self.model.voice_of(w) is not None for w in recordings)
        self.action.setText(STOP if stopping else USE)
        self.action.setEnabled(bool(recordings) and not self.busy() and (stopping or self.installed))
        self.action.setToolTip(
            "Stop learning your voice from the selected recordings (the works stay in the library)" if stopping else
            VOICE_NOT_INSTALLED if not self.installed else
            "Learn your voice from the selected recordings of your own speech, so CreatorWatch can recognise it "
            "in AI speech" if recordings else "Select recordings of your own speech to learn your voice from")
        if not self.writable:
            greyed_unless_writable(self.action, False, "")

    def _act(self) -> None:
        if self.action.text() == STOP:
            self.unenrol([w for w in self._selection if w.kind == "audio"])
        else:
            self.enrol([w for w in self._selection if self.model.voice_of(w) is None])

    def _toggled(self, work: Work, wanted: bool) -> None:
        (self.enrol if wanted else self.unenrol)([work])

    # -- enrolling ----------------------------------------------------------------------------------------
    def enrol(self, works: Sequence[Work]) -> None:
        """Learn the voice from `works` in the background; each one not used is reported with the reason."""
        if not works:
            return
        if self.busy() or self.others_busy():
            self.message.emit("Still busy with the previous works; please wait.", 5000)
            return
        ids = [w.id for w in works]
        self.model.set_listening({w.id for w in works if w.kind == "audio"})
        self.progress.setRange(0, len(ids))
        self.progress.setValue(0)
        self.progress.show()
        first = _quoted([works[0].title]) if len(works) == 1 else f"{len(works)} works"
        self.message.emit(f"Learning your voice from {first}… (the first takes a few seconds longer)", 0)

        def learn(progress: Progress) -> list[EnrolResult]:
            return with_database(self.paths, lambda db: learn_voice(db, ids, progress))(progress)

        self._task = run_in_background(learn, self._enrolled, self._failed, self._step)
        self.update_action(self._selection)

    def _step(self, done: int, total: int, title: str) -> None:
        self.progress.setValue(done)
        self.message.emit(f"Learning your voice: {done} of {total} done (“{title}”)…", 0)

    def _enrolled(self, results: list[EnrolResult]) -> None:
        self._finish()
        self.message.emit(learnt_summary(results), 0)
        refused = [r for r in results if not r.ok]
        if refused:
            noun = "work was" if len(refused) == 1 else "works were"
            box = QMessageBox(QMessageBox.Icon.Information, "Not used as your voice",
                              f"{len(refused)} {noun} not used to learn your voice:\n\n"
                              + "\n".join(f"• “{r.title or f'#{r.work_id}'}”: {r.message}" for r in refused),
                              parent=self.page)
            box.setObjectName("voice-not-learnt")
            box.open()

    def _failed(self, exc: BaseException) -> None:
        self._finish()
        warn(self.page, str(exc), "Your voice was not changed")

    def _finish(self) -> None:
        if not self.busy():
            self.progress.hide()
            self.model.set_listening(set())
        self.reload()

    # -- un-enrolling -------------------------------------------------------------------------------------
    def unenrol(self, works: Sequence[Work]) -> None:
        """Stop using `works` as voice samples (cheap; ticking them again undoes it)."""
        ids = [w.id for w in works]
        if ids:
            query(self.paths, lambda db: VoiceStore(db).unenrol(ids), lambda _r: self._unenrolled(works), self._failed)

    def _unenrolled(self, works: Sequence[Work]) -> None:
        names = _quoted([w.title for w in works]) if len(works) <= 3 else f"{len(works)} recordings"
        verb = "teaches" if len(works) == 1 else "teach"
        self.message.emit(f"{names} no longer {verb} CreatorWatch your voice; tick again to undo.", 8000)
        self.reload()
