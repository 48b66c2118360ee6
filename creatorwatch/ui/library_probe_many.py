"""Model probing for several works at once: one question that lists, per endpoint, what would be sent about each
selected work (in `probe enable`'s words), names the works that cannot be probed and why, and is answered once."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field

import sqlite_utils
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from creatorwatch.core.library.works import Work
from creatorwatch.core.model_probe.consent import Consent, where
from creatorwatch.core.model_probe.prepare import ProbeRefused, model_sources
from creatorwatch.core.wording.words import counted
from creatorwatch.ui.library_probe_offer import HOW_OFTEN, ProbeOffer, probe_offer, switch_on


@dataclass(frozen=True)
class ProbeBatch:
    """What switching probing on for several works would send, and where; read before asking the creator."""

    offers: list[ProbeOffer]  # works that can be switched on, each with its endpoints and what is sent there
    skipped: list[ProbeOffer]  # works that cannot, each with why
    already: list[Work] = field(default_factory=list)  # selected works already switched on: left as they are
    places: dict[str, str] = field(default_factory=dict)  # endpoint name → where it is, in plain words


def probe_batch(db: sqlite_utils.Database, works: Sequence[Work], already: Sequence[Work] = ()) -> ProbeBatch:
    """The offer for each of `works` (as for one work), split into those that can be switched on and those that
    cannot, with where each endpoint is."""
    offers = [probe_offer(db, work) for work in works]
    try:
        places = {s.config.name: where(s) for s in model_sources(db, ())}
    except ProbeRefused:
        places = {}
    return ProbeBatch([o for o in offers if not o.refusal], [o for o in offers if o.refusal], list(already), places)


def consent_text_many(batch: ProbeBatch) -> str:
    """The question put to the creator, as plain text: how many works, then per endpoint what is sent about each
    (the very statement `probe enable` records), the works left out and why, and how often endpoints are asked."""
    return "\n\n".join([_question(batch), *_what_goes_where(batch), HOW_OFTEN])


def _question(batch: ProbeBatch) -> str:
    selected = len(batch.offers) + len(batch.skipped) + len(batch.already)
    question = f"Switch on model probing for {counted(len(batch.offers), 'work')}" + (
        "?" if selected == len(batch.offers) else f" of the {selected} selected?")
    apart = [f"{counted(len(batch.skipped), 'work')} cannot be probed"] if batch.skipped else []
    apart += [f"{counted(len(batch.already), 'work')} {'is' if len(batch.already) == 1 else 'are'} on already"] \
        if batch.already else []
    return question + (f" ({' and '.join(apart)}: named below.)" if apart else "")


def _what_goes_where(batch: ProbeBatch) -> list[str]:
    parts = []
    for endpoint in dict.fromkeys(name for offer in batch.offers for name in offer.endpoints):
        said = [f"\u2022 {statement}" for offer in batch.offers
                for name, statement in zip(offer.endpoints, offer.statements, strict=True) if name == endpoint]
        parts.append("\n".join([f"Sent to {batch.places.get(endpoint, endpoint)}:", *said]))
    if batch.skipped:
        parts.append("\n".join(["Not switched on:", *(f"\u2022 {offer.refusal}" for offer in batch.skipped)]))
    if batch.already:
        titles = ", ".join(f"\u201c{work.title}\u201d" for work in batch.already)
        parts.append(f"Already on, and left as they are: {titles}.")
    return parts


def switch_on_many(db: sqlite_utils.Database, offers: Sequence[ProbeOffer]) -> tuple[list[Consent], list[Work]]:
    """Record consent for each work on exactly the endpoints the creator was shown; the works no longer in the
    library are returned apart, the others are still switched on."""
    consents: list[Consent] = []
    gone: list[Work] = []
    for offer in offers:
        try:
            consents += switch_on(db, offer.work.id, offer.endpoints)
        except ProbeRefused:
            gone.append(offer.work)
    return consents, gone


class ManyConsentDialog(QDialog):
    """One question for several works: what goes where, scrollable however many works, Cancel the default."""

    def __init__(self, batch: ProbeBatch, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.batch = batch
        self.setObjectName("probe-consent-many")
        self.setWindowTitle("Switch on model probing?")
        heading = QLabel(f"<b>{html.escape(_question(batch))}</b>")
        heading.setWordWrap(True)
        self.said = QTextBrowser()
        self.said.setAccessibleName("What would be sent, and where")
        self.said.setPlainText("\n\n".join(_what_goes_where(batch)))
        self.said.setMinimumSize(600, 340)
        how_often = QLabel(f"{HOW_OFTEN} Nothing is sent before the next probe run.")
        how_often.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.switch_on_button = QPushButton(f"Switch on probing for {counted(len(batch.offers), 'work')}")
        self.switch_on_button.setAutoDefault(False)
        buttons.addButton(self.switch_on_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setDefault(True)  # Enter does not send anything anywhere
        self.cancel_button.setFocus()
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.said, 1)
        layout.addWidget(how_often)
        layout.addWidget(buttons)

    def text(self) -> str:
        """Everything the dialog says, as the creator reads it (for tests and the accessible description)."""
        return consent_text_many(self.batch)
