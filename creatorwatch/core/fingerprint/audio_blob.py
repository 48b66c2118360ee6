"""The stored form of an audio fingerprint: a versioned header, the index hashes, then every peak."""

from __future__ import annotations

import struct
from dataclasses import dataclass

import numpy as np

from creatorwatch.core.errors import UnreadableMedia
from creatorwatch.core.fingerprint.audio_peaks import FRAMES_PER_SECOND, Peaks

_MAGIC = b"CWA"
_FORMAT = 1
_HEADER = struct.Struct("<3sBfII")  # magic, format byte, seconds, number of hashes, number of peaks


@dataclass(frozen=True)
class Fingerprint:
    """A recording's index hashes (keys, anchor frames) and all its peaks."""

    seconds: float
    keys: np.ndarray  # uint32
    times: np.ndarray  # uint32 frames
    peaks: Peaks


def dump(fp: Fingerprint) -> bytes:
    header = _HEADER.pack(_MAGIC, _FORMAT, fp.seconds, fp.keys.size, fp.peaks.t.size)
    parts: list[np.ndarray] = [
        fp.keys.astype(np.uint32),
        fp.times.astype(np.uint32),
        fp.peaks.t.astype(np.uint32),
        fp.peaks.f.astype(np.uint8),
        fp.peaks.rank.astype(np.uint8),
    ]
    return header + b"".join(p.tobytes() for p in parts)


def load(blob: bytes) -> Fingerprint:
    if len(blob) < _HEADER.size:
        raise UnreadableMedia("this audio fingerprint is cut short")
    magic, fmt, seconds, n_keys, n_peaks = _HEADER.unpack_from(blob)
    if magic != _MAGIC or fmt != _FORMAT:
        raise UnreadableMedia("this audio fingerprint was made by another version of the app")
    if len(blob) != _HEADER.size + 8 * n_keys + 6 * n_peaks:
        raise UnreadableMedia("this audio fingerprint is damaged")
    arrays = []
    pos = _HEADER.size
    for dtype, n in (
        (np.uint32, n_keys),
        (np.uint32, n_keys),
        (np.uint32, n_peaks),
        (np.uint8, n_peaks),
        (np.uint8, n_peaks),
    ):
        arrays.append(np.frombuffer(blob, dtype=dtype, count=n, offset=pos))
        pos += arrays[-1].nbytes
    keys, times, t, f, rank = arrays
    peaks = Peaks(t, f, rank, round(seconds * FRAMES_PER_SECOND))
    return Fingerprint(seconds, keys, times, peaks)
