"""One check cycle: poll each source → keep only what was not seen before → fetch media within the caps →
fingerprint and match → record candidates, matches and likeness mentions → publish events.

Network and fingerprinting run on a small pool, each poll and each download its own task, so a slow or dead
source never delays the others; everything touching the data file stays on the calling thread, and each source's
findings, cursor and health are written in one transaction.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlite_utils

from creatorwatch.core.errors import NOT_ALLOWED_TO_READ, KeyringUnavailable, SourceError, UnreadableMedia
from creatorwatch.core.evidence.candidate_provenance import (
    library_ingredients,
    provenance_of,
    save_provenance,
    with_ingredient_proof,
)
from creatorwatch.core.evidence.capture import (
    keep_file_for_match,
    keep_for_match,
    keep_text_for_match,
    stage_capture,
)
from creatorwatch.core.evidence.exchange import StagedCapture
from creatorwatch.core.files.textread import read_text
from creatorwatch.core.fingerprint.base import Hit
from creatorwatch.core.fingerprint.registry import modality
from creatorwatch.core.library.sniff import sniff_file
from creatorwatch.core.library.works import Library, sha256_file
from creatorwatch.core.matching.match import Matcher
from creatorwatch.core.net.client import HttpClient
from creatorwatch.core.net.guard import host_name, is_private_url, web_address
from creatorwatch.core.records.allowlist import Allowlist
from creatorwatch.core.records.findings import record_match, record_mention
from creatorwatch.core.records.host_holds import held_hosts, keep_held_hosts
from creatorwatch.core.records.source_store import ConfiguredSource, SourceProblem, SourceStore, iso, parse_iso
from creatorwatch.core.records.terms import Terms, most_specific, terms_named
from creatorwatch.core.sources.base import Candidate, PollResult, Source
from creatorwatch.core.sources.registry import source_class, token_wanted
from creatorwatch.core.store.atomic import owned_temp_folder
from creatorwatch.core.store.db import cannot_store, file_of, transaction
from creatorwatch.core.store.events import EventHub
from creatorwatch.core.store.preferences import load_preferences
from creatorwatch.core.store.process_locks import claimed, data_folder
from creatorwatch.core.store.secrets import get_secret
from creatorwatch.core.voice.installed import voice_installed
from creatorwatch.core.voice.kept import dump_segments, keep_same_voice, keep_voice
from creatorwatch.core.voice.matcher import VoiceMatcher, speech_segments, voice_matcher
from creatorwatch.core.watch.rescan import (
    RescanSummary,
    mark_rescanned,
    remember_print,
    remember_same_content,
    rescan,
    rescan_new_works,
)
from creatorwatch.core.wording.held_host import held_host
from creatorwatch.core.wording.retry import tried_once

log = logging.getLogger(__name__)

# A connector failing with one of these read an answer whose fields were not what the API promises.
SHAPE_ERRORS = (KeyError, TypeError, AttributeError, IndexError, ValueError, RecursionError)
CHECK_FOLDER_PREFIX = "creatorwatch-check-"
TEXT_MATCH_MIN_CHARS = 400  # shorter texts (titles, captions) are only searched for watch terms
STORED_TEXT_CHARS = 20_000
MENTION_MAX_CHARS = 1_000_000  # of a text file's words searched for watch terms
READ_ATTEMPTS = 5  # a candidate whose file could not be fetched or read is tried on later checks, this often in all
SLOW_NOTICE_SECONDS = 30.0  # a source still not done this long after it started is said to be answering slowly
BUSY = ("another check is reading this source right now (the window, `creatorwatch run` or another "
        "`creatorwatch check`); its finds are recorded by that check. Check again when it has finished.")
RESCAN_CLAIM = "matching new works against items seen before"  # one process at a time does it
READ_AGAIN_DAYS = 7  # ... and only this long after it was first seen; then it is given up, its reason kept


@dataclass
class SourceOutcome:
    """What one source's check came to; `state` is its health afterwards (or "skipped", "stopped")."""

    name: str
    type: str
    state: str
    new: int = 0
    matches: int = 0
    mentions: int = 0
    problems: int = 0  # new candidates whose media could not be fetched or read
    unreadable: list[dict[str, str]] = field(default_factory=list)  # those candidates: url and reason, to name them
    error: str | None = None
    retry_at: str | None = None

    def as_json(self) -> dict[str, Any]:
        return dict(vars(self))

    def publish(self, hub: EventHub) -> None:
        data = self.as_json()
        hub.publish("source_checked", source=data.pop("name"), **data)


