"""Decode anything ffmpeg reads into mono 8 kHz chunks, so a long recording never sits whole in memory."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import av
import numpy as np

from creatorwatch.core.fingerprint.base import UnreadableMedia

SAMPLE_RATE = 8000
CHUNK_SECONDS = 30.0
MAX_SECONDS = 12 * 3600.0  # beyond this a file is fingerprinted on its first twelve hours only
MAX_BAD_PACKETS = 200  # a file whose first this-many packets are all damaged is given up on
_PROBE = {"probesize": "65536", "analyzeduration": "200000"}  # headers suffice; frames tell the rest
PULL_EVERY = 32  # frames pushed between pulls: fewer round trips through Python


def decode_chunks(path: Path) -> Iterator[np.ndarray]:
    """Yield the sound of `path` as mono float32 chunks at SAMPLE_RATE, about CHUNK_SECONDS each."""
    if not path.is_file():
        raise UnreadableMedia(f"{path.name} is not a file that can be opened")
    if path.stat().st_size == 0:
        raise UnreadableMedia(f"{path.name} is empty (zero bytes)")
    try:
        container = av.open(str(path), mode="r", options=_PROBE)
    except av.error.FFmpegError as exc:
        raise UnreadableMedia(f"{path.name} is not a sound or video file this app can read") from exc
    with container:
        if not container.streams.audio:
            raise UnreadableMedia(f"{path.name} has no sound in it")
        yield from _stream(container, path.name)


def _stream(container: av.container.InputContainer, name: str) -> Iterator[np.ndarray]:
    stream = container.streams.audio[0]
    graph: av.filter.Graph | None = None
    pending: list[np.ndarray] = []
    pending_len = total = bad = pushed = 0
    for frame in _frames(container, stream):
        if frame is None:
            bad += 1
            if bad > MAX_BAD_PACKETS and total + pending_len == 0:
                raise UnreadableMedia(f"{name} is damaged: none of its sound could be decoded")
            continue
        if graph is None:
            graph = _resampler(frame)
        graph.push(frame)
        pushed += 1
        if pushed % PULL_EVERY == 0:
            pending_len += _pull(graph, pending)
        if pending_len >= CHUNK_SECONDS * SAMPLE_RATE:
            total += pending_len
            yield np.concatenate(pending)
            pending, pending_len = [], 0
            if total >= MAX_SECONDS * SAMPLE_RATE:
                return
    if graph is not None:
        graph.push(None)
        pending_len += _pull(graph, pending)
    if pending_len:
        yield np.concatenate(pending)
    elif total == 0 and bad:
        raise UnreadableMedia(f"{name} is damaged: none of its sound could be decoded")


def _resampler(frame: av.AudioFrame) -> av.filter.Graph:
    """A filter graph: any layout and rate in, mono float at SAMPLE_RATE out, in frames of a few seconds."""
    graph = av.filter.Graph()
    chain = [
        graph.add_abuffer(
            format=frame.format.name, sample_rate=frame.sample_rate, layout=frame.layout.name, time_base=None
        ),
        graph.add("aformat", "sample_fmts=fltp:channel_layouts=mono"),
        graph.add("aresample", f"osr={SAMPLE_RATE}:filter_size=8:phase_shift=5"),
        graph.add("aformat", "sample_fmts=flt"),
        graph.add("asetnsamples", f"n={2 * SAMPLE_RATE}:p=0"),
        graph.add("abuffersink"),
    ]
    for a, b in itertools.pairwise(chain):
        a.link_to(b)
    graph.configure()
    return graph


def _pull(graph: av.filter.Graph, out: list[np.ndarray]) -> int:
    """Move every frame the graph has ready into `out`; the number of samples moved."""
    n = 0
    while True:
        try:
            frame = graph.pull()
        except (av.error.BlockingIOError, av.error.EOFError):
            return n
        samples = frame.to_ndarray().reshape(-1)
        out.append(samples)
        n += samples.size


def _frames(container: av.container.InputContainer, stream: av.AudioStream) -> Iterator[av.AudioFrame | None]:
    """Decoded frames; None stands for a damaged packet that was skipped."""
    try:
        for packet in container.demux(stream):
            try:
                yield from packet.decode()
            except av.error.FFmpegError:
                yield None
    except av.error.FFmpegError:
        yield None  # the rest of the file is unreadable; keep what was decoded
