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

    require_regular(path)
    try:
        with av.open(ffmpeg_file(path), metadata_errors="ignore") as container:
            if not container.streams.audio:
                raise UnreadableMedia("the file has no sound in it")
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
    except av.FFmpegError as exc:
        raise UnreadableMedia("the recording is damaged or in a format CreatorWatch cannot read") from exc


def ffmpeg_file(path: Path) -> str:
    """`path` as FFmpeg must be given it: a file, never a protocol ("pipe:0" is a file name, not standard input)."""
    return "file:" + str(Path(path).absolute())