@dataclass
class CheckSummary:
    sources: list[SourceOutcome]
    rescan: RescanSummary | None = None  # remembered candidates matched against works added since the last check

    def total(self, what: str) -> int:
        return sum(getattr(outcome, what) for outcome in self.sources)

    @property
    def failed(self) -> list[SourceOutcome]:
        return [o for o in self.sources if o.state in ("failing", "waiting_for_token")]

    @property
    def busy(self) -> list[SourceOutcome]:
        """Sources another check was reading at the time: this one did not read them."""
        return [o for o in self.sources if o.state == "busy"]

    def as_json(self) -> dict[str, Any]:
        """"matches" is every match this check recorded, the rescan's among them (a script reading it missed those);
        each source's own and "rescan" say where they came from."""
        found_again = self.rescan.matches if self.rescan else 0
        return {"sources": [o.as_json() for o in self.sources], "new": self.total("new"),
                "matches": self.total("matches") + found_again, "mentions": self.total("mentions"),
                "problems": self.total("problems"), "failed": [o.name for o in self.failed],
                "busy": [o.name for o in self.busy],
                "unreadable": [{"source": o.name, **item} for o in self.sources for item in o.unreadable],
                "rescan": self.rescan.as_json() if self.rescan else None}


@dataclass
class _Media:
    """A candidate's media after download and fingerprinting (in a worker)."""

    sha256: str | None = None
    kind: str | None = None
    blob: bytes | None = None
    known: bool = False  # the same content was recorded in an earlier check: reuse its matches
    problem: str | None = None
    capture: StagedCapture | None = None  # the response as fetched, kept as evidence if a match is recorded
    voices: tuple[Hit, ...] = ()  # enrolled voices heard in it (audio only, with the voice extra)
    voice: bytes | None = None  # its speech segments, kept for voices enrolled later (core/voice/kept.py)
    words: str = ""  # a text file's own words, searched for the watch terms
    provenance: dict[str, Any] | None = None  # what the file says about where it came from (images)
    path: Path | None = None  # a picture's file, kept until it is matched: read again for a collage's other pictures


@dataclass
class _Run:
    """One source during this check."""

    record: ConfiguredSource
    source: Source
    http: HttpClient
    private_ok: bool
    poll: PollResult | None = None
    fresh: list[Candidate] = field(default_factory=list)
    media: dict[int, _Media] = field(default_factory=dict)  # index in fresh → result
    pending: int = 0
    again: set[str] = field(default_factory=set)  # URLs in `fresh` tried again: their file could not be read before

    @property
    def name(self) -> str:
        return self.record.config.name


