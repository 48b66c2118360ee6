"""Enrol works of the library as a voice, one plain-words result per work: the one place the command line and
the window share, so both learn from the same works and refuse the others for the same reasons."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from creatorwatch.core.fingerprint.base import UnreadableMedia
from creatorwatch.core.library import Library, Work
from creatorwatch.core.voice.installed import require_voice
from creatorwatch.core.voice.store import DEFAULT_NAME, VoiceStore


@dataclass(frozen=True)
class EnrolResult:
    """What became of one work: learnt from (`ok`, with its seconds of speech) or not, and why in plain words."""

    work_id: int
    title: str
    ok: bool
    message: str
    speech_seconds: float = 0.0


def enrol_works(db: sqlite_utils.Database, work_ids: Iterable[int],
                name: str = DEFAULT_NAME) -> Iterator[EnrolResult]:
    """Learn the voice `name` from each work, yielding each result as soon as it is known. Slow (seconds a
    work): callers run it off any UI thread. Raises VoiceNotInstalled without the voice extra."""
    require_voice()
    library, store = Library(db), VoiceStore(db)
    for work_id in work_ids:
        yield _enrol(store, work_id, library.get(work_id), name)


def _enrol(store: VoiceStore, work_id: int, work: Work | None, name: str) -> EnrolResult:
    from creatorwatch.core.voice.enrol import enrol_file  # needs the extra: loaded on first use, off the UI thread

    if work is None:
        return EnrolResult(work_id, "", False, "no such work in the library")
    if work.kind != "audio":
        return EnrolResult(work_id, work.title, False, f"it is {work.kind}, not audio")
    try:
        enrolment = enrol_file(Path(work.path))
    except UnreadableMedia as exc:
        return EnrolResult(work_id, work.title, False, str(exc))
    except OSError as exc:
        return EnrolResult(work_id, work.title, False, f"the file could not be read ({exc.strerror or exc})")
    store.enrol(work_id, enrolment, name)
    seconds = enrolment.speech_seconds
    return EnrolResult(work_id, work.title, True, f"learnt from {seconds:.0f} s of speech", seconds)
