"""Enrol works of the library as a voice, one plain-words result per work: the one place the command line and
the window share, so both learn from the same works and refuse the others for the same reasons."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from creatorwatch.core.errors import UnreadableMedia
from creatorwatch.core.library.works import Library, Work
from creatorwatch.core.voice.installed import require_voice
from creatorwatch.core.voice.profile import Enrolment, voice_vector
from creatorwatch.core.voice.store import DEFAULT_NAME, VoiceStore

# Two recordings of one person, each pooled over the enrolment conditions, are far closer than a candidate is to
# a voice. Bench (tests/bench/voice.py, "Two people under one name"), family A: one person's recordings of 8-10 s
# of speech 0.94 and up (60 s: 0.966 and up); two people up to 0.936 (a woman and a child of one Czech studio),
# all other pairs 0.903 and below. Checked on family B: every pair of people refused, 5-9 s recordings of one
# person 0.92 and up. The matcher's own line (0.835) let 13% of A's pairs of people (25% of B's) into one voice.
SAME_PERSON_SIMILARITY = 0.92
NO_SUCH_WORK = "no such work in the library"


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
        return EnrolResult(work_id, "", False, NO_SUCH_WORK)
    if work.kind != "audio":
        return EnrolResult(work_id, work.title, False, f"it is {work.kind}, not audio")
    try:
        enrolment = enrol_file(Path(work.path))
    except UnreadableMedia as exc:
        return EnrolResult(work_id, work.title, False, str(exc))
    except OSError as exc:
        return EnrolResult(work_id, work.title, False, f"the file could not be read ({exc.strerror or exc})")
    someone_else = _another_person(store, _titles(store), work_id, enrolment, name)
    if someone_else:
        return EnrolResult(work_id, work.title, False, someone_else)
    store.enrol(work_id, enrolment, name)
    seconds = enrolment.speech_seconds
    return EnrolResult(work_id, work.title, True, f"learnt from {seconds:.0f} s of speech", seconds)


def _titles(store: VoiceStore) -> dict[int, str]:
    return {int(w): str(t) for w, t in store.db.execute("SELECT id, title FROM works").fetchall()}


def _another_person(store: VoiceStore, titles: dict[int, str], work_id: int, enrolment: Enrolment,
                    name: str) -> str | None:
    """Plain words when this recording's voice is not the one already learnt as `name`: two people under one
    name make a profile that sits between them and matches neither. None when it is the same voice."""
    voice = next((v for v in store.voices() if v.name == name), None)
    if voice is None:
        return None
    others = voice.segment_works != work_id
    if not others.any():
        return None
    similarity = float(voice_vector(voice.embeddings[:, others]) @ voice_vector(enrolment.embeddings))
    if similarity >= SAME_PERSON_SIMILARITY:
        return None
    learnt = ", ".join(titles.get(w, f"#{w}") for w in sorted(voice.works) if w != work_id)
    return (f"it sounds like a different person from \"{name}\" (learnt from {learnt}); a voice mixed from two "
            f"people matches neither, so this recording was not added to it: learn it under another name (if it "
            f"is you in another language or through another microphone, a name of its own works too: every voice "
            f"is watched)")