class Monitor:
    """Runs check cycles over the sources configured in `db` (use it on the thread that opened `db`)."""

    def __init__(self, db: sqlite_utils.Database, *, http: HttpClient | None = None, hub: EventHub | None = None,
                 workers: int = 4, secret: Callable[[str], str | None] = get_secret,
                 cache: Path | None = None, scheduled: bool = False,
                 slow_after: float = SLOW_NOTICE_SECONDS) -> None:
        """`scheduled`: the scheduler runs these checks, and tries a failed source again at its retry time, so its
        messages say so; a command's check tries once, and says what running it again can do. `slow_after`: the
        seconds after which a source not yet done is announced as slow ("source_slow"), so a check that waits on a
        trickling server does not sit silent for minutes."""
        self.db = db
        self.scheduled = scheduled
        self.store = SourceStore(db)
        self.hub = hub or EventHub()
        self.workers = workers
        self.secret = secret
        self._http = http
        self._matcher: Matcher | None = None
        self._cache = cache
        self._voices: VoiceMatcher | None = None
        self._keep_voices = False  # keep audio candidates' voices for voices enrolled later
        self.slow_after = slow_after

    def check(self, names: Sequence[str] | None = None, *, respect_retry: bool = False,
              stop: threading.Event | None = None) -> CheckSummary:
        """Check the named sources (default: every enabled one) once and record what they find.
        With `respect_retry` (the scheduler), a failing source is skipped until its next-retry time."""
        stop = stop or threading.Event()
        records = self._chosen(names)
        folder = data_folder(self.db)
        # another check (the window, `creatorwatch run`, a second `creatorwatch check`) may be reading some of them
        with claimed(folder, [r.config.name for r in records]) as mine:
            return self._check_claimed(records, mine, folder, respect_retry, stop)

    def _check_claimed(self, records: list[ConfiguredSource], mine: set[str], folder: Path | None,
                       respect_retry: bool, stop: threading.Event) -> CheckSummary:
        """The check of the sources this process claimed (`mine`); the others are being read by another check."""
        outcomes: dict[str, SourceOutcome] = {}
        for rec in records:
            if rec.config.name not in mine:
                self._busy(rec, respect_retry, outcomes)
        http = self._http or HttpClient()
        view = http.configured(stop=stop)  # the stop reaches every wait and read of every request
        http.restore_refusals(held_hosts(self.db))  # a host that asked another check process to wait is not asked
        try:
            with claimed(folder, [RESCAN_CLAIM]) as rescanning:  # another process doing it takes these works too
                rescanned = rescan_new_works(self.db, hub=self.hub, cache=self._cache, http=view) \
                    if rescanning else None
            runs = [run for rec in records if rec.config.name in mine
                    and (run := self._prepare_run(rec, view, respect_retry, outcomes))]
            self._voices = voice_matcher(self.db)  # read here: the workers that use it have no connection
            self._keep_voices = voice_installed() and load_preferences(self.db).remember_voices
            self.hub.publish("check_started", sources=[r.name for r in runs])
            with owned_temp_folder(CHECK_FOLDER_PREFIX) as workdir:  # a killed check's folder is swept at start
                self._run_all(runs, Terms(self.db).all(), workdir, stop, outcomes)
            keep_held_hosts(self.db, http.refusals())
        finally:
            if self._http is None:
                http.close()
        summary = CheckSummary([outcomes[r.config.name] for r in records if r.config.name in outcomes], rescanned)
        self.hub.publish("check_finished", **summary.as_json())
        return summary

    def rescan(self) -> RescanSummary:
        """Match every remembered candidate against the library as it is now and record the new finds."""
        started = datetime.now(UTC).isoformat(timespec="seconds")  # works added from now on wait their turn
        summary = rescan(self.db, hub=self.hub, cache=self._cache, http=self._http)
        mark_rescanned(self.db, started)
        return summary

    def rescan_new_works(self) -> RescanSummary | None:
        """Works added since the last check (from the window, the command line or a script) are matched against
        the candidates already seen, before this check looks for new ones."""
        return rescan_new_works(self.db, hub=self.hub, cache=self._cache, http=self._http)

    # -- choosing and preparing sources --

    def _chosen(self, names: Sequence[str] | None) -> list[ConfiguredSource]:
        if not names:
            return [s for s in self.store.all() if s.config.enabled]
        chosen = []
        for name in names:
            found = self.store.get(name)
            if found is None:
                raise SourceProblem(f"There is no source called {name!r}. See them with: creatorwatch sources")
            chosen.append(found)
        return chosen

    def _prepare_run(self, rec: ConfiguredSource, http: HttpClient, respect_retry: bool,
                     outcomes: dict[str, SourceOutcome]) -> _Run | None:
        config, now = rec.config, datetime.now(UTC)
        retry_at = parse_iso(rec.health.retry_at)
        if respect_retry and retry_at and retry_at > now:
            outcomes[config.name] = SourceOutcome(config.name, config.type, "skipped", retry_at=rec.health.retry_at)
            return None
        try:
            cls = source_class(config.type)
            token_name = config.settings.get("secret") or cls.TOKEN
            token = self._token(token_name)
        except KeyringUnavailable as exc:
            if cls.needs_token(config):  # its token cannot be read: it waits for one, as with none stored
                self._cannot_start(rec, f"{config.name} ({config.type}): {exc}", outcomes, waiting=True)
                return None
            token = None  # the token is optional: without a keyring, check without one
        except SourceError as exc:
            self._cannot_start(rec, str(exc), outcomes)
            return None
        label = f"{config.name} ({config.type})"
        if message := token_wanted(config, token):
            self._cannot_start(rec, message, outcomes, waiting=True)
            return None
        address = config.base_url or config.settings.get("url") or cls.DEFAULT_BASE_URL
        if address and (refused := http.refusal(address)):
            self._held(rec, address, *refused, respect_retry, outcomes)
            return None
        private_ok = bool(address) and is_private_url(address)
        self.store.redact.add(token)  # never shown in a message or stored error, by any source
        changes: dict[str, Any] = {"source": label, "allow_private": private_ok, "token_name": token_name,
                                   "source_name": config.name, "secrets": (token,) if token else ()}
        if config.settings.get("max_bytes", "").isdigit():
            changes["max_bytes"] = int(config.settings["max_bytes"])
        view = http.configured(**changes)
        terms = Terms(self.db).all()
        return _Run(rec, cls(config, view, terms, token), view, private_ok)

    def _held(self, rec: ConfiguredSource, address: str, by: str, until: float, respect_retry: bool,
              outcomes: dict[str, SourceOutcome]) -> None:
        """The source's host asked CreatorWatch to wait (this source or another on it was refused): it is not asked
        before that time, in this process or another. A command's check says so and fails; the scheduler skips."""
        config, retry_at = rec.config, iso(datetime.fromtimestamp(until, UTC))
        if respect_retry:
            outcomes[config.name] = SourceOutcome(config.name, config.type, "skipped", retry_at=retry_at)
            return
        message = held_host(f"{config.name} ({config.type})", host_name(address), until, by, config.name)
        outcome = SourceOutcome(config.name, config.type, "failing", error=message, retry_at=retry_at)
        outcomes[config.name] = outcome
        outcome.publish(self.hub)

    def _busy(self, rec: ConfiguredSource, respect_retry: bool, outcomes: dict[str, SourceOutcome]) -> None:
        """Another check of this data folder is reading the source right now and records its finds: a check the
        creator asked for says so (it counted those finds as nothing new and told "0 matches"); the scheduler's
        own timed run skips it quietly."""
        config = rec.config
        if self.scheduled and respect_retry:
            outcomes[config.name] = SourceOutcome(config.name, config.type, "skipped")
            return
        outcome = SourceOutcome(config.name, config.type, "busy", error=f"{config.name} ({config.type}): {BUSY}")
        outcomes[config.name] = outcome
        outcome.publish(self.hub)

    def _token(self, name: str | None) -> str | None:
        return self.secret(name) if name else None

    def _cannot_start(self, rec: ConfiguredSource, message: str, outcomes: dict[str, SourceOutcome],
                      waiting: bool = False) -> None:
        now = datetime.now(UTC)
        with transaction(self.db):
            if waiting:
                self.store.mark_waiting_for_token(rec.id, message, now)
                state, retry = "waiting_for_token", None
            else:
                health = self.store.mark_failed(rec.id, SourceError(message), now, scheduled=self.scheduled)
                state, retry = health.state, health.retry_at
        outcome = SourceOutcome(rec.config.name, rec.config.type, state, error=self.store.redact(message),
                                retry_at=retry)
        outcomes[rec.config.name] = outcome
        outcome.publish(self.hub)

    # -- the cycle --

    def _run_all(self, runs: list[_Run], terms: list[str], workdir: Path, stop: threading.Event,
                 outcomes: dict[str, SourceOutcome]) -> None:
        known = self._known_hashes()
        claimed: set[str] = set()  # candidate URLs taken by a source in this cycle
        with ThreadPoolExecutor(self.workers, thread_name_prefix="creatorwatch-check") as pool:
            pending: dict[Future[Any], tuple[_Run, int | None]] = {}
            for run in runs:
                self.hub.publish("source_started", source=run.name)
                pending[pool.submit(run.source.poll, self.store.cursor(run.record.id))] = (run, None)
            slow = _SlowNotice(runs, self.slow_after, self.hub)
            while pending:
                done, _ = wait(pending, timeout=slow.timeout(outcomes), return_when=FIRST_COMPLETED)
                for future in done:
                    run, index = pending.pop(future)
                    if index is None:
                        if not self._polled(run, future, claimed, outcomes, stop):
                            continue
                        for i, candidate in enumerate(run.fresh):
                            task = pool.submit(self._fetch, run, candidate, known, workdir, stop)
                            pending[task] = (run, i)
                            run.pending += 1
                    else:
                        run.media[index] = future.result()
                        run.pending -= 1
                    if run.pending == 0:
                        outcomes[run.name] = self._finish(run, terms, stop)
                slow.announce(outcomes)

    def _polled(self, run: _Run, future: Future[Any], claimed: set[str], outcomes: dict[str, SourceOutcome],
                stop: threading.Event) -> bool:
        try:
            run.poll = future.result()
        except Exception as exc:
            if stop.is_set():  # stopped by the creator: not a failure of the source
                outcomes[run.name] = SourceOutcome(run.name, run.record.config.type, "stopped")
                return False
            if isinstance(exc, SHAPE_ERRORS):  # the answer parsed, but its fields are not what the API promises
                log.warning("the %s connector got an unexpected shape: %s", run.record.config.type,
                            self.store.redact("".join(traceback.format_exception(exc))))
                exc = SourceError(f"{run.http.label}: answered in an unexpected shape (a value missing or of the "
                                  "wrong kind).", passing=True)
            elif not isinstance(exc, SourceError):
                log.error("the %s connector failed: %s", run.record.config.type,
                          self.store.redact("".join(traceback.format_exception(exc))))
                exc = SourceError(f"{run.http.label}: failed unexpectedly ({type(exc).__name__}: {exc}). "
                                  "This is a fault in CreatorWatch; the log has the details.")
            outcomes[run.name] = self._failed(run, exc)
            return False
        assert run.poll is not None
        offered = [_fetchable(c) for c in run.poll.candidates]
        run.fresh = [c for c in self._unseen(run, offered) if c.url not in claimed]
        claimed.update(c.url for c in run.fresh)
        return True

    def _failed(self, run: _Run, error: SourceError) -> SourceOutcome:
        with transaction(self.db):
            health = self.store.mark_failed(run.record.id, error, datetime.now(UTC), scheduled=self.scheduled)
        said = health.last_error if self.scheduled else self.store.redact(tried_once(error))
        outcome = SourceOutcome(run.name, run.record.config.type, health.state, error=said, retry_at=health.retry_at)
        outcome.publish(self.hub)
        return outcome

    def _unseen(self, run: _Run, candidates: Iterable[Candidate]) -> list[Candidate]:
        """Candidates not recorded before (or whose content changed: a new `revision`), each URL once, then this
        source's earlier candidates whose file could not be fetched or read, while they have attempts and days
        left (a source's cursor never offers them again): a server's passing failure must not lose a find."""
        by_url: dict[str, Candidate] = {}
        for candidate in candidates:
            by_url.setdefault(candidate.url, candidate)
        urls = list(by_url)
        stored: dict[str, str | None] = {}
        for start in range(0, len(urls), 500):
            chunk = urls[start:start + 500]
            marks = ",".join("?" * len(chunk))
            stored.update(self.db.execute(f"SELECT url, revision FROM candidates WHERE url IN ({marks})", chunk))
        fresh = [c for url, c in by_url.items()
                 if url not in stored or (c.meta.get("revision") and stored[url] != c.meta.get("revision"))]
        since = iso(datetime.now(UTC) - timedelta(days=READ_AGAIN_DAYS))
        offered = {c.url for c in fresh}
        for url, title, text, media_url, published, meta in self.db.execute(
                "SELECT url, title, text, media_url, published, meta FROM candidates WHERE source = ? AND problem"
                " IS NOT NULL AND media_url IS NOT NULL AND attempts < ? AND first_seen >= ? ORDER BY id",
                [run.name, READ_ATTEMPTS, since]):
            if url not in offered:
                fresh.append(Candidate(url, run.name, title, text, media_url, published=published,
                                       meta=json.loads(meta)))
                run.again.add(url)
        return fresh

    def _known_hashes(self) -> frozenset[str]:
        return frozenset(row[0] for row in self.db.execute("SELECT DISTINCT sha256 FROM candidates WHERE sha256 "
                                                           "IS NOT NULL"))

    # -- in a worker: download and fingerprint one candidate --

    def _fetch(self, run: _Run, candidate: Candidate, known: frozenset[str], workdir: Path,
               stop: threading.Event) -> _Media:
        if stop.is_set():
            return _Media(problem="the check was stopped")
        if candidate.unreadable is not None:
            return _Media(problem=candidate.unreadable)
        try:  # one boundary: whatever goes wrong with one candidate is that candidate's problem, and the run goes on
            if candidate.path is not None:
                return _fingerprint(candidate.path, known, self._voices, self._keep_voices)
            if candidate.media_url:
                return self._fetch_media(run, candidate.media_url, known, workdir)
            if len(candidate.text) >= TEXT_MATCH_MIN_CHARS:
                return _fingerprint_text(candidate.text, known, workdir)
        except (SourceError, UnreadableMedia) as exc:
            return _Media(problem=self.store.redact(str(exc)))
        except PermissionError:  # the folder source offers it again once that is mended
            return _Media(problem=NOT_ALLOWED_TO_READ)
        except OSError as exc:
            return _Media(problem=f"could not be read ({exc.strerror or exc})")
        except Exception as exc:
            log.warning("candidate %s could not be read: %s", self.store.redact(candidate.url),
                        self.store.redact("".join(traceback.format_exception(exc))))
            return _Media(problem=self.store.redact(f"could not be read ({type(exc).__name__}: {exc})"[:300]))
        return _Media()

    def _fetch_media(self, run: _Run, url: str, known: frozenset[str], workdir: Path) -> _Media:
        if not run.private_ok and is_private_url(url):
            return _Media(problem=f"{url} is in a private or local network; a public source may not point there")
        with tempfile.NamedTemporaryFile(dir=workdir, delete=False) as handle:
            path = Path(handle.name)
        try:
            staged = stage_capture(run.http.download(url, path))
            media = _fingerprint(path, known, self._voices, self._keep_voices)
            return replace(media, capture=staged, path=staged.body_path if media.path is not None else None)
        finally:
            path.unlink(missing_ok=True)

    # -- back on the calling thread: match and record --

    def _finish(self, run: _Run, terms: list[str], stop: threading.Event) -> SourceOutcome:
        config = run.record.config
        if stop.is_set():
            return SourceOutcome(run.name, config.type, "stopped")
        assert run.poll is not None
        outcome = SourceOutcome(run.name, config.type, "ok", new=len(run.fresh) - len(run.again))
        found: list[dict[str, Any]] = []
        now = datetime.now(UTC)
        kept: list[Path] = []  # the capture folders written, taken back if what names them is not recorded
        try:
            with transaction(self.db):
                for i, candidate in enumerate(run.fresh):
                    media = run.media.get(i, _Media())
                    if media.problem is not None:
                        outcome.unreadable.append({"url": candidate.url, "reason": media.problem})
                    found += self._record_candidate(candidate, media, terms, iso(now), kept)
                self.store.save_cursor(run.record.id, run.poll.cursor)
                if run.source.POLLED:  # a model endpoint was asked nothing: it is not "ok" for that
                    self.store.mark_ok(run.record.id, now)
        except Exception as exc:
            return self._not_recorded(run, exc, kept)
        outcome.problems = len(outcome.unreadable)
        licensed = set(Allowlist(self.db).license_covered())  # the creator's licensed uses never alert
        found = [f for f in found if f["id"] not in licensed]
        outcome.matches = sum(f["type"] == "match" for f in found)
        outcome.mentions = len(found) - outcome.matches
        for finding in found:
            self.hub.publish("match_found" if finding["type"] == "match" else "mention_found", **finding)
        outcome.publish(self.hub)
        return outcome

    def _not_recorded(self, run: _Run, exc: Exception, kept: list[Path]) -> SourceOutcome:
        """The check's findings could not be saved (a full disk): the capture folders it wrote go with them, so they
        neither fill the disk further nor lie there unlisted, and the reason is kept as the source's latest problem,
        where the creator looks, once that space is free. Raised again if even that cannot be saved."""
        for folder in kept:
            shutil.rmtree(folder, ignore_errors=True)
        said = cannot_store(exc, file_of(self.db))
        if said is None:
            raise exc
        try:
            return self._failed(run, SourceError(str(said)))
        except Exception:
            log.warning("could not record that %s was not checked (%s)", run.name, said)
            raise exc from None

    def _record_candidate(self, c: Candidate, media: _Media, terms: list[str], now: str,
                          kept: list[Path]) -> list[dict[str, Any]]:
        candidate_id = self._upsert_candidate(c, media, now)
        proof = library_ingredients(self.db, media.provenance)  # its credentials name a work: proof of use
        save_provenance(self.db, candidate_id, media.provenance, media.sha256 if media.known else None)
        _remember(self.db, candidate_id, media, now)
        base = {"candidate_url": c.url, "source": c.source}
        found = []
        for work_id, kind, score, evidence in with_ingredient_proof(self.db, self._matches_for(media), proof):
            match_id = record_match(self.db, candidate_id, work_id, kind, score, evidence, now)
            if match_id is not None:
                titled = self.db.execute("SELECT title FROM works WHERE id = ?", [work_id]).fetchone()
                found.append({"id": match_id, "type": "match", "work_id": work_id, "kind": kind, "score": score,
                              "work_title": titled[0] if titled else "", **base})  # an alert names the work
        named = most_specific(terms_named(_words_of(c, media), terms))
        mention_id = record_mention(self.db, candidate_id, named, now)
        if mention_id is not None:
            found.append({"id": mention_id, "type": "mention", "term": named[0], "score": 1.0, **base})
        capture = None
        if found and media.capture is not None:  # a mention's evidence is the words that name the creator: kept too
            capture = keep_for_match(self.db, media.capture, c.url)
        elif found and c.path is not None:
            capture = keep_file_for_match(self.db, c.path, c.url, expected_sha256=media.sha256)
        elif found and c.text:  # words read from a page, a post or an API's listing (a model card that names the
            capture = keep_text_for_match(self.db, c.text, c.url)  # creator), not a file fetched
        if capture is not None:
            kept.append(capture.folder)
        return found

    def _upsert_candidate(self, c: Candidate, media: _Media, now: str) -> int:
        self.db.execute(
            "INSERT INTO candidates (url, source, title, text, media_url, sha256, revision, published, meta,"
            " first_seen, problem) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET"
            " title = excluded.title, text = excluded.text, media_url = excluded.media_url,"
            " sha256 = excluded.sha256, revision = excluded.revision, meta = excluded.meta,"
            " problem = excluded.problem,"
            " attempts = CASE WHEN candidates.problem IS NULL THEN 1 ELSE candidates.attempts + 1 END",
            [c.url, c.source, c.title, c.text[:STORED_TEXT_CHARS], c.media_url, media.sha256,
             c.meta.get("revision"), c.published, json.dumps(c.meta, default=str), now, media.problem])
        return int(self.db.execute("SELECT id FROM candidates WHERE url = ?", [c.url]).fetchone()[0])

    def _matches_for(self, media: _Media) -> list[tuple[int, str, float, str]]:
        if media.known and media.sha256:
            return list(self.db.execute(
                "SELECT DISTINCT m.work_id, m.kind, m.score, m.evidence FROM matches m JOIN candidates c"
                " ON c.id = m.candidate_id WHERE c.sha256 = ? AND m.type = 'match' AND m.work_id IS NOT NULL",
                [media.sha256]))
        if media.kind is None or media.blob is None:
            return []
        if self._matcher is None:
            self._matcher = Matcher(Library(self.db), cache=self._cache)
        voices = [(hit.work_id, "voice", hit.score, json.dumps(hit.evidence)) for hit in media.voices]
        again = media.path if media.path is not None and media.path.is_file() else None
        return [(m.work.id, m.kind, m.score, json.dumps(m.evidence))
                for m in self._matcher.match_fingerprint(media.kind, media.blob, again, media.sha256)] + voices


