"""Say when a recording matched nothing because it is too short to compare, so that "no match" for a fraction of a
second of sound (a truncated download, a clip) is not read as "not a copy"."""

from __future__ import annotations

from pathlib import Path

from creatorwatch.core.fingerprint.audio_findable import FOUND_FROM, seconds_of_sound, shown_seconds
from creatorwatch.core.library.sniff import sniff_file


def too_short_note(path: Path) -> str:
    """Why copies cannot be recognised in the recording at `path`, in plain words; "" when it is long enough, or
    not a recording. Decodes no more than its first chunk of sound when it is long enough."""
    if sniff_file(path).kind != "audio":
        return ""
    heard = seconds_of_sound(path, FOUND_FROM)
    if heard >= FOUND_FROM:
        return ""
    return (f"it is too short to compare: {shown_seconds(heard)} seconds of sound, and CreatorWatch recognises a "
            f"recording from about {FOUND_FROM} seconds of it")
