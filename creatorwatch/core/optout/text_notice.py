"""The notice `protect` puts at the top of a plain text copy, written and read back in one place, so that
`provenance` recognises exactly what `protect` writes."""

from __future__ import annotations

from pathlib import Path

from creatorwatch.core.optout.xmp import Reservation

TEXT_NOTICE_END = "-" * 72
NOT_ALLOWED = "is not allowed"  # in every reservation's terms (xmp.Reservation.terms)
HEAD_BYTES = 16 * 1024  # the notice is a few lines


def text_notice(r: Reservation) -> str:
    return f"{r.copyright}\n{r.terms}\n{TEXT_NOTICE_END}\n\n"


def read_text_notice(path: Path) -> str:
    """The notice at the top of the text at `path` that says mining or AI training is not allowed, or ""."""
    try:
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES).decode("utf-8", errors="replace").removeprefix("\ufeff")
    except OSError:
        return ""
    lines = head.splitlines()
    if TEXT_NOTICE_END not in lines[:12]:
        return ""
    notice = "\n".join(lines[: lines.index(TEXT_NOTICE_END)])
    return notice if NOT_ALLOWED in notice else ""
