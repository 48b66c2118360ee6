"""Model probing per work in the Library: tick a text or picture (or select several and use the toolbar action) and,
once the creator has read exactly what would be sent and where, and agreed, CreatorWatch may ask those model
endpoints about it.
The same consent, in the same words, as `creatorwatch probe enable`; reads and writes run on a pool thread."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QDialog, QMessageBox, QWidget

from creatorwatch.core.library.works import Work
from creatorwatch.core.model_probe.consent import Consent, Consents
from creatorwatch.core.model_probe.fitting import PROBED_KINDS
from creatorwatch.core.wording.words import counted
from creatorwatch.paths import Paths
from creatorwatch.ui.data import query
from creatorwatch.ui.glyphs import symbol
from creatorwatch.ui.library_model import LibraryModel
from creatorwatch.ui.library_probe_many import ManyConsentDialog, ProbeBatch, probe_batch, switch_on_many
from creatorwatch.ui.library_probe_offer import (
    NO_ENDPOINT,
    ProbeOffer,
    consent_text,
    probe_offer,
    standing_consents,
    switch_off,
    switch_on,
)
from creatorwatch.ui.warn import warn

SWITCH_ON, SWITCH_OFF = "Probe with models…", "Stop probing"


class ProbeSwitch(QObject):
    """Switches probing on and off for the Library page: its model's "Probe" column, a toolbar action and the
    table's menu."""

    message = Signal(str, int)
    add_endpoint_wanted = Signal(str)  # the creator asked to add a model endpoint of this type

    def __init__(self, paths: Paths, model: LibraryModel, page: QWidget) -> None:
        super().__init__(page)
        self.paths, self.model, self.page = paths, model, page
        self.model.probe_toggled.connect(self.toggle)
        self.action = QAction(symbol("probe"), SWITCH_ON, page)
        self.action.setIconText("Probe")  # short in both states (pressed while on), so the toolbar keeps its room
        self.action.setCheckable(True)
        self.action.triggered.connect(self._act)
        self.off_action = QAction("Stop probing", page)  # in the table's menu, for a selection only partly probed
        self.off_action.triggered.connect(self._stop_selected)
        self.box: QMessageBox | QDialog | None = None  # the last question or explanation shown (tests, screenshots)
        self._switch_on_button: QAbstractButton | None = None
        self._selection: list[Work] = []
        self.update_action([])

    def reload(self) -> None:
        query(self.paths, standing_consents, self._show_probes)

    def _show_probes(self, found: tuple[list[Consent], set[tuple[int, str]]]) -> None:
        self.model.set_probes(*found)
        self.update_action(self._selection)

    # -- the toolbar action follows the selection ---------------------------------------------------------
    def update_action(self, selected: list[Work]) -> None:
        """Pressed ("Stop probing") when every selected work is probed; otherwise it offers to switch on those
        that are not, all in one question."""
        self._selection = list(selected)
        count = len(self._selection)
        on = self._all_on()
        self.action.setText(SWITCH_OFF if on else SWITCH_ON)
        self.action.setIconText("Probe")
        self.action.setChecked(on)
        self.action.setEnabled(count > 0)
        probed = [work for work in self._selection if self.model.probes_of(work)]
        self.off_action.setVisible(bool(probed) and not on)  # some on, some not: the action above switches on
        self.off_action.setText(f"Stop probing where it is on ({counted(len(probed), 'work')})")
        these = "the selected work" if count == 1 else f"the {count} selected works"
        self.action.setToolTip(
            f"Stop asking model endpoints about {these}" if on else
            f"Ask model endpoints whether they reproduce {these}; you are told what would be sent, and where, "
            "before anything is switched on" if count else
            "Select one or more works to switch model probing on or off for them")

    def _all_on(self) -> bool:
        """Every selected work that can be probed is (a recording in the selection does not count)."""
        probeable = [w for w in self._selection if w.kind in PROBED_KINDS or self.model.probes_of(w)]
        return bool(probeable) and all(self.model.probes_of(work) for work in probeable)

    def _act(self) -> None:
        if len(self._selection) == 1:
            work = self._selection[0]
            self.toggle(work, not self.model.probes_of(work))
        elif self._selection:
            self.toggle_many(self._selection, not self._all_on())
        self.update_action(self._selection)  # pressed only once probing is really on

    def _stop_selected(self) -> None:
        probed = [work for work in self._selection if self.model.probes_of(work)]
        if len(probed) == 1:
            self.toggle(probed[0], False)
        elif probed:
            self.toggle_many(probed, False)

    def toggle(self, work: Work, wanted: bool) -> None:
        """Ask before switching on (the question says what goes where); switch off at once."""
        if wanted:
            query(self.paths, lambda db: probe_offer(db, work), self._offer, self._failed)
        else:
            query(self.paths, lambda db: Consents(db).withdraw(work.id), lambda _n: self._switched_off(work),
                  self._failed)

    def toggle_many(self, works: list[Work], wanted: bool) -> None:
        """Several works: one question for those not yet probed, or whose agreement lapsed (the others are named
        and left as they are), or off for them all at once."""
        if not wanted:
            query(self.paths, lambda db: switch_off(db, works), self._switched_off_many, self._failed)
            return
        already = [work for work in works if self.model.probes_of(work) and not self.model.probe_lapsed(work)]
        off = [work for work in works if work not in already]  # a lapsed agreement is asked for again
        query(self.paths, lambda db: probe_batch(db, off, already), self._offer_many, self._failed)

    # -- switching on ---------------------------------------------------------------------------------------
    def _offer(self, offer: ProbeOffer) -> None:
        if offer.refusal:
            self._explain(offer)
            return
        box = QMessageBox(QMessageBox.Icon.Question, "Switch on model probing?", consent_text(offer), parent=self.page)
        box.setObjectName("probe-consent")
        self._switch_on_button = box.addButton("Switch on probing", QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)  # Enter does not send anything anywhere
        box.setEscapeButton(cancel)
        box.buttonClicked.connect(lambda button: self._answered(offer, button))
        self._show(box)

    def _answered(self, offer: ProbeOffer, button: QAbstractButton) -> None:
        if button is not self._switch_on_button:
            self.message.emit(f"Probing stays off for \u201c{offer.work.title}\u201d; nothing was sent.", 5000)
            return
        query(self.paths, lambda db: switch_on(db, offer.work.id, offer.endpoints),
              lambda consents: self._switched_on(offer.work, consents), self._failed)

    def _switched_on(self, work: Work, consents: list[Consent]) -> None:
        names = ", ".join(c.source for c in consents)
        self.message.emit(f"Probing is on for \u201c{work.title}\u201d on {names}. Nothing is sent until the next "
                          "probe run.", 0)
        self.reload()

    def _explain(self, offer: ProbeOffer) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, "Model probing", offer.refusal, parent=self.page)
        box.setObjectName("probe-not-possible")
        if offer.add_type:
            add = box.addButton("Add a model endpoint…", QMessageBox.ButtonRole.ActionRole)
            add.clicked.connect(lambda: self.add_endpoint_wanted.emit(offer.add_type))
        box.addButton(QMessageBox.StandardButton.Close)
        self._show(box)
        self.reload()  # the tick the creator made comes off again

    def _offer_many(self, batch: ProbeBatch) -> None:
        if not batch.offers:  # nothing of the selection can be probed: why, and how to change that
            first = batch.skipped[0]
            no_endpoint = any(o.no_endpoint for o in batch.skipped)
            self._explain(ProbeOffer(first.work, refusal=NO_ENDPOINT if no_endpoint else "\n\n".join(
                o.refusal for o in batch.skipped), no_endpoint=no_endpoint,
                add_type=next((o.add_type for o in batch.skipped if o.add_type), "")))
            return
        dialog = ManyConsentDialog(batch, self.page)
        dialog.finished.connect(lambda result: self._answered_many(batch, result))
        self.box = dialog
        dialog.open()

    def _answered_many(self, batch: ProbeBatch, result: int) -> None:
        if result != QDialog.DialogCode.Accepted:
            self.message.emit(f"Probing stays off for {counted(len(batch.offers), 'work')}; nothing was sent.", 5000)
            return
        query(self.paths, lambda db: switch_on_many(db, batch.offers),
              lambda done: self._switched_on_many(batch, *done), self._failed)

    def _switched_on_many(self, batch: ProbeBatch, consents: list[Consent], gone: list[Work]) -> None:
        switched = {c.work_id for c in consents}
        names = ", ".join(dict.fromkeys(c.source for c in consents))
        said = [f"Probing is on for {counted(len(switched), 'work')} on {names}." if switched else
                "Probing was not switched on."]
        if batch.skipped:
            titles = ", ".join(f"\u201c{offer.work.title}\u201d" for offer in batch.skipped)
            said.append(f"Left off: {titles} (pointing at the Probe column says why).")
        if gone:
            said.append(f"{counted(len(gone), 'work')} left the library meanwhile.")
        self.message.emit(" ".join([*said, "Nothing is sent until the next probe run."]), 0)
        self.reload()

    # -- switching off --------------------------------------------------------------------------------------
    def _switched_off_many(self, works: list[Work]) -> None:
        self.message.emit(f"Probing is off for {counted(len(works), 'work')}: nothing more about "
                          f"{'it' if len(works) == 1 else 'them'} is sent to any model endpoint.", 8000)
        self.reload()

    def _switched_off(self, work: Work) -> None:
        self.message.emit(f"Probing is off for \u201c{work.title}\u201d: nothing more about it is sent to any "
                          "model endpoint.", 8000)
        self.reload()

    def _show(self, box: QMessageBox | QDialog) -> None:
        self.box = box
        box.open()

    def _failed(self, exc: BaseException) -> None:
        warn(self.page, str(exc), "Model probing was not changed")
        self.reload()
