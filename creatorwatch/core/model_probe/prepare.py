"""Before a probe run: which model endpoints, which works (only those the creator agreed to send), which
prompts, and what it will cost — all decided without sending anything."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from creatorwatch.core.errors import CreatorWatchError, NamesNothing, UnreadableMedia
from creatorwatch.core.files.textread import read_text
from creatorwatch.core.library.works import Library, Work
from creatorwatch.core.model_probe.consent import Consents, creator_name, statement, where
from creatorwatch.core.model_probe.fitting import IMAGE_TYPES, MODEL_TYPES
from creatorwatch.core.model_probe.plan import Estimate, Probe, WorkText, image_probes, text_probes, within
from creatorwatch.core.records.source_store import ConfiguredSource, SourceStore

DEFAULT_REQUESTS = 60
DEFAULT_TOKENS = 60_000


class ProbeRefused(CreatorWatchError):
    """The run cannot start as asked: no model endpoint, an unknown work, or a work not agreed for probing."""


class UnknownWork(ProbeRefused, NamesNothing):
    """A work id given to probe that names no work in the library."""


@dataclass(frozen=True)
class Options:
    sources: tuple[str, ...] = ()  # names; empty: every enabled model endpoint
    works: tuple[int, ...] = ()  # ids; empty: every work the creator agreed to probe
    confirmed: bool = False  # --yes: probe the named works this once even without standing consent
    max_requests: int = DEFAULT_REQUESTS
    max_tokens: int = DEFAULT_TOKENS
    repeats: int = 2


@dataclass
class SourcePlan:
    record: ConfiguredSource
    probes: list[Probe] = field(default_factory=list)
    left_out: list[Probe] = field(default_factory=list)  # over the budget
    wanted: list[Probe] = field(default_factory=list)  # every probe it would send without a budget, in order

    @property
    def name(self) -> str:
        return self.record.config.name

    @property
    def is_image(self) -> bool:
        return self.record.config.type in IMAGE_TYPES


@dataclass
class RunPlan:
    sources: list[SourcePlan]
    works: dict[int, WorkText]  # the texts asked about (and image works by title)
    titles: dict[int, str]
    author: str
    options: Options
    notes: list[str] = field(default_factory=list)  # works skipped, and why

    @property
    def probes(self) -> list[Probe]:
        return [p for s in self.sources for p in s.probes]

    @property
    def estimate(self) -> Estimate:
        return Estimate.of(self.probes)

    def destinations(self) -> list[str]:
        return [where(s.record) for s in self.sources if s.probes]

    def standing_by(self) -> list[str]:
        """Where probes the budget left out go only if an endpoint before fails and leaves its share unspent."""
        return [where(s.record) for s in self.sources if s.left_out and not s.probes]


def plan_run(db: sqlite_utils.Database, options: Options) -> RunPlan:
    """Every probe this run would send, within the budget; ProbeRefused when it cannot start as asked."""
    sources = sorted(model_sources(db, options.sources), key=_worked_last_time_first)
    library, consents = Library(db), Consents(db)
    named = _named_works(library, options.works)
    author = creator_name(db)
    notes: list[str] = []
    texts: dict[int, WorkText] = {}
    titles: dict[int, str] = {}
    plans = [SourcePlan(record) for record in sources]
    for source in plans:
        wanted = "image" if source.is_image else "text"
        candidates = named if named is not None else [w for w in library.works(wanted)
                                                      if consents.allowed(w.id, source.record)]
        works = [w for w in candidates if w.kind == wanted]
        _check_consent(works, source.record, consents, options)
        if wanted == "image":
            source.probes = image_probes({w.id: w.title for w in works}, author)
            titles.update({w.id: w.title for w in works})
            continue
        for work in works:
            if work.id not in texts:
                text = _read(work, notes)
                if text is None:
                    continue
                texts[work.id] = WorkText(work.id, work.title, text)
                titles[work.id] = work.title
            source.probes += text_probes(texts[work.id], author, repeats=options.repeats)
    asked_about = {p.work_id for s in plans for p in s.probes}
    for work in named or []:
        if work.id in asked_about:
            continue
        if work.id in texts:
            notes.append(f"work #{work.id} \u201c{work.title}\u201d: too short to probe (it needs about 90 words)")
        elif not any(note.startswith(f"work #{work.id} ") for note in notes):
            notes.append(f"work #{work.id} \u201c{work.title}\u201d: none of the chosen endpoints can be asked "
                         f"about a {work.kind} work")
    for source in plans:
        source.wanted = list(source.probes)
    fit_budget(plans, options.max_requests, options.max_tokens)
    return RunPlan(plans, texts, titles, author, options, notes)


def fit_budget(plans: list[SourcePlan], max_requests: int, max_tokens: int) -> None:
    """Share a budget among the endpoints' wanted probes, in their order: each probe that fits is sent, the rest
    left out. Called again during a run with what an endpoint that failed did not spend, for those after it."""
    kept, left = within([p for s in plans for p in s.wanted], max_requests, max_tokens)
    kept_ids = {id(p) for p in kept}
    left_ids = {id(p) for p in left}
    for source in plans:
        source.left_out = [p for p in source.wanted if id(p) in left_ids]
        source.probes = [p for p in source.wanted if id(p) in kept_ids]


def _worked_last_time_first(source: ConfiguredSource) -> int:
    """Endpoints that answered last time get the budget first, those that failed last (a sort key; ties keep the
    configured order): a dead or refusing endpoint no longer takes the share a working one would have used."""
    return {"ok": 0, "new": 1}.get(source.health.state, 2)


def model_sources(db: sqlite_utils.Database, names: tuple[str, ...]) -> list[ConfiguredSource]:
    """The named model endpoints (default: every enabled one); ProbeRefused names any that is not one."""
    store = SourceStore(db)
    if not names:
        found = [s for s in store.all() if s.config.type in MODEL_TYPES and s.config.enabled]
        if not found:
            raise ProbeRefused("There is no model endpoint to probe. Add one with: creatorwatch sources add "
                               "openai-compatible --name NAME --base-url URL --set model=MODEL (or anthropic, "
                               "openai-images)")
        return found
    chosen = []
    for name in names:
        record = store.get(name)
        if record is None:
            raise ProbeRefused(f"There is no source called {name!r}. See them with: creatorwatch sources")
        if record.config.type not in MODEL_TYPES:
            raise ProbeRefused(f"{name} is a {record.config.type} source, not a model endpoint; only "
                               f"{', '.join(MODEL_TYPES)} sources can be probed.")
        chosen.append(record)
    return chosen


def _named_works(library: Library, ids: tuple[int, ...]) -> list[Work] | None:
    if not ids:
        return None
    works, unknown = [], []
    for work_id in dict.fromkeys(ids):
        work = library.get(work_id)
        (works.append(work) if work else unknown.append(work_id))
    if unknown:
        raise UnknownWork(f"No work {', '.join(f'#{i}' for i in unknown)} in the library. See them with: "
                           "creatorwatch works")
    return works


def _check_consent(works: list[Work], source: ConfiguredSource, consents: Consents, options: Options) -> None:
    missing = [w for w in works if not consents.allowed(w.id, source)]
    if not missing or options.confirmed:
        return
    author = creator_name(consents.db)
    said = "\n".join(f"  #{w.id}: {statement(w, source, author)}" for w in missing)
    ids = " ".join(str(w.id) for w in missing)
    raise ProbeRefused(
        f"Probing is off for {'this work' if len(missing) == 1 else 'these works'} on {source.config.name}; "
        f"nothing was sent.\n{said}\nTo agree for good: creatorwatch probe enable {ids} --source "
        f"{source.config.name}\nTo probe once without agreeing for good, add --yes.")


def _read(work: Work, notes: list[str]) -> str | None:
    try:
        return read_text(Path(work.path))
    except (UnreadableMedia, OSError) as exc:
        notes.append(f"work #{work.id} \u201c{work.title}\u201d: its file could not be read at {work.path} ({exc}); "
                     "it was not probed")
        return None