class _SlowNotice:
    """Says once of each source still not done `after` seconds into the check that it is answering slowly."""

    def __init__(self, runs: list[_Run], after: float, hub: EventHub) -> None:
        self.waiting = {run.name for run in runs}
        self.due = time.monotonic() + after
        self.hub = hub

    def timeout(self, outcomes: dict[str, SourceOutcome]) -> float | None:
        """How long the check may wait for a result before it looks at who is slow (None: no one is left to tell)."""
        self.waiting -= outcomes.keys()
        return max(0.0, self.due - time.monotonic()) if self.waiting else None

    def announce(self, outcomes: dict[str, SourceOutcome]) -> None:
        self.waiting -= outcomes.keys()
        if self.waiting and time.monotonic() >= self.due:
            for name in sorted(self.waiting):
                self.hub.publish("source_slow", source=name)
            self.waiting.clear()


def _fetchable(candidate: Candidate) -> Candidate:
    """A candidate whose file address, as its source's server sent it, is malformed ("http://[::1:bad/x.jpg"):
    that one candidate is unreadable, said at once in plain words and not tried again (it never will work), while
    its words are still searched and the rest of the answer is read. Every source's answers pass through here."""
    if not candidate.media_url or candidate.path is not None or web_address(candidate.media_url):
        return candidate
    return replace(candidate, media_url=None, unreadable=f"the address of its file ({candidate.media_url[:120]}) "
                                                         "is malformed, so it cannot be fetched")


