"""The side-by-side material for one match: previews of both sides (pictures with the matched region
outlined, waveforms with the aligned stretch shaded) or the copied passages of both texts."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from creatorwatch.core.errors import UnreadableMedia
from creatorwatch.core.evidence.capture import captured_candidate
from creatorwatch.core.evidence.gather import MatchEvidence
from creatorwatch.core.evidence.preview import image_preview, waveform
from creatorwatch.core.evidence.report import Excerpt, Figure

CONTEXT_CHARS = 240
MARK_CHARS = 1500
PRIVATE_SIDE = 320  # a reduced preview of the work when the original is left out


def _part(box: object) -> bool:
    return isinstance(box, list | tuple) and len(box) == 4 and tuple(box) != (0.0, 0.0, 1.0, 1.0)


def _where(box: object) -> str:
    """What the caption can say of the work's picture: an outline is drawn only for a part (image_preview);
    a match of the whole picture (its overall fingerprint) has none, and said "the matched region is outlined"."""
    return "the matched region is outlined" if _part(box) else "the whole picture matched"


def _theirs(box: object, work_box: object) -> str:
    """The same of the candidate's picture, saying which picture matched which: all of a copy that shows a part of
    the work did not match "the whole picture" (it read so beside "share of your picture 0.76")."""
    if _part(box):
        return "the part showing your picture is outlined"
    if _part(work_box):
        return "all of it shows the part of your picture outlined beside it"
    return "all of it matched the whole of your picture"


def figures(m: MatchEvidence, work_file: Path | None, private: bool) -> tuple[Figure | None, Figure | None]:
    """(work figure, candidate figure) for pictures and sounds; paths are where they go in the bundle."""
    kind, ev = m.finding.kind, m.finding.evidence
    theirs = captured_candidate(m.captures)
    base = f"previews/match-{m.id}"
    if kind == "image":
        side = PRIVATE_SIDE if private else 640
        mine = image_preview(work_file, ev.get("work_box"), side) if work_file else None
        other = image_preview(theirs, ev.get("candidate_box")) if theirs else None
        return (_fig(f"{base}-work.jpg", mine, "Your work; " + _where(ev.get("work_box"))),
                _fig(f"{base}-candidate.jpg", other, "The candidate as captured; " + _theirs(ev.get("candidate_box"),
                                                                                        ev.get("work_box"))))
    if kind == "audio":
        length = float(ev.get("aligned_stretch_s", 0.0))  # in the copy's seconds
        speed = float(ev.get("speed_factor") or 1.0)  # the work's seconds per second of the copy (as the window's
        speed = speed if speed > 0 else 1.0  # waveform_view.py draws it): a copy played faster covers more of it
        mine = waveform(work_file, float(ev.get("work_offset_s", 0.0)), length * speed) if work_file else None
        other = waveform(theirs, float(ev.get("candidate_offset_s", 0.0)), length) if theirs else None
        return (_fig(f"{base}-work.png", mine, "Your work's waveform; the aligned stretch is shaded"),
                _fig(f"{base}-candidate.png", other, "The candidate's waveform; the aligned stretch is shaded"))
    if kind == "voice":
        best = (ev.get("segments") or [{}])[0]
        start, end = float(best.get("start", 0.0)), float(best.get("end", 0.0))
        other = waveform(theirs, start, end - start) if theirs else None
        return None, _fig(f"{base}-candidate.png", other, "The candidate's waveform; the stretch that sounds most "
                                                           "like you is shaded")
    return None, None


def excerpts(m: MatchEvidence, work_file: Path | None, private: bool) -> tuple[Excerpt | None, Excerpt | None]:
    """(work passage, candidate passage) with the copied part marked, for text matches."""
    if m.finding.kind != "text":
        return None, None
    ev = m.finding.evidence
    theirs = captured_candidate(m.captures)
    candidate_text = _read(theirs) if theirs else m.candidate_text
    mine = None if private or work_file is None else _excerpt(_read(work_file), ev.get("work_span"))
    return mine, _excerpt(candidate_text, ev.get("candidate_span"))


def _fig(path: str, data: bytes | None, caption: str) -> Figure | None:
    return Figure(path, data, caption) if data else None


def _read(path: Path) -> str:
    from creatorwatch.core.files.textread import read_text

    try:
        return read_text(path)
    except (UnreadableMedia, OSError):
        return ""


def _excerpt(text: str, span: Any) -> Excerpt | None:
    if not text:
        return None
    try:
        start, end = (int(v) for v in span)
    except (TypeError, ValueError):
        start, end = 0, 0
    if not 0 <= start < end <= len(text):
        return Excerpt("", "", _squash(text[:CONTEXT_CHARS * 2]))
    marked = text[start:end]
    if len(marked) > MARK_CHARS:
        marked = marked[: MARK_CHARS // 2] + " … " + marked[-MARK_CHARS // 2:]
    return Excerpt(_squash(text[max(0, start - CONTEXT_CHARS):start]), _squash(marked),
                   _squash(text[end:end + CONTEXT_CHARS]))


def _squash(text: str) -> str:
    return re.sub(r"[ \t]+", " ", text)
