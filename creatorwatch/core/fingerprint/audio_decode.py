"""Decode anything ffmpeg reads into mono 8 kHz chunks, so a long recording never sits whole in memory.

Mono is the two channels' sum, unless that cancels out: tracker music and "surround" mixes often play a part
in one channel and its inverse in the other, which a plain downmix turns to silence. When the sum is that
far below the difference (CANCELLED), the difference is kept instead; a wide stereo mix never comes close.

Reading, decoding, downmixing and resampling all run inside one FFmpeg filter graph (amovie), which
releases the GIL: the library's import threads really run side by side.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterator
from pathlib import Path

import av
import numpy as np

from creatorwatch.core.errors import UnreadableMedia

SAMPLE_RATE = 8000
CHUNK_SECONDS = 30.0
MAX_SECONDS = 12 * 3600.0  # beyond this a file is fingerprinted on its first twelve hours only
CANCELLED = 10.0  # the difference holds ten times the sum's energy: the sum cancelled out
_PROBE = {"probesize": "65536", "analyzeduration": "200000"}  # headers suffice; frames tell the rest
_PROBE_OPTS = ":".join(f"{k}={v}" for k, v in _PROBE.items())


def decode_chunks(path: Path) -> Iterator[np.ndarray]:
    """Yield the sound of `path` as mono float32 chunks at SAMPLE_RATE, about CHUNK_SECONDS each."""
    if not path.is_file():
        raise UnreadableMedia(f"{path.name} is not a file that can be opened")
    if path.stat().st_size == 0:
        raise UnreadableMedia(f"{path.name} is empty (zero bytes)")
    graph = _opened(path)
    decoded = False
    for chunk in _chunks(_pulled(graph)):
        decoded = True
        yield chunk
    if not decoded:  # the graph refused the stream outright: frame by frame, as ffmpeg's own command would
        for chunk in _chunks(_frame_by_frame(path)):
            decoded = True
            yield chunk
    if not decoded:
        raise UnreadableMedia(f"{path.name} is damaged: none of its sound could be decoded")


def _opened(path: Path) -> av.filter.Graph:
    """The decoding graph of `path`. FFmpeg trusts a file's name before its bytes (an MP3 named a.jpg opens as a
    picture), so a file that will not open as its name says is opened as its bytes say."""
    try:
        return _graph(path)
    except av.error.FFmpegError as exc:
        container = container_by_content(path)
        try:
            if container is not None:
                return _graph(path, container)
        except av.error.FFmpegError:
            pass
        raise UnreadableMedia(_why_unreadable(path)) from exc


def container_by_content(path: Path) -> str | None:
    """FFmpeg's name for the container of `path` judged by its first bytes alone (given without the file's name),
    if they hold sound."""
    try:
        with path.open("rb") as handle:
            head = io.BytesIO(handle.read(int(_PROBE["probesize"])))
        with av.open(head, mode="r", options=_PROBE) as container:
            return container.format.name.split(",")[0] if container.streams.audio else None
    except (OSError, av.error.FFmpegError):
        return None


def _why_unreadable(path: Path) -> str:
    """Plain words for a file the decoding graph could not open."""
    try:
        with av.open(str(path.absolute()), mode="r", options=_PROBE) as container:  # "a:b" is no protocol
            has_sound = bool(container.streams.audio)
    except av.error.FFmpegError:
        return f"{path.name} is not a sound or video file this app can read"
    if not has_sound:
        return f"{path.name} has no sound in it"
    return f"{path.name} is damaged: its sound could not be decoded"


def _graph(path: Path, container: str | None = None) -> av.filter.Graph:
    """Read, decode, downmix and resample in one FFmpeg filter graph: no Python per packet, no GIL held. With
    `container`, the file is read as that container (FFmpeg's name for it) whatever its name says."""
    graph = av.filter.Graph()
    graph.threads = 1  # these filters do not split work between threads: spawning them per file only costs time
    forced = {"format_name": container} if container else {}
    chain = [
        graph.add("amovie", filename=str(path.absolute()), format_opts=_PROBE_OPTS, **forced),
        graph.add("aformat", "sample_fmts=fltp:channel_layouts=stereo"),
        graph.add("aresample", f"osr={SAMPLE_RATE}:filter_size=8:phase_shift=5"),
        graph.add("asetnsamples", f"n={2 * SAMPLE_RATE}:p=0"),
        graph.add("abuffersink"),
    ]
    for a, b in itertools.pairwise(chain):
        a.link_to(b)
    graph.configure()
    return graph


def _pulled(graph: av.filter.Graph) -> Iterator[np.ndarray]:
    """The graph's stereo output, block by block, until the end or the first block it cannot decode."""
    while True:
        try:
            yield graph.pull().to_ndarray()
        except (av.error.BlockingIOError, av.error.EOFError):
            return
        except av.error.FFmpegError:  # the rest of the file is unreadable; keep what was decoded
            return


def _frame_by_frame(path: Path) -> Iterator[np.ndarray]:
    """The slower path, a Python step per frame: for streams the one-graph path refuses at once (mp2 sound in an
    MPEG transport stream, whose first frame arrives before its format is known to the graph)."""
    resampler = av.AudioResampler(format="fltp", layout="stereo", rate=SAMPLE_RATE)
    try:
        with av.open(str(path.absolute()), mode="r", options=_PROBE) as container:
            if not container.streams.audio:
                return
            for frame in container.decode(container.streams.audio[0]):
                for out in resampler.resample(frame):
                    yield out.to_ndarray()
        for out in resampler.resample(None):
            yield out.to_ndarray()
    except (av.error.FFmpegError, ValueError):  # damaged further on, or a format change mid-stream
        return


def _chunks(blocks: Iterator[np.ndarray]) -> Iterator[np.ndarray]:
    """Mono chunks of about CHUNK_SECONDS from stereo blocks, up to MAX_SECONDS."""
    pending: list[np.ndarray] = []
    pending_len = total = 0
    for samples in blocks:
        if total + pending_len >= MAX_SECONDS * SAMPLE_RATE:
            break
        pending.append(samples)
        pending_len += samples.shape[1]
        if pending_len >= CHUNK_SECONDS * SAMPLE_RATE:
            total += pending_len
            yield _mono(np.concatenate(pending, axis=1))
            pending, pending_len = [], 0
    if pending_len:
        yield _mono(np.concatenate(pending, axis=1))


def _mono(stereo: np.ndarray) -> np.ndarray:
    """The channels' mean, or half their difference when the mean cancelled out."""
    mid = (stereo[0] + stereo[1]) * np.float32(0.5)
    side = (stereo[0] - stereo[1]) * np.float32(0.5)
    return side if float(np.dot(side, side)) > CANCELLED * float(np.dot(mid, mid)) else mid
