"""Facts about a work a creator recognises — pixel size, duration, word count — read without decoding it all.

A file they cannot be read from is refused in plain words: the decoder's own message (an FFmpeg error number, a
file: URL) means nothing to a creator and stays in the exception's cause.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

from creatorwatch.core.errors import UnreadableMedia
from creatorwatch.core.files.regular_file import open_regular, require_regular
from creatorwatch.core.files.textread import read_text


def probe_facts(path: Path, kind: str) -> dict[str, Any]:
    if kind == "image":
        return _image_facts(path)
    if kind == "audio":
        return _audio_facts(path)
    return {"words": len(read_text(path).split())}


def _image_facts(path: Path) -> dict[str, Any]:
    from PIL import Image, UnidentifiedImageError

    from creatorwatch.core.files.picture_open import open_picture

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with open_regular(path) as handle, open_picture(handle) as image:
                return {"width": image.width, "height": image.height, "mode": image.mode}
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
        raise UnreadableMedia("the picture is too large to open safely (over 89 million pixels)") from exc
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise UnreadableMedia("the picture is damaged or in a format CreatorWatch cannot read") from exc


def _audio_facts(path: Path) -> dict[str, Any]:
    import av

    from creatorwatch.core.fingerprint.audio_decode import container_by_content

    require_regular(path)
    damaged = UnreadableMedia("the recording is damaged or in a format CreatorWatch cannot read")
    facts, failure = None, None
    try:
        facts = _sound_facts(path)
    except av.FFmpegError as exc:
        failure = exc
    if facts is None and (container := container_by_content(path)) is not None:
        try:  # FFmpeg went by the name: an MP3 named song.jpg is a picture to it
            facts = _sound_facts(path, container)
        except av.FFmpegError as exc:
            raise damaged from exc
    if facts is not None:
        return facts
    if failure is not None:
        raise damaged from failure
    raise UnreadableMedia("the file has no sound in it")


def _sound_facts(path: Path, container_format: str | None = None) -> dict[str, Any] | None:
    """The facts of the first sound in `path` (read as `container_format` if given), or None if it holds none."""
    import av

    with av.open(ffmpeg_file(path), metadata_errors="ignore", format=container_format) as container:
        if not container.streams.audio:
            return None
        stream = container.streams.audio[0]
        duration = None
        if stream.duration is not None and stream.time_base is not None:
            duration = float(stream.duration * stream.time_base)
        elif container.duration is not None:
            duration = container.duration / 1_000_000
        return {
            "duration": round(duration, 3) if duration is not None else None,
            "sample_rate": stream.rate,
            "channels": stream.channels,
            "codec": stream.codec_context.name,
        }


def ffmpeg_file(path: Path) -> str:
    """`path` as FFmpeg must be given it: a file, never a protocol ("pipe:0" is a file name, not standard input)."""
    return "file:" + str(Path(path).absolute())
