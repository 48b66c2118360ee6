"""The sources the creator configured, with each one's cursor and health, as rows in the data file.

Health is what the creator sees: "ok", "failing since …, next try …", or "waiting for a token". A source that
keeps failing is retried later and later (doubling, up to six hours), never hammered.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlite_utils

from creatorwatch.core.errors import CreatorWatchError, SourceError, TokenMissing
from creatorwatch.core.net.guard import is_web_address
from creatorwatch.core.net.redact import Redactor
from creatorwatch.core.sources.base import Cursor, SourceConfig
from creatorwatch.core.sources.registry import source_class, token_entry
from creatorwatch.core.store.db import transaction
from creatorwatch.core.wording.retry import tried_again
from creatorwatch.core.wording.times import local_minute
from creatorwatch.core.wording.words import a_or_an

FIRST_RETRY = timedelta(minutes=2)
LONGEST_RETRY = timedelta(hours=6)
LONGEST_HINT = timedelta(hours=6)  # a service's Retry-After never puts a source off for longer (years were obeyed)
# A service's Retry-After is kept as it is (2 s is 2 s: it was raised to FIRST_RETRY, two minutes), down to this floor,
# so that `Retry-After: 0` does not have the scheduler ask again in the same instant.
SHORTEST_HINT = timedelta(seconds=1)


class SourceProblem(CreatorWatchError):
    """A source cannot be added or changed as asked (a name taken, a setting missing)."""


class BadSetting(SourceProblem):
    """A setting is missing or cannot be used as given: the command was used wrongly, nothing was stored."""


class NameTaken(SourceProblem):
    """A source is added under a name another source already has: the command was used wrongly, nothing stored."""


@dataclass(frozen=True)
class Health:
    state: str = "new"  # "new" | "ok" | "failing" | "waiting_for_token"
    failures: int = 0
    failing_since: str | None = None
    last_error: str | None = None
    retry_at: str | None = None
    last_run: str | None = None
    last_ok: str | None = None
    next_run: str | None = None

    def describe(self) -> str:
        if self.state == "ok":
            return "ok"
        if self.state == "failing":
            return f"failing since {local_minute(self.failing_since)}, next try {local_minute(self.next_try)}"
        if self.state == "waiting_for_token":
            return "waiting for token" + (f", next try {local_minute(self.next_try)}" if self.retry_at else "")
        return "not checked yet"

    @property
    def next_try(self) -> str | None:
        """When the source is next checked: its next run, or its retry time if that is later (the scheduler never
        asks a failing source before its retry time, a service's Retry-After, and runs it then)."""
        times = [t for t in (self.next_run, self.retry_at) if t]
        return max(times, key=datetime.fromisoformat) if times else None

    def as_json(self) -> dict[str, Any]:
        return {"health": self.state, "health_text": self.describe(), "failures": self.failures,
                "failing_since": self.failing_since, "error": self.last_error, "retry_at": self.retry_at,
                "last_run": self.last_run, "last_ok": self.last_ok, "next_run": self.next_run,
                "next_try": self.next_try}


@dataclass(frozen=True)
class ConfiguredSource:
    id: int
    config: SourceConfig
    health: Health

    def as_json(self) -> dict[str, Any]:
        c = self.config
        return {"name": c.name, "type": c.type, "base_url": c.base_url, "settings": c.settings,
                "enabled": c.enabled, **self.health.as_json()}


class SourceStore:
    """sources, cursors and source_health over one open database connection. Every error it stores passes
    through `redact`; the monitor teaches it the tokens of the sources it checks."""

    def __init__(self, db: sqlite_utils.Database, redact: Redactor | None = None) -> None:
        self.db = db
        self.redact = redact or Redactor()

    # -- configuration --
    def add(self, config: SourceConfig) -> ConfiguredSource:
        if not config.name.strip():  # a blank name could never be named again: in `check --source`, `sources set`
            raise BadSetting("A source needs a name you can call it by, e.g. --name my-feed.")
        cls = source_class(config.type)
        missing = [key for key in cls.REQUIRED_SETTINGS if not config.settings.get(key)]
        if missing and not (config.base_url and missing == ["url"]):
            raise BadSetting(f"{_a_source(config.type)} needs " + " and ".join(f"--set {k}=…" for k in missing) + ".")
        _check_settings(config, config.settings)
        if self.get(config.name):
            raise NameTaken(f"There is already a source called {config.name!r}; choose another name, or change "
                            f"that one with: creatorwatch sources set {config.name} --set KEY=VALUE")
        with transaction(self.db):
            source_id = self.db.table("sources").insert({
                "name": config.name, "type": config.type, "base_url": config.base_url,
                "settings": json.dumps(config.settings), "enabled": int(config.enabled), "added_at": now_iso(),
            }).last_pk
            self.db.table("source_health").insert({"source_id": source_id})
        found = self.get(config.name)
        assert found is not None
        return found

    def change(self, name: str, settings: dict[str, str], base_url: str | None = None) -> ConfiguredSource | None:
        """Change a source's settings (an empty value removes that setting) and, if given, its base address ("" to
        go back to the public one). It starts afresh: its cursor and health are reset. None if there is no such
        source; BadSetting, with nothing changed, if the result could not be used."""
        found = self.get(name)
        if found is None:
            return None
        merged = {k: v for k, v in {**found.config.settings, **settings}.items() if v != ""}
        address = found.config.base_url if base_url is None else (base_url or None)
        config = SourceConfig(name, found.config.type, address, merged, found.config.enabled)
        cls = source_class(config.type)
        missing = [key for key in cls.REQUIRED_SETTINGS if not merged.get(key)]
        if missing and not (address and missing == ["url"]):
            raise BadSetting(f"{_a_source(config.type)} needs " + " and ".join(f"{k}=…" for k in missing) + ".")
        _check_settings(config, {k: v for k, v in settings.items() if v != ""})  # "" removes one, even a typo
        with transaction(self.db):
            self.db.execute("UPDATE sources SET base_url = ?, settings = ? WHERE id = ?",
                            [address, json.dumps(merged), found.id])
            self.db.execute("DELETE FROM cursors WHERE source_id = ?", [found.id])
            self.db.execute("UPDATE source_health SET state = 'new', failures = 0, failing_since = NULL,"
                            " last_error = NULL, retry_at = NULL WHERE source_id = ?", [found.id])
        return self.get(name)

    def remove(self, name: str) -> bool:
        with transaction(self.db):
            return bool(self.db.execute("DELETE FROM sources WHERE name = ?", [name]).rowcount)

    def set_enabled(self, name: str, enabled: bool) -> bool:
        with transaction(self.db):
            return bool(self.db.execute("UPDATE sources SET enabled = ? WHERE name = ?", [int(enabled), name]).rowcount)

    def get(self, name: str) -> ConfiguredSource | None:
        found = self._select("WHERE s.name = ?", [name])
        return found[0] if found else None

    def all(self) -> list[ConfiguredSource]:
        return self._select("", [])

    def _select(self, where: str, args: list[Any]) -> list[ConfiguredSource]:
        rows = self.db.execute(
            "SELECT s.id, s.name, s.type, s.base_url, s.settings, s.enabled, h.state, h.failures, h.failing_since,"
            " h.last_error, h.retry_at, h.last_run, h.last_ok, h.next_run FROM sources s"
            f" LEFT JOIN source_health h ON h.source_id = s.id {where} ORDER BY s.id", args).fetchall()
        return [ConfiguredSource(r[0], SourceConfig(r[1], r[2], r[3], json.loads(r[4]), bool(r[5])),
                                 Health(r[6] or "new", r[7] or 0, *r[8:])) for r in rows]

    # -- cursors and health (call inside the caller's transaction, with the writes they belong to) --
    def cursor(self, source_id: int) -> Cursor:
        row = self.db.execute("SELECT cursor FROM cursors WHERE source_id = ?", [source_id]).fetchone()
        return json.loads(row[0]) if row else {}

    def save_cursor(self, source_id: int, cursor: Cursor) -> None:
        self.db.execute("INSERT INTO cursors (source_id, cursor, updated_at) VALUES (?, ?, ?) ON CONFLICT(source_id)"
                        " DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at",
                        [source_id, json.dumps(cursor), now_iso()])

    def mark_ok(self, source_id: int, when: datetime) -> None:
        self._health(source_id, state="ok", failures=0, failing_since=None, last_error=None, retry_at=None,
                     last_run=iso(when), last_ok=iso(when))

    def mark_failed(self, source_id: int, error: SourceError, when: datetime, *, scheduled: bool = False) -> Health:
        """Put the source off until its retry time. The error kept says that it will be tried again then only when
        the scheduler ran the check (`scheduled`): it keeps that promise, a command that tried once does not."""
        before = self._health_of(source_id)
        failures = before.failures + 1
        wait = min(LONGEST_RETRY, FIRST_RETRY * 2 ** (failures - 1))
        hinted = _seconds(error.retry_after)
        if hinted is not None:
            wait = max(min(timedelta(seconds=hinted), LONGEST_HINT), SHORTEST_HINT)
        state = "waiting_for_token" if isinstance(error, TokenMissing) else "failing"
        said = tried_again(error, wait.total_seconds()) if scheduled else str(error)
        self._health(source_id, state=state, failures=failures, failing_since=before.failing_since or iso(when),
                     last_error=self.redact(said), retry_at=iso(when + wait), last_run=iso(when))
        return self._health_of(source_id)

    def mark_waiting_for_token(self, source_id: int, message: str, when: datetime) -> None:
        self._health(source_id, state="waiting_for_token", last_error=self.redact(message), retry_at=None,
                     last_run=iso(when))

    def set_next_run(self, name: str, when: datetime | None) -> None:
        self.db.execute(
            "UPDATE source_health SET next_run = ? WHERE source_id = (SELECT id FROM sources WHERE name = ?)",
            [iso(when) if when else None, name],
        )

    def clear_retry(self) -> None:
        """Let waiting sources try again now (after the creator stored a token)."""
        self.db.execute("UPDATE source_health SET retry_at = NULL WHERE state = 'waiting_for_token'")

    def _health_of(self, source_id: int) -> Health:
        row = self.db.execute("SELECT state, failures, failing_since, last_error, retry_at, last_run, last_ok,"
                              " next_run FROM source_health WHERE source_id = ?", [source_id]).fetchone()
        return Health(*row) if row else Health()

    def _health(self, source_id: int, **values: Any) -> None:
        self.db.execute("INSERT OR IGNORE INTO source_health (source_id) VALUES (?)", [source_id])
        sets = ", ".join(f"{key} = ?" for key in values)
        self.db.execute(f"UPDATE source_health SET {sets} WHERE source_id = ?", [*values.values(), source_id])


def now_iso() -> str:
    return iso(datetime.now(UTC))


def iso(when: datetime) -> str:
    return when.astimezone(UTC).isoformat(timespec="seconds")


def parse_iso(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _seconds(hint: object) -> float | None:
    """A retry hint as a finite number of seconds (an infinite or unreadable one says "a long time")."""
    if hint is None:
        return None
    try:
        seconds = float(hint)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    if math.isnan(seconds):
        return None
    return min(max(seconds, 0.0), LONGEST_HINT.total_seconds())


def _check_settings(config: SourceConfig, given: dict[str, str]) -> None:
    """Addresses, intervals and caps that could never work, and settings the type never reads (`given` now), are
    refused when given, not at every check."""
    misplaced = [key for key in config.settings if key.replace("-", "_").lower() in ("base_url", "address")]
    if misplaced:  # read by nothing: a model endpoint set so would be asked at its public address instead
        raise BadSetting(f"A source's own address goes in --base-url (Address, in the window), not --set "
                         f"{misplaced[0]}=.")
    for key, address in (("--base-url", config.base_url), ("url", config.settings.get("url"))):
        if address and not is_web_address(address):
            raise BadSetting(f"{key} must be a web address such as https://example.org/…, not {address!r}.")
    interval = config.settings.get("interval")
    if interval is not None and not _positive_number(interval):
        raise BadSetting(f"--set interval= takes a number of minutes greater than 0, not {interval!r}.")
    cap = config.settings.get("max_bytes")
    if cap is not None and not (cap.isdigit() and int(cap) > 0):
        raise BadSetting(f"--set max_bytes= takes a whole number of bytes, not {cap!r}.")
    for budget in ("max_requests", "max_tokens"):  # a model endpoint's budget for each scheduled probe
        value = config.settings.get(budget)
        if value is not None and not (value.isdigit() and int(value) > 0):
            raise BadSetting(f"--set {budget}= takes a whole number greater than 0, not {value!r}.")
    for optional in source_class(config.type).OPTIONAL_SETTINGS:  # the type's own, as its checks would read them
        problem = optional.problem(config.settings.get(optional.key, ""))
        if problem:
            raise BadSetting(problem)
    if problem := source_class(config.type).settings_problem(config.settings):
        raise BadSetting(problem)
    taken = source_class(config.type).settings_taken()
    unknown = [key for key in given if key not in taken]
    if unknown:  # read by nothing: a typo would go unnoticed, the source doing what it did without it
        raise BadSetting(f"{_a_source(config.type)} has no setting {unknown[0]!r}. It takes: {', '.join(taken)}.")


def _a_source(type_name: str) -> str:
    """"An openai-compatible source", "A feed source": the start of a sentence about a source of that type."""
    return f"{a_or_an(type_name).capitalize()} {type_name} source"


def _positive_number(text: str) -> bool:
    try:
        return 0 < float(text) < float("inf")
    except ValueError:
        return False


def stored_secrets(db: sqlite_utils.Database, secret: Callable[[str], str | None] | None = None) -> list[str]:
    """The values of every token the configured sources use, so a bundle can be checked against them.
    With no usable keyring there is nothing stored to leak, and an empty list comes back."""
    from creatorwatch.core.errors import KeyringUnavailable
    from creatorwatch.core.store.secrets import get_secret

    lookup = secret or get_secret
    names: set[str] = set()
    for record in SourceStore(db).all():
        name = token_entry(record.config.type, record.config.settings)
        if name:
            names.add(name)
    found: list[str] = []
    for name in sorted(names):
        try:
            value = lookup(name)
        except KeyringUnavailable:
            return []
        if value and len(value) >= 6:
            found.append(value)
    return found