def _remember(db: sqlite_utils.Database, candidate_id: int, media: _Media, now: str) -> None:
    """Keep the candidate's fingerprint for retroactive matching (works added later)."""
    if media.kind is not None and media.blob is not None:
        remember_print(db, candidate_id, media.kind, media.blob, now)
    elif media.known and media.sha256:
        remember_same_content(db, candidate_id, media.sha256, now)
        keep_same_voice(db, candidate_id, media.sha256, now)
    if media.voice is not None:
        keep_voice(db, candidate_id, media.voice, now)


def _fingerprint(path: Path, known: frozenset[str], voices: VoiceMatcher | None = None,
                 keep_voice: bool = False) -> _Media:
    kind = sniff_file(path).kind  # first: a 50 GB file is refused by its size, not after hashing every byte of it
    sha = sha256_file(path)
    if sha in known:
        return _Media(sha, known=True)
    blob = modality(kind).fingerprint_candidate(path)
    heard, voice = _voice_of(path, voices, keep_voice) if kind == "audio" else ((), None)
    words = read_text(path)[:MENTION_MAX_CHARS] if kind == "text" else ""
    return _Media(sha, kind, blob, voices=heard, voice=voice, words=words, provenance=provenance_of(path, kind),
                  path=path if kind == "image" else None)


