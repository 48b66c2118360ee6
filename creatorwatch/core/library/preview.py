"""Small previews of a work or a candidate — first lines of a text, the outline of a sound — read off the UI thread.

Also finds a local copy of a candidate's media for the compare view (file:// URLs, or a download through the
shared HTTP client into the cache), so the window never touches the network itself.
"""

from __future__ import annotations

import hashlib
import itertools
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np

from creatorwatch.core.files.file_url import path_of_file_url
from creatorwatch.core.files.textread import read_text
from creatorwatch.core.fingerprint.audio_decode import SAMPLE_RATE, decode_chunks
from creatorwatch.core.store.atomic import AtomicFile


def first_lines(path: Path, lines: int = 2, width: int = 90) -> str:
    """The first non-blank lines of a text work, each cut to `width` characters."""
    found = [line.strip() for line in read_text(path).splitlines() if line.strip()][:lines]
    return "\n".join(line if len(line) <= width else line[: width - 1] + "…" for line in found)


def waveform_peaks(path: Path, buckets: int = 200, max_seconds: float | None = None) -> tuple[np.ndarray, float]:
    """Peak loudness 0..1 in `buckets` equal slices of the sound, and its duration in seconds."""
    chunks: list[np.ndarray] = []
    seconds = 0.0
    for chunk in decode_chunks(path):
        chunks.append(np.abs(chunk))
        seconds += len(chunk) / SAMPLE_RATE
        if max_seconds is not None and seconds >= max_seconds:
            break
    samples = np.concatenate(chunks) if chunks else np.zeros(1, np.float32)
    edges = np.linspace(0, len(samples), buckets + 1).astype(int)
    peaks = np.array([samples[a:b].max() if b > a else 0.0 for a, b in itertools.pairwise(edges)])
    top = float(peaks.max()) or 1.0
    return (peaks / top).astype(np.float32), len(samples) / SAMPLE_RATE


def local_copy(url: str, media_url: str | None, cache: Path) -> Path | None:
    """A file on this computer holding the candidate's media: its own path for file:// URLs, else a cached
    download of `media_url` (None when there is nothing to fetch)."""
    for address in (media_url, url):
        path = path_of_file_url(address) if address else None
        if path is not None and path.is_file():
            return path
    if not media_url or urlsplit(media_url).scheme not in ("http", "https"):
        return None
    target = cache / "compare" / hashlib.sha256(media_url.encode()).hexdigest()[:32]
    if not target.is_file():
        from creatorwatch.core.net.client import HttpClient

        # a broken download never poses as a finished one, and a killed one is swept at the next start
        with AtomicFile(target) as file, HttpClient(source="compare view") as http:
            http.download(media_url, file.partial)
            file.commit()
    return target
