"""The creator's preferences, kept in the data file so the window, the CLI and the scheduler read the same ones."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from typing import Any

import sqlite_utils

from creatorwatch.core.store.db import transaction

SENSITIVITIES = ("low", "normal", "high")
# How much a sensitivity moves a modality's alert threshold: "high" alerts on weaker matches.
SENSITIVITY_SHIFT = {"low": 0.1, "normal": 0.0, "high": -0.1}


@dataclass
class Preferences:
    check_interval_minutes: int = 360
    sensitivity: dict[str, str] = field(default_factory=lambda: {"image": "normal", "audio": "normal",
                                                                  "text": "normal"})
    notify: bool = True
    notify_mentions: bool = True
    creator_name: str = ""
    creator_contact: str = ""
    appearance: str = "system"  # "system" | "light" | "dark"
    keep_fingerprints_days: int = 90  # how long a seen candidate's fingerprint is kept for works added later
    # Keep the voice (speech-segment embeddings) of audio candidates that hold speech, so a voice enrolled later is
    # matched against them too; only with the voice extra, and it costs the speaker encoder on each such candidate.
    remember_voices: bool = True

    def threshold(self, kind: str, default: float) -> float:
        """The alert threshold for `kind`, moved from the modality's default by the chosen sensitivity."""
        shift = SENSITIVITY_SHIFT.get(self.sensitivity.get(kind, "normal"), 0.0)
        return min(0.99, max(0.01, default + shift))


def load_preferences(db: sqlite_utils.Database) -> Preferences:
    stored = {key: json.loads(value) for key, value in db.execute("SELECT key, value FROM preferences")}
    known = {f.name for f in fields(Preferences)}
    prefs = Preferences(**{k: v for k, v in stored.items() if k in known})
    prefs.sensitivity = {**Preferences().sensitivity, **prefs.sensitivity}
    prefs.creator_name = prefs.creator_name.strip()  # a name of only spaces is no name (nothing to put after ©)
    prefs.creator_contact = prefs.creator_contact.strip()
    return prefs


def save_preferences(db: sqlite_utils.Database, prefs: Preferences, in_transaction: bool = False) -> None:
    """Write every preference (`in_transaction`: as part of the caller's transaction)."""
    values: dict[str, Any] = asdict(prefs)
    if in_transaction:
        for key, value in values.items():
            set_preference(db, key, value)
        return
    with transaction(db):
        save_preferences(db, prefs, in_transaction=True)


def get_preference(db: sqlite_utils.Database, key: str) -> Any:
    """One stored value (JSON), or None; for settings kept beside the Preferences fields (notice details …)."""
    row = db.execute("SELECT value FROM preferences WHERE key = ?", [key]).fetchone()
    return json.loads(row[0]) if row else None


def set_preference(db: sqlite_utils.Database, key: str, value: Any) -> None:
    db.execute("INSERT INTO preferences (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value ="
               " excluded.value", [key, json.dumps(value)])


PAUSED = "monitoring_paused"  # the tray's pause, kept until resumed: in the data file, so the CLI sees it too


def monitoring_paused(db: sqlite_utils.Database) -> bool:
    """Whether the creator paused monitoring (from the tray); scheduled checks wait until they resume it."""
    return bool(get_preference(db, PAUSED))


def set_monitoring_paused(db: sqlite_utils.Database, paused: bool) -> None:
    with transaction(db):
        set_preference(db, PAUSED, paused)
