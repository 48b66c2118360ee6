"""The figures of a recording's match, said alike by the engine's evidence (`match --json`), the window and the
evidence report: they disagreed ("10 seconds that match" in an 8.99 s stretch; "their 0:00" beside "0.45"; 4 seconds
in the JSON of a 3.59 s copy, 3 in the window), which a reader of either takes for an error.

The engine counts the seconds of the copy that hold matching sound, so a stretch from 0.45 s to 9.44 s touches ten
of them; no more of it can match than the stretch lasts, so the count is held to the whole seconds the stretch lasts
(rounded down: never more than the copy itself lasts). Positions are quoted to the tenth of a second.

A speed measured at the limit of what the engine measured (evidence "speed_measured_within", 0.08 for finds made
before it measured further) is only a bound: such a copy is said to play "1.15× or faster", and its pitch, which a
resample's speed tells, "at least about 2.4 semitones higher"."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from creatorwatch.core.wording.times import clock_tenths

SEARCHED_SPEEDS = 0.08  # how far from 1 a speed was measured when the evidence does not say (older finds)


@dataclass(frozen=True)
class AudioFigures:
    matched_seconds: int  # seconds of the copy that match, never more than the stretch
    stretch_seconds: float  # how long the aligned stretch lasts, as recorded (hundredths)
    candidate_at: str  # where the stretch starts in the copy, "0:00.5"
    work_at: str  # and in the creator's work
    speed: float  # the work's seconds per second of the copy (1.0 unchanged)
    semitones: float  # how much higher (or lower, negative) it sounds, to the tenth
    at_least: bool  # the speed is a bound: the copy may be sped further

    def pitch_at_least(self) -> bool:
        """Whether the pitch is a bound too: it is the one the speed tells (a resample), not a shift of its own."""
        return self.at_least and bool(self.semitones) and abs(self.semitones - 12 * math.log2(self.speed)) < 0.06

    def speed_value(self) -> str:
        """"1.12", or "1.15 or faster" for a bound (the report's value)."""
        return f"{self.speed:.3g}" + (f" or {'faster' if self.speed > 1 else 'slower'}" if self.at_least else "")

    def pitch_value(self) -> str:
        """"1.3", or "at least 2.4" for a bound (the report's value; negative is lower)."""
        return ("at least " if self.pitch_at_least() else "") + f"{self.semitones:.3g}"


def seconds_that_match(touched: int, stretch_s: float) -> int:
    """The seconds of a copy holding matching sound (`touched`), held to the whole seconds its aligned stretch lasts."""
    return min(touched, max(1, int(stretch_s)))


def audio_figures(evidence: dict[str, Any]) -> AudioFigures:
    """The figures of an audio match's `evidence` as the engine recorded it (older finds included)."""
    matched = int(evidence.get("matched_seconds") or 0)
    recorded = evidence.get("aligned_stretch_s")
    stretch = float(matched if recorded is None else recorded)
    speed = float(evidence.get("speed_factor") or 1.0)
    within = float(evidence.get("speed_measured_within") or SEARCHED_SPEEDS)
    return AudioFigures(seconds_that_match(matched, stretch), stretch,
                        clock_tenths(float(evidence.get("candidate_offset_s") or 0)),
                        clock_tenths(float(evidence.get("work_offset_s") or 0)), speed,
                        round(float(evidence.get("pitch_shift_semitones") or 0), 1) + 0.0,
                        abs(speed - 1.0) >= within - 1e-9)
