"""Checks the sources on their own, in the background: one APScheduler job per enabled source, on its interval with
jitter (coalesced, never two at once, forgiving a late start), with last and next runs kept in the data file so
the rhythm survives a restart. A source that fails runs next at its retry time (sooner or later than its interval),
so the "next try" the creator sees is when it really happens. Jobs run Qt-free core code on their own threads and
only publish events. A model endpoint's job asks it about the works enabled for probing there
(core/watch/scheduled_probe.py): weekly unless the source says otherwise, within its per-run budget."""

from __future__ import annotations

import logging
import random
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, EVENT_JOB_MISSED, JobExecutionEvent
from apscheduler.job import Job
from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger

from creatorwatch.core.evidence.takedown import Takedowns
from creatorwatch.core.net.client import HttpClient
from creatorwatch.core.optout.site_watch import reaudit_due
from creatorwatch.core.records.source_store import ConfiguredSource, SourceStore, parse_iso
from creatorwatch.core.sources.registry import UnknownSourceType
from creatorwatch.core.store.db import cannot_store, open_database
from creatorwatch.core.store.events import Event, EventHub
from creatorwatch.core.store.preferences import load_preferences
from creatorwatch.core.watch.due import interval_minutes
from creatorwatch.core.watch.monitor import Monitor
from creatorwatch.core.watch.scheduled_probe import is_model_endpoint, scheduled_probe

log = logging.getLogger(__name__)
JOB_PREFIX = "source:"
TAKEDOWN_JOB = "takedowns"
TAKEDOWN_RECHECK_HOURS = 24
SITE_AUDIT_JOB = "site-audits"
SITE_AUDIT_LOOK_HOURS = 6  # how often to look for watched sites due again (each is audited daily or weekly)


@dataclass(frozen=True)
class _Checked:
    """What a source's check leaves for the after-job listener, which knows the job's next run. Its check_finished
    is held until that next run is kept, so a page that reloads on it shows the next run, not the one just passed."""

    retry: datetime | None = None  # it failed (or still waits out a retry time): run it next then
    finished: list[Event] = field(default_factory=list)
    recorded: bool = True  # False: the data file took nothing (a full disk), nor will it take the next run


