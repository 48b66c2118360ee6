"""A candidate's voice, kept for voices enrolled later: its speech segments' embeddings, never its audio.

A check that hears speech in an audio candidate keeps what the voice matcher would score (each 1.6 s segment's
256-d embedding as float16, where the segment starts in the recording, and the seconds of speech), under the same
retention window as the candidate's fingerprint. When a voice is enrolled later, it is scored against these exactly
as a check scores a recording, so a clone seen last month is found today. Only numpy here: no extra needed to read.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator

import numpy as np
import sqlite_utils

from creatorwatch.core.voice.profile import DIM
from creatorwatch.core.voice.segments import VoiceSegments

FORMAT = 1  # the encoder and segmenting the kept embeddings came from; another value is not compared
_HEAD = struct.Struct("<BIf")  # format, segments, seconds of speech


def dump_segments(found: VoiceSegments) -> bytes:
    """Segments as bytes: a small head, the start seconds (float32), the embeddings (float16)."""
    n = len(found.embeddings)
    return (_HEAD.pack(FORMAT, n, float(found.speech_seconds)) + np.asarray(found.starts, "<f4").tobytes()
            + np.asarray(found.embeddings, np.float32).astype("<f2").tobytes())


def load_segments(blob: bytes) -> VoiceSegments:
    """The segments stored by `dump_segments` (embeddings back as float32)."""
    version, n, seconds = _HEAD.unpack_from(blob)
    if version != FORMAT:
        raise ValueError("unknown kept-voice format")
    starts = np.frombuffer(blob, "<f4", n, _HEAD.size).astype(np.float64)
    embeddings = np.frombuffer(blob, "<f2", n * DIM, _HEAD.size + 4 * n).reshape(n, DIM).astype(np.float32)
    return VoiceSegments(embeddings, starts, float(seconds), talk_share=0.0)


def keep_voice(db: sqlite_utils.Database, candidate_id: int, blob: bytes, now: str) -> None:
    """Keep a candidate's voice segments (call inside the transaction that records the candidate)."""
    db.execute("INSERT INTO candidate_voices (candidate_id, version, data, kept_at) VALUES (?, ?, ?, ?)"
               " ON CONFLICT(candidate_id) DO UPDATE SET version = excluded.version, data = excluded.data,"
               " kept_at = excluded.kept_at", [candidate_id, FORMAT, blob, now])


def keep_same_voice(db: sqlite_utils.Database, candidate_id: int, sha256: str, now: str) -> None:
    """A candidate whose content was seen before under another address shares that one's kept voice."""
    db.execute("INSERT OR REPLACE INTO candidate_voices (candidate_id, version, data, kept_at)"
               " SELECT ?, v.version, v.data, ? FROM candidate_voices v JOIN candidates c ON c.id = v.candidate_id"
               " WHERE c.sha256 = ? AND c.id != ? LIMIT 1", [candidate_id, now, sha256, candidate_id])


def forget_voices(db: sqlite_utils.Database, cutoff: str) -> int:
    """Drop voices kept before `cutoff` (call inside a transaction); returns how many were dropped."""
    return int(db.execute("DELETE FROM candidate_voices WHERE kept_at < ?", [cutoff]).rowcount)


def kept_voices(db: sqlite_utils.Database) -> int:
    """How many candidates' voices are kept now."""
    return int(db.execute("SELECT count(*) FROM candidate_voices").fetchone()[0])


def each_kept(db: sqlite_utils.Database) -> Iterator[tuple[int, VoiceSegments]]:
    """Every kept voice in the current format, with its candidate's id."""
    for candidate_id, blob in db.execute("SELECT candidate_id, data FROM candidate_voices WHERE version = ?",
                                         [FORMAT]):
        yield int(candidate_id), load_segments(blob)
