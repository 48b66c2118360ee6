"""A probe run: send each planned prompt through the shared client within the budget, judge each answer
(aligned with the creator's true words, or a generated picture matched like any candidate), keep every
exchange, and record finds as matches.

Errors stop only the endpoint that caused them, with a message naming it, and the budget it did not spend goes to
the endpoints after it (plan_run puts those that answered last time first); a 429 with a short Retry-After, or a
5xx/529, is asked again while the budget allows, each try counted. Nothing is recorded twice: the same question
about the same work to the same model is one candidate, and a match already recorded is left as it was.
"""

from __future__ import annotations

import json
import logging
import math
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from creatorwatch.core.errors import KeyringUnavailable, RateLimited, ServerError, SourceError, UnreadableMedia
from creatorwatch.core.fingerprint.registry import modality
from creatorwatch.core.library.works import Library
from creatorwatch.core.matching.match import Matcher
from creatorwatch.core.model_probe.judge import Judged, judge_text, tally, text_find
from creatorwatch.core.model_probe.plan import Budget, Probe
from creatorwatch.core.model_probe.prepare import RunPlan, SourcePlan, fit_budget
from creatorwatch.core.model_probe.record import Find, candidate_url, keep_run_log, keep_sample, record_find
from creatorwatch.core.net.client import HttpClient
from creatorwatch.core.net.guard import is_private_url
from creatorwatch.core.records.source_store import SourceStore
from creatorwatch.core.sources.base import SourceConfig
from creatorwatch.core.sources.model_endpoint import Answer, Exchange, ModelEndpoint, ModelRefused, Pictures
from creatorwatch.core.sources.registry import source_class, token_entry
from creatorwatch.core.store.db import transaction
from creatorwatch.core.store.events import EventHub
from creatorwatch.core.store.preferences import load_preferences
from creatorwatch.core.store.secrets import get_secret
from creatorwatch.core.wording.retry import tried_once

log = logging.getLogger(__name__)

RETRIES = 2  # extra tries after a 429 or a 5xx, each counted against the budget
LONGEST_WAIT = 60.0  # a longer Retry-After ends the endpoint's part of the run instead of waiting it out
TIMEOUT = 120.0  # seconds a model may think before its answer starts (local models are slow); --set timeout=


class BudgetSpent(SourceError):
    """The next try would pass the run's budget."""


@dataclass
class SourceResult:
    name: str
    type: str
    model: str
    address: str
    local: bool
    state: str = "ok"  # "ok" | "failed" | "stopped" (budget or Ctrl+C)
    error: str | None = None
    requests: int = 0
    tokens: int = 0
    left_out: int = 0  # planned probes not sent (budget, or the endpoint failed)
    log: str | None = None  # the run's WARC file

    def as_json(self) -> dict[str, Any]:
        return dict(vars(self))


@dataclass
class ProbeReport:
    sources: list[SourceResult] = field(default_factory=list)
    works: list[dict[str, Any]] = field(default_factory=list)  # one per (source, work) asked
    finds: list[dict[str, Any]] = field(default_factory=list)  # new matches recorded
    requests: int = 0
    tokens: int = 0

    @property
    def failed(self) -> list[SourceResult]:
        return [s for s in self.sources if s.state == "failed"]

    def as_json(self) -> dict[str, Any]:
        return {"sources": [s.as_json() for s in self.sources], "works": self.works, "finds": self.finds,
                "requests": self.requests, "tokens": self.tokens, "failed": [s.name for s in self.failed]}


