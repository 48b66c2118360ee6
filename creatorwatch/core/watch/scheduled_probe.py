"""A probe run the scheduler starts on its own, for one model endpoint: rarely (a week apart unless the creator set
`interval=` on the source), only about the works the creator enabled for probing there, within the source's per-run
budget (`max_requests=`, `max_tokens=`), through the shared HTTP client that holds a host for its Retry-After.

It reports like a monitoring check (check_started, source_checked, match_found, check_finished), so the window,
the tray and `creatorwatch run` show a scheduled probe the way they show any other source's check."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from creatorwatch.core.library.works import Library
from creatorwatch.core.model_probe.consent import Consents
from creatorwatch.core.model_probe.prepare import (
    DEFAULT_REQUESTS,
    DEFAULT_TOKENS,
    MODEL_TYPES,
    Options,
    ProbeRefused,
    RunPlan,
    plan_run,
)
from creatorwatch.core.model_probe.run import ModelProber, stored_key
from creatorwatch.core.net.client import HttpClient
from creatorwatch.core.records.source_store import ConfiguredSource, SourceStore, parse_iso
from creatorwatch.core.sources.registry import token_wanted
from creatorwatch.core.store.db import transaction
from creatorwatch.core.store.events import EventHub
from creatorwatch.core.watch.monitor import CheckSummary, SourceOutcome

log = logging.getLogger(__name__)

TURN_KEY = "probe_from"  # in a model endpoint's cursor: the work the next scheduled probe starts with


@dataclass(frozen=True)
class ScheduledProbe:
    """What one scheduled probe came to: the source's outcome, and when to try again if it failed."""

    outcome: SourceOutcome
    retry_at: datetime | None


def is_model_endpoint(source: ConfiguredSource) -> bool:
    return source.config.type in MODEL_TYPES


def budget_of(source: ConfiguredSource) -> tuple[int, int]:
    """The source's per-run budget (requests, tokens): its own settings, else the defaults of `creatorwatch probe`."""
    settings = source.config.settings
    requests, tokens = settings.get("max_requests", ""), settings.get("max_tokens", "")
    return (int(requests) if requests.isdigit() and int(requests) > 0 else DEFAULT_REQUESTS,
            int(tokens) if tokens.isdigit() and int(tokens) > 0 else DEFAULT_TOKENS)


def scheduled_probe(db: sqlite_utils.Database, name: str, *, http: HttpClient, hub: EventHub,
                    stop: threading.Event, cache: Path | None = None, respect_retry: bool = True) -> ScheduledProbe:
    """Probe the works enabled on source `name`, once. With `respect_retry` (the schedule, not the creator asking),
    an endpoint still waiting out a failure or a rate limit is left alone until its retry time."""
    store = SourceStore(db)
    source = store.get(name)
    if source is None:
        return _finish(hub, SourceOutcome(name, "", "skipped"), None)
    retry = parse_iso(source.health.retry_at)
    if respect_retry and retry and retry > datetime.now(UTC):
        return _finish(hub, SourceOutcome(name, source.config.type, "skipped", retry_at=source.health.retry_at),
                       retry)
    hub.publish("check_started", sources=[name])
    hub.publish("source_started", source=name)
    if waiting := token_wanted(source.config, stored_key(source.config)):  # nothing sent a service that refuses it
        with transaction(db):
            store.mark_waiting_for_token(source.id, waiting, datetime.now(UTC))
        return _finish(hub, SourceOutcome(name, source.config.type, "waiting_for_token", error=waiting), None)
    requests, tokens = budget_of(source)
    order = _in_turn(db, source)
    try:
        plan = plan_run(db, Options(sources=(name,), works=order, max_requests=requests, max_tokens=tokens)) \
            if order else None
    except ProbeRefused as exc:  # removed or changed meanwhile
        log.warning("scheduled probe of %s not started: %s", name, exc)
        return _finish(hub, SourceOutcome(name, source.config.type, "skipped", error=str(exc)), None)
    if plan is None or (not plan.probes and not any(s.left_out for s in plan.sources)):
        # nothing enabled for probing here: nothing sent, so its health stays what it was ("not checked yet" says
        # so; "ok" claimed an answer from an address where nothing may listen)
        return _finish(hub, SourceOutcome(name, source.config.type, "ok"), None)
    _keep_turn(db, source, plan)
    report = ModelProber(db, http=http.configured(stop=stop), hub=hub, cache=cache,
                         scheduled=True).run(plan, stop)
    result = next((s for s in report.sources if s.name == name), None)
    health = store.get(name)
    state = "stopped" if result is not None and result.state == "stopped" and stop.is_set() else \
        (health.health.state if health else "ok")
    retry_at = health.health.retry_at if health and state != "ok" else None
    outcome = SourceOutcome(name, source.config.type, state, matches=len(report.finds),
                            error=result.error if result else None, retry_at=retry_at)
    return _finish(hub, outcome, parse_iso(retry_at))


def _in_turn(db: sqlite_utils.Database, source: ConfiguredSource) -> tuple[int, ...]:
    """The works enabled for probing on `source`, starting where the last run's budget ran out, so that a budget
    smaller than the works asks each of them in turn instead of the same first few every week."""
    consents = Consents(db)
    library = Library(db)
    enabled = sorted(c.work_id for c in consents.all() if c.source == source.config.name
                     and consents.allowed(c.work_id, source) and library.get(c.work_id) is not None)
    start = SourceStore(db).cursor(source.id).get(TURN_KEY)
    if not isinstance(start, int):
        return tuple(enabled)
    after = [w for w in enabled if w >= start]
    return tuple(after + [w for w in enabled if w < start])


def _keep_turn(db: sqlite_utils.Database, source: ConfiguredSource, plan: RunPlan) -> None:
    """Where the next run starts: the first work the budget left out of this one (or the beginning again). Model
    endpoints are never polled, so their cursor holds this and nothing else."""
    left = [p.work_id for s in plan.sources for p in s.left_out]
    store = SourceStore(db)
    with transaction(db):
        store.save_cursor(source.id, {TURN_KEY: left[0]} if left else {})


def _finish(hub: EventHub, outcome: SourceOutcome, retry: datetime | None) -> ScheduledProbe:
    if outcome.state != "skipped":
        outcome.publish(hub)
    hub.publish("check_finished", **CheckSummary([outcome]).as_json())
    return ScheduledProbe(outcome, retry)