class MonitorScheduler:
    """Start it, sync() it after sources change, stop() it on quit (it waits for running checks to end)."""

    def __init__(self, database: Path, *, hub: EventHub | None = None, http: HttpClient | None = None,
                 jitter: float = 0.1, misfire_grace: float = 15 * 60, start_spread: float = 30.0,
                 workers: int = 3, takedown_delay: float = 120.0, cache: Path | None = None) -> None:
        """`jitter` is a fraction of each interval; `start_spread` the most seconds a due source waits at start,
        so a restart does not hit every service at the same moment; `takedown_delay` the seconds before the first
        daily re-check of open takedowns."""
        self.database = database
        self.cache = cache
        self.hub = hub or EventHub()
        self._own_http = http is None
        self.http = http or HttpClient()
        self.jitter, self.start_spread, self.takedown_delay = jitter, start_spread, takedown_delay
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._asked: set[str] = set()  # sources the creator asked to check now: their retry time does not hold them
        self._running: set[str] = set()  # sources being checked this moment (a check asked for then is that one)
        self._models: set[str] = set()  # model endpoints: asked only on their own rhythm or when named
        self._scheduler = BackgroundScheduler(
            timezone=UTC, executors={"default": {"type": "threadpool", "max_workers": workers}},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": int(misfire_grace)},
        )
        self._scheduler.add_listener(self._after_job, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR | EVENT_JOB_MISSED)

    def start(self, paused: bool = False) -> None:
        """Start the jobs; `paused` starts them held (the creator paused monitoring before they last quit), so not
        one overdue check slips out between starting and pausing."""
        self.sync()
        first = datetime.now(UTC) + timedelta(seconds=self.takedown_delay)
        self._scheduler.add_job(self._recheck_takedowns, IntervalTrigger(hours=TAKEDOWN_RECHECK_HOURS, jitter=600),
                                id=TAKEDOWN_JOB, name="re-check takedowns", next_run_time=first, replace_existing=True)
        self._scheduler.add_job(self._reaudit_sites, IntervalTrigger(hours=SITE_AUDIT_LOOK_HOURS, jitter=600),
                                id=SITE_AUDIT_JOB, name="audit watched sites", next_run_time=first,
                                replace_existing=True)
        self._scheduler.start(paused=paused)

    def sync(self) -> None:
        """Bring the jobs in line with the configured sources (added, removed, enabled, new interval)."""
        db = open_database(self.database)
        try:
            sources = {s.config.name: s for s in SourceStore(db).all() if s.config.enabled}
            every = load_preferences(db).check_interval_minutes
        finally:
            db.conn.close()
        self._models = {name for name, source in sources.items() if is_model_endpoint(source)}
        for job in self._source_jobs():
            if job.id.removeprefix(JOB_PREFIX) not in sources:
                job.remove()
        for name, source in sources.items():
            self._schedule(name, source, every)

    def _schedule(self, name: str, source: ConfiguredSource, every: float) -> None:
        """A source's own `interval` wins; otherwise the creator's check interval, but never more often than the
        service's own pace (a monthly crawl index is not asked hourly)."""
        try:
            minutes = interval_minutes(source, every)
        except (ValueError, UnknownSourceType):
            log.warning("source %s: cannot schedule it (unknown type or bad interval)", name)
            return
        trigger = IntervalTrigger(minutes=minutes, jitter=max(1, int(minutes * 60 * self.jitter)), timezone=UTC)
        job = self._scheduler.get_job(JOB_PREFIX + name)
        if job is not None and job.trigger.interval == trigger.interval:
            return
        now = datetime.now(UTC)
        persisted = parse_iso(source.health.next_run)
        soon = now + timedelta(seconds=random.uniform(0, self.start_spread))
        last = parse_iso(source.health.last_run)  # checked from the command line, say, while the window was shut:
        due = max(soon, last + timedelta(minutes=minutes)) if last else soon  # not asked again until it is due
        # the next run kept at the last quit carries on the rhythm (its jitter too), but only one planned on this
        # interval: a new one (chosen in Settings, or on the command line while the window was shut) counts from
        # the last check, or from now if it is overdue
        band = timedelta(seconds=trigger.jitter or 0)
        on_this_interval = last is None or (persisted is not None and abs(persisted - due) <= band)
        first = persisted if job is None and persisted and persisted > now and on_this_interval else due
        retry = parse_iso(source.health.retry_at)
        if retry:  # a failing source is asked again at its retry time: not before (a service's Retry-After), and
            first = max(retry, soon)  # not an interval after it failed either (a check from the command line)
        self._scheduler.add_job(self._check, trigger, args=[name], id=JOB_PREFIX + name, name=f"check {name}",
                                next_run_time=first, replace_existing=True)
        if first != persisted:  # the Overview's "Next check" reads it from the data file, before the first run too
            self._persist_next_run(name, first, announce=False)  # "schedule_changed" means a run finished

    def _check(self, name: str) -> _Checked:
        if self._stop.is_set():
            return _Checked()
        with self._lock:
            asked = name in self._asked
            self._asked.discard(name)
            self._running.add(name)
        try:
            return self._check_running(name, asked)
        finally:
            with self._lock:
                self._running.discard(name)

    def _check_running(self, name: str, asked: bool) -> _Checked:
        held: list[Event] = []

        def forward(event: Event) -> None:
            if event.name == "check_finished":
                held.append(event)
            else:
                self.hub.publish(event.name, **event.data)

        hub = EventHub()
        hub.subscribe(forward)
        try:
            return self._check_recorded(name, asked, hub, held)
        except Exception as exc:
            said = cannot_store(exc, self.database)
            if said is None:
                raise
            # the data file cannot be written (a full disk): nothing of the check could be recorded, so it is said
            self.hub.publish("check_failed", source=name, text=str(said))
            return _Checked(recorded=False)  # its next run is the interval's own, kept in memory

    def _check_recorded(self, name: str, asked: bool, hub: EventHub, held: list[Event]) -> _Checked:
        db = open_database(self.database)
        try:
            source = SourceStore(db).get(name)
            if source is not None and is_model_endpoint(source):  # asked about the works, rarely, not polled
                probed = scheduled_probe(db, name, http=self.http, hub=hub, stop=self._stop, cache=self.cache,
                                         respect_retry=not asked)
                return _Checked(probed.retry_at, held)
            summary = Monitor(db, http=self.http, hub=hub, cache=self.cache, scheduled=True).check(
                [name], respect_retry=not asked, stop=self._stop)
        finally:
            db.conn.close()
        return _Checked(next((parse_iso(o.retry_at) for o in summary.sources if o.name == name), None), held)

    def _recheck_takedowns(self) -> None:
        """Once a day: has each infringing URL under an open takedown gone (404/410) or stopped matching?"""
        if self._stop.is_set():
            return
        db = open_database(self.database)
        try:
            Takedowns(db, self.hub).recheck(self.http)
        finally:
            db.conn.close()

    def _reaudit_sites(self) -> None:
        """Audit again the creator's watched sites that are due; a weakened opt-out is published as an alert."""
        if self._stop.is_set():
            return
        db = open_database(self.database)
        try:
            reaudit_due(db, self.http, self.hub)
        finally:
            db.conn.close()

    def _source_jobs(self) -> list[Job]:
        return [job for job in self._scheduler.get_jobs() if job.id.startswith(JOB_PREFIX)]

    def _after_job(self, event: JobExecutionEvent) -> None:
        if event.exception is not None:
            log.error("scheduled job %s failed", event.job_id, exc_info=event.exception)
        if not event.job_id.startswith(JOB_PREFIX):
            return
        checked = event.retval if isinstance(event.retval, _Checked) else _Checked()
        try:
            if checked.recorded:
                self._keep_next_run(event.job_id, checked.retry)
        finally:
            for held in checked.finished:
                self.hub.publish(held.name, **held.data)

    def _keep_next_run(self, job_id: str, retry: datetime | None) -> None:
        with self._lock:  # stop() holds it while it sets _stop, so no job callback is inside the scheduler then
            if self._stop.is_set():
                return  # stop() persists every next run itself; asking the scheduler now would deadlock its shutdown
            job = self._scheduler.get_job(job_id)
            if job is not None and retry is not None:
                job = self._run_at(job, retry)
        self._persist_next_run(job_id.removeprefix(JOB_PREFIX), job.next_run_time if job else None)

    def _run_at(self, job: Job, retry: datetime) -> Job | None:
        """Move a failed source's next run to its retry time: sooner than its interval (a daily source retried in
        minutes) or later (a Retry-After longer than the interval). A success leaves the interval's own next run."""
        when = max(retry, datetime.now(UTC))
        if job.next_run_time == when:
            return job
        try:
            return self._scheduler.modify_job(job.id, next_run_time=when)
        except JobLookupError:  # removed meanwhile (the source was deleted or turned off)
            return None

    def _persist_next_run(self, name: str, when: datetime | None, *, announce: bool = True) -> None:
        try:
            db = open_database(self.database)
            try:
                SourceStore(db).set_next_run(name, when)
            finally:
                db.conn.close()
        except Exception as exc:  # a read-only or full disk: the next run is kept in memory, and runs all the same
            if cannot_store(exc, self.database) is None:
                raise
            log.info("could not note the next check of %s (%s)", name, cannot_store(exc, self.database))
        if announce:
            self.hub.publish("schedule_changed", source=name, next_run=when.isoformat() if when else None)

    # -- control --

    def next_runs(self) -> dict[str, datetime | None]:
        return {job.id.removeprefix(JOB_PREFIX): job.next_run_time for job in self._source_jobs()}

    def pause(self) -> None:
        """Stop starting checks (a running one finishes)."""
        self._scheduler.pause()

    def resume(self) -> None:
        self._scheduler.resume()

    @property
    def paused(self) -> bool:
        from apscheduler.schedulers.base import STATE_PAUSED

        return bool(self._scheduler.state == STATE_PAUSED)

    def check_now(self, name: str | None = None) -> list[str]:
        """Run the named source's check (or every source's) as soon as a worker is free (once resumed, if paused),
        also a failing one before its retry time: the creator asked. (A host that sent Retry-After stays held by
        the shared HTTP client, so it is still not asked again early.) "Every source" leaves out model endpoints:
        a probe sends excerpts and costs money, so it runs on its weekly rhythm or when that endpoint is named.
        Returns the sources this check reports on: those asked, and those already being checked."""
        now = datetime.now(UTC)
        jobs = [job for job in self._source_jobs() if job.id.removeprefix(JOB_PREFIX) == name
                or (name is None and job.id.removeprefix(JOB_PREFIX) not in self._models)]
        covered = [job.id.removeprefix(JOB_PREFIX) for job in jobs]
        with self._lock:  # one being checked this moment is that check: asked again, the scheduler skips it, and
            jobs = [job for job in jobs if job.id.removeprefix(JOB_PREFIX) not in self._running]  # warns it did
            self._asked.update(job.id.removeprefix(JOB_PREFIX) for job in jobs)
        for job in jobs:
            job.modify(next_run_time=now)
        return covered

    def stop(self) -> None:
        """Stop cleanly: no new checks, running ones end at their next step, every thread joined."""
        with self._lock:
            self._stop.set()
        if self._scheduler.running:
            for name, when in self.next_runs().items():
                self._persist_next_run(name, when)
            self._scheduler.shutdown(wait=True)
        if self._own_http:
            self.http.close()
