"""The figures of a recording's match, said alike by the window and the evidence report: they disagreed ("10
seconds that match" in an 8.99 s stretch; "their 0:00" beside "0.45"), which a reader of either takes for an error.

The engine counts the seconds of the copy that hold matching sound, so a stretch from 0.45 s to 9.44 s touches ten
of them; no more of it can match than the stretch lasts, so the count is held to the stretch, both in whole
seconds. Positions are quoted to the tenth of a second."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from creatorwatch.core.wording.times import clock_tenths


@dataclass(frozen=True)
class AudioFigures:
    matched_seconds: int  # seconds of the copy that match, never more than the stretch
    stretch_seconds: int  # how long the aligned stretch lasts
    candidate_at: str  # where the stretch starts in the copy, "0:00.5"
    work_at: str  # and in the creator's work


def audio_figures(evidence: dict[str, Any]) -> AudioFigures:
    """The figures of an audio match's `evidence` as the engine recorded it (older finds included)."""
    matched = int(evidence.get("matched_seconds") or 0)
    recorded = evidence.get("aligned_stretch_s")
    stretch = matched if recorded is None else max(1, round(float(recorded)))
    matched = min(matched, stretch)
    return AudioFigures(matched, stretch, clock_tenths(float(evidence.get("candidate_offset_s") or 0)),
                        clock_tenths(float(evidence.get("work_offset_s") or 0)))
