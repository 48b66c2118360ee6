"""What switching model probing on for a work would send, and where, read from the data file before the creator is
asked; and the reads and writes behind the Library's switch (`probe enable`'s consent, in its words). No widgets:
the switch for one work and the question for several both build on it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import sqlite_utils

from creatorwatch.core.library.works import Library, Work
from creatorwatch.core.model_probe.consent import Consent, Consents, creator_name, statement
from creatorwatch.core.model_probe.fitting import (
    PROBED_KINDS,
    WINDOW_WAYS,
    enable_probing,
    endpoints_for,
    why_not_probed,
)
from creatorwatch.core.model_probe.prepare import ProbeRefused, model_sources

NO_ENDPOINT = ("There is no model endpoint to ask yet. Add one on the Sources page with Add source…: it offers "
               "Model endpoint (OpenAI, Mistral, Groq, or a model on this computer such as Ollama or llama.cpp), "
               "Anthropic, and Image model endpoint for pictures. Then switch probing on here.")
HOW_OFTEN = ("While CreatorWatch is watching, each endpoint is asked about the works switched on there about once a "
             "week, within its budget. You can switch probing off here at any time.")


@dataclass(frozen=True)
class ProbeOffer:
    """What switching probing on for one work would send, and where, read before asking the creator."""

    work: Work
    endpoints: list[str] = field(default_factory=list)  # the names of the endpoints that can be asked about it
    statements: list[str] = field(default_factory=list)  # one per endpoint: what is sent there, as `probe enable`
    refusal: str = ""  # why it cannot be switched on, when it cannot
    no_endpoint: bool = False  # no model endpoint is set up at all
    add_type: str = ""  # the kind of endpoint that would make it possible, when one would


def probe_offer(db: sqlite_utils.Database, work: Work) -> ProbeOffer:
    """The endpoints `work` would be sent to and the consent for each, or why it cannot be probed."""
    try:
        sources = model_sources(db, ())
    except ProbeRefused:
        sources = []
    fitting = endpoints_for(work, sources)
    if not fitting:
        add_type = ("openai-images" if work.kind == "image" else "openai-compatible") \
            if work.kind in PROBED_KINDS else ""
        if not sources and add_type:
            return ProbeOffer(work, refusal=NO_ENDPOINT, no_endpoint=True, add_type=add_type)
        return ProbeOffer(work, refusal=f"\u201c{work.title}\u201d {why_not_probed(work.kind, WINDOW_WAYS)}.",
                          add_type=add_type)
    author = creator_name(db)
    return ProbeOffer(work, [s.config.name for s in fitting], [statement(work, s, author) for s in fitting])


def standing_consents(db: sqlite_utils.Database) -> tuple[list[Consent], set[tuple[int, str]]]:
    """Every consent, as `probe enabled` lists them, and those that no longer hold (work id, endpoint): the
    endpoint was removed or now points elsewhere, so nothing is sent until the creator agrees again."""
    store = Consents(db)
    consents = store.all()
    return consents, store.lapsed(consents)


def switch_on(db: sqlite_utils.Database, work_id: int, endpoints: Sequence[str]) -> list[Consent]:
    """Record consent for the work on exactly the endpoints the creator was shown."""
    work = Library(db).get(work_id)
    if work is None:
        raise ProbeRefused("That work is no longer in the library; nothing was switched on.")
    return enable_probing(db, work, model_sources(db, tuple(endpoints)))


def switch_off(db: sqlite_utils.Database, works: Sequence[Work]) -> list[Work]:
    """Forget consent for these works on every endpoint, as `probe disable` does; those that had any."""
    consents = Consents(db)
    return [work for work in works if consents.withdraw(work.id)]


def consent_text(offer: ProbeOffer) -> str:
    """The question put to the creator: what goes where, in `probe enable`'s words, and how often."""
    said = "\n\n".join(offer.statements)
    return f"Switch on model probing for \u201c{offer.work.title}\u201d?\n\n{said}\n\n{HOW_OFTEN}"