def _voice_of(path: Path, voices: VoiceMatcher | None, keep: bool) -> tuple[tuple[Hit, ...], bytes | None]:
    """The enrolled voices heard in an audio candidate, and its voice to keep (with `keep`). The speech is found
    first (voice-activity detection, cheap); the speaker encoder runs only on enough of it to score."""
    if voices is None and not keep:
        return (), None
    found = speech_segments(path)
    heard = tuple(voices.match_segments(found)) if voices is not None else ()
    return heard, dump_segments(found) if keep and len(found.embeddings) else None


def _words_of(c: Candidate, media: _Media) -> str:
    """What a candidate says, searched for the watch terms: its caption, prompt, card or page text and a text
    file's own words. A local file's name is not something it says (jetty-gray.png mentions no "jetty")."""
    title = "" if c.meta.get("title_is_file_name") else c.title
    return "\n".join(part for part in (title, c.text, media.words) if part)


def _fingerprint_text(text: str, known: frozenset[str], workdir: Path) -> _Media:
    sha = hashlib.sha256(text.encode()).hexdigest()
    if sha in known:
        return _Media(sha, known=True)
    try:
        text_modality = modality("text")
    except ImportError:  # the text engine is not part of this build
        return _Media(sha)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".txt", dir=workdir, delete=False) as handle:
        handle.write(text)
    path = Path(handle.name)
    try:
        return _Media(sha, "text", text_modality.fingerprint_candidate(path))
    finally:
        path.unlink(missing_ok=True)
