"""A compressed answer unpacked a little at a time, so its size is counted against the byte cap as it grows.

httpx unpacks each compressed chunk whole: 64 KiB of gzip can become 64 MB before the cap is looked at (a gzip
bomb peaked at 683 MB). Here no step yields more than STEP bytes, whatever the compression ratio.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator

STEP = 64 * 1024
HANDLED = ("gzip", "x-gzip", "deflate")
ACCEPT_ENCODING = "gzip, deflate"


class InflateError(Exception):
    """The compressed answer is damaged."""


def encodings(header: str) -> list[str]:
    """The Content-Encoding layers that change the bytes, outermost last (as they were applied)."""
    return [e.strip().lower() for e in header.split(",") if e.strip() and e.strip().lower() != "identity"]


def handled(header: str) -> bool:
    """True when every layer can be unpacked here (none, or gzip / deflate)."""
    return all(e in HANDLED for e in encodings(header))


def inflate(chunks: Iterable[bytes], header: str) -> Iterator[bytes]:
    """The unpacked bytes of `chunks` (raw bytes as sent), in pieces of at most STEP bytes."""
    stream: Iterable[bytes] = chunks
    for encoding in reversed(encodings(header)):  # the last applied is the first to undo
        stream = _layer(stream, gzip=encoding != "deflate")
    yield from stream


def _layer(chunks: Iterable[bytes], *, gzip: bool) -> Iterator[bytes]:
    unpack = zlib.decompressobj(zlib.MAX_WBITS | 16 if gzip else zlib.MAX_WBITS)
    first = True
    try:
        for chunk in chunks:
            data = chunk
            while data:
                try:
                    out = unpack.decompress(data, STEP)
                except zlib.error:
                    if not (first and not gzip):
                        raise
                    unpack = zlib.decompressobj(-zlib.MAX_WBITS)  # "deflate" sent raw, without the zlib header
                    out = unpack.decompress(data, STEP)
                first = False
                if out:
                    yield out
                data = unpack.unconsumed_tail
                if unpack.eof:
                    break
        while not unpack.eof and (tail := unpack.decompress(b"", STEP)):
            yield tail
    except zlib.error as exc:
        raise InflateError(str(exc)) from exc