class ModelProber:
    """Runs probe plans against the model endpoints configured in `db` (on the thread that opened it)."""

    def __init__(self, db: sqlite_utils.Database, *, http: HttpClient | None = None,
                 secret: Callable[[str], str | None] = get_secret, hub: EventHub | None = None,
                 cache: Path | None = None, wait: Callable[[float], None] = time.sleep,
                 scheduled: bool = False) -> None:
        """`scheduled`: the scheduler runs this probe and tries a failed endpoint again at its retry time, so its
        messages say so; `creatorwatch probe` tries once, and says what running it again can do."""
        self.db = db
        self.scheduled = scheduled
        self.http = http
        self.secret = secret
        self.hub = hub or EventHub()
        self.cache = cache
        self.wait = wait
        self._matcher: Matcher | None = None

    def run(self, plan: RunPlan, stop: threading.Event | None = None) -> ProbeReport:
        stop = stop or threading.Event()
        budget = Budget(plan.options.max_requests, plan.options.max_tokens)
        report = ProbeReport()
        http = self.http or HttpClient()
        try:
            for at, source_plan in enumerate(plan.sources):
                if source_plan.probes or source_plan.left_out:
                    result = self._run_source(plan, source_plan, http, budget, report, stop)
                    report.sources.append(result)
                    if result.state == "failed":  # what it did not spend goes to the endpoints after it
                        fit_budget(plan.sources[at + 1:], budget.max_requests - budget.requests,
                                   budget.max_tokens - budget.tokens)
        finally:
            if self.http is None:
                http.close()
        report.requests, report.tokens = budget.requests, budget.tokens
        return report

    # -- one endpoint --

    def _run_source(self, plan: RunPlan, sp: SourcePlan, http: HttpClient, budget: Budget, report: ProbeReport,
                    stop: threading.Event) -> SourceResult:
        config = sp.record.config
        result = SourceResult(config.name, config.type, config.settings.get("model", ""), "", False,
                              left_out=len(sp.left_out))
        before = (budget.requests, budget.tokens)
        exchanges: list[Exchange] = []
        judged: list[Judged] = []
        index = 0
        failure: SourceError | None = None
        try:
            endpoint = self._endpoint(sp, http)
            result.address, result.local = endpoint.base_url, endpoint.is_local
            for index, probe in enumerate(sp.probes):
                if stop.is_set():
                    result.state, result.left_out = "stopped", result.left_out + len(sp.probes) - index
                    break
                try:
                    answer = self._ask(endpoint, probe, budget)
                except BudgetSpent as exc:
                    result.state, result.error = "stopped", str(exc)
                    result.left_out += len(sp.probes) - index
                    break
                except ModelRefused as exc:
                    if exc.stop:
                        raise
                    judged.append(Judged(probe, "", "", "", error=str(exc)))
                    continue
                if isinstance(answer, Pictures):
                    exchanges.append(answer.exchange)
                    exchanges += [p.download for p in answer.pictures if p.download is not None]
                    report.finds += self._judge_pictures(endpoint, probe, answer, plan)
                else:
                    exchanges.append(answer.exchange)
                    judged.append(judge_text(probe, answer, plan.works[probe.work_id].text))
        except SourceError as exc:
            failure = exc
            result.state, result.error = "failed", str(exc)  # as the run's log keeps it: what happened
            result.left_out += len(sp.probes) - index
        result.requests, result.tokens = budget.requests - before[0], budget.tokens - before[1]
        report.finds += self._record_text(sp, judged, plan)
        report.works += tally(sp, judged, plan, self._alert_line())
        result.log = self._keep_log(config.name, exchanges, result)
        # an endpoint asked nothing (its share went to those before it) keeps the health it had: marked ok, one
        # that failed last time would be asked first again next time
        said = self._health(sp, failure) if failure is not None or result.requests else None
        if failure is not None:
            result.error = said if self.scheduled else tried_once(failure)
        return result

    def _endpoint(self, sp: SourcePlan, http: HttpClient) -> ModelEndpoint:
        config = sp.record.config
        cls = source_class(config.type)
        token_name, token = token_entry(config.type, config.settings), stored_key(config, self.secret)
        address = (config.base_url or cls.DEFAULT_BASE_URL)
        timeout = _seconds(config.settings.get("timeout"), TIMEOUT)
        view = http.configured(source=f"{config.name} ({config.type})", allow_private=is_private_url(address),
                               token_name=token_name, retries=0, read_timeout=timeout, deadline=timeout * 1.5,
                               min_rate=math.inf,  # the endpoint's own timeout is a whole answer's limit
                               secrets=(token,) if token else ())  # never shown, even where a reply repeats it
        endpoint = cls(config, view, [], token)
        assert isinstance(endpoint, ModelEndpoint)
        return endpoint

    def _ask(self, endpoint: ModelEndpoint, probe: Probe, budget: Budget) -> Answer | Pictures:
        """One probe, tried again after a short rate limit or a server fault while the budget allows."""
        for attempt in range(RETRIES + 1):
            if not budget.allows(probe):
                raise BudgetSpent(f"{endpoint.label}: the run's budget ({budget.max_requests} requests, "
                                  f"{budget.max_tokens:,} tokens) is spent; the rest was not sent.")
            budget.spend(probe, None)  # counted before it is sent: a try that fails still counts as a request
            try:
                answer: Answer | Pictures = (endpoint.generate(probe.prompt) if probe.ask is None
                                             else endpoint.complete(probe.ask))
            except RateLimited as exc:
                budget.tokens -= probe.most_tokens
                if attempt == RETRIES or exc.retry_after is None or exc.retry_after > LONGEST_WAIT:
                    raise
                continue  # the shared client holds the host for the Retry-After: the next try waits for it
            except ServerError as exc:
                budget.tokens -= probe.most_tokens
                if attempt == RETRIES:
                    raise
                self.wait(min(LONGEST_WAIT, exc.retry_after if exc.retry_after is not None else 2.0 ** attempt))
                continue
            except BaseException:
                budget.tokens -= probe.most_tokens
                raise
            if isinstance(answer, Answer) and (answer.input_tokens or answer.output_tokens):
                budget.tokens += answer.input_tokens + answer.output_tokens - probe.most_tokens
            return answer
        raise AssertionError("unreachable")  # pragma: no cover

    # -- judging and recording --

    def _alert_line(self) -> float:
        from creatorwatch.core.fingerprint.text import DEFAULT_THRESHOLD

        return load_preferences(self.db).threshold("text", DEFAULT_THRESHOLD)

    def _record_text(self, sp: SourcePlan, judged: list[Judged], plan: RunPlan) -> list[dict[str, Any]]:
        finds = [f for f in (text_find(sp, key_group, plan, self._alert_line())
                             for key_group in _by_key(judged).values()) if f is not None]
        return self._record(finds)

    def _judge_pictures(self, endpoint: ModelEndpoint, probe: Probe, answer: Pictures,
                        plan: RunPlan) -> list[dict[str, Any]]:
        finds: list[Find] = []
        for number, picture in enumerate(answer.pictures, 1):
            matches = self._match_picture(picture.data)
            if not matches and picture.data:
                try:
                    keep_sample(self.db, endpoint.config.name, picture.data, _picture_suffix(picture.data),
                                answer.exchange.at)
                except OSError:
                    log.exception("could not keep a style sample from %s", endpoint.config.name)
            for match in matches:
                url = candidate_url(answer.exchange, answer.model, f"{probe.key}-{number}", probe.work_id)
                facts = {"probe": probe.kind, "prompt": probe.prompt, "model": answer.model, "params": answer.params,
                         "revised_prompt": picture.revised_prompt, "at": answer.exchange.facts()["at"],
                         "endpoint": answer.exchange.url, "asked_about_work": probe.work_id or None}
                evidence = {**match.evidence, **facts, "found_by": "image probe"}
                exchanges = [answer.exchange] + ([picture.download] if picture.download else [])
                finds.append(Find(endpoint.config.name, match.work.id, "image", match.score, url,
                                  f"{answer.model} generated a copy of \u201c{match.work.title}\u201d", probe.prompt,
                                  evidence, exchanges, picture.data, "candidate" + _picture_suffix(picture.data),
                                  facts))
        return self._record(finds)

    def _match_picture(self, data: bytes) -> list[Any]:
        with tempfile.NamedTemporaryFile(suffix=_picture_suffix(data), delete=False) as handle:
            handle.write(data)
        path = Path(handle.name)
        try:
            blob = modality("image").fingerprint_candidate(path)
        except UnreadableMedia:
            return []
        finally:
            path.unlink(missing_ok=True)
        if self._matcher is None:
            self._matcher = Matcher(Library(self.db), cache=self.cache)
        return self._matcher.match_fingerprint("image", blob)

    def _record(self, finds: list[Find]) -> list[dict[str, Any]]:
        recorded = []
        for find in finds:
            with transaction(self.db):
                match_id = record_find(self.db, find)
            if match_id is None:
                continue
            found = {"id": match_id, "type": "match", "work_id": find.work_id, "kind": find.kind,
                     "score": find.score, "candidate_url": find.candidate_url, "source": find.source}
            recorded.append(found)
            self.hub.publish("match_found", **found)
        return recorded

    def _keep_log(self, source: str, exchanges: list[Exchange], result: SourceResult) -> str | None:
        try:
            path = keep_run_log(self.db, source, exchanges, {"source": result.as_json(),
                                                             "kept_at": datetime.now(UTC).isoformat()})
        except OSError:
            log.exception("could not keep the probe log of %s", source)
            return None
        return str(path) if path else None

    def _health(self, sp: SourcePlan, failure: SourceError | None) -> str | None:
        """Record how the endpoint did; the error as kept with its health, if it failed."""
        store, now = SourceStore(self.db), datetime.now(UTC)
        with transaction(self.db):
            if failure is None:
                store.mark_ok(sp.record.id, now)
                return None
            return store.mark_failed(sp.record.id, failure, now, scheduled=self.scheduled).last_error


def _by_key(judged: list[Judged]) -> dict[tuple[int, str], list[Judged]]:
    groups: dict[tuple[int, str], list[Judged]] = {}
    for j in judged:
        groups.setdefault((j.probe.work_id, j.probe.key), []).append(j)
    return groups


def _picture_suffix(data: bytes) -> str:
    if data.startswith(b"\x89PNG"):
        return ".png"
    if data.startswith(b"\xff\xd8"):
        return ".jpg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return ".webp"
    return ".img"


def _seconds(raw: str | None, default: float) -> float:
    try:
        value = float(raw) if raw else default
    except ValueError:
        return default
    return value if 0 < value < 3600 else default


def dumps(report: ProbeReport) -> str:
    return json.dumps(report.as_json(), indent=2, default=str)


def stored_key(config: SourceConfig, secret: Callable[[str], str | None] = get_secret) -> str | None:
    """A model endpoint's key as stored; None with none stored or no keyring to read (a model on this computer
    needs none; a service refuses, and says how to store one)."""
    name = token_entry(config.type, config.settings)
    try:
        return secret(name) if name else None
    except KeyringUnavailable:
        return None
