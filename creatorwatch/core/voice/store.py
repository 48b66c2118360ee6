"""The creator's enrolled voices in the data file: which works each voice was learnt from, and their segments."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np
import sqlite_utils

from creatorwatch.core.store.db import transaction
from creatorwatch.core.voice.profile import FORMAT, Enrolment, dump, load

DEFAULT_NAME = "my voice"


@dataclass(frozen=True)
class Voice:
    """One enrolled voice: its works (id → speech seconds) and the segment embeddings of them all
    (conditions × segments × 256)."""

    id: int
    name: str
    works: dict[int, float]
    embeddings: np.ndarray = field(repr=False)
    segment_works: np.ndarray = field(repr=False)  # the work each segment came from

    @property
    def speech_seconds(self) -> float:
        return sum(self.works.values())

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "works": sorted(self.works),
                "speech_seconds": round(self.speech_seconds, 1)}


class VoiceStore:
    """The voices and voice_works tables over one open database connection."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def voices(self) -> list[Voice]:
        """Every voice with at least one enrolled work (stored in the current format)."""
        rows = self.db.execute(
            "SELECT v.id, v.name, w.work_id, w.speech_seconds, w.data FROM voices v "
            "JOIN voice_works w ON w.voice_id = v.id WHERE w.version = ? ORDER BY v.id, w.work_id", [FORMAT]
        ).fetchall()
        grouped: dict[tuple[int, str], list[tuple[int, float, np.ndarray]]] = {}
        for voice_id, name, work_id, seconds, data in rows:
            grouped.setdefault((voice_id, name), []).append((work_id, seconds, load(data)))
        return [_voice(voice_id, name, items) for (voice_id, name), items in grouped.items()]

    def has_voices(self) -> bool:
        return self.db.execute("SELECT 1 FROM voice_works WHERE version = ? LIMIT 1", [FORMAT]).fetchone() is not None

    def enrol(self, work_id: int, enrolment: Enrolment, name: str = DEFAULT_NAME) -> int:
        """Record `enrolment` of `work_id` under the voice `name` (created if new); returns the voice id."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with transaction(self.db):
            self.db.execute("INSERT OR IGNORE INTO voices (name, added_at) VALUES (?, ?)", [name, now])
            voice_id = self.db.execute("SELECT id FROM voices WHERE name = ?", [name]).fetchone()[0]
            self.db.execute(
                "INSERT OR REPLACE INTO voice_works (work_id, voice_id, version, speech_seconds, data, enrolled_at) "
                "VALUES (?, ?, ?, ?, ?, ?)", [work_id, voice_id, FORMAT, enrolment.speech_seconds, dump(enrolment), now]
            )
        return int(voice_id)

    def unenrol(self, work_ids: list[int]) -> list[int]:
        """Stop using these works as voice samples; returns those that were enrolled. Empty voices go too."""
        with transaction(self.db):
            found = [w for w in work_ids
                     if self.db.execute("DELETE FROM voice_works WHERE work_id = ?", [w]).rowcount]
            self.db.execute("DELETE FROM voices WHERE id NOT IN (SELECT voice_id FROM voice_works)")
        return found


def _voice(voice_id: int, name: str, items: list[tuple[int, float, np.ndarray]]) -> Voice:
    works = {work_id: seconds for work_id, seconds, _ in items}
    owners = np.concatenate([np.full(e.shape[1], work_id) for work_id, _, e in items])
    return Voice(voice_id, name, works, np.concatenate([e for _, _, e in items], axis=1), owners)
