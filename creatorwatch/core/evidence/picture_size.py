"""How large a found copy shows the creator's picture, in the pixels of the two files.

The engine compares both pictures at one size, so its transform's scale says how the copy's part compares with
the work's part at that size: a crop kept at its original size reads larger than 1. A reader of the evidence
wants the pixels: 1 for a copy at the original size, 0.5 for one scaled to half. The matched parts (the boxes)
give it whatever the method, a crop, a picture found on a page or a whole copy alike.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from creatorwatch.core.evidence.capture import captured_candidate
from creatorwatch.core.evidence.gather import MatchEvidence
from creatorwatch.core.files.picture_open import open_picture

WHOLE = (0.0, 0.0, 1.0, 1.0)


def shown_size(m: MatchEvidence) -> float | None:
    """The side of the work's part as the copy shows it over the same side in the work, in pixels (the square
    root of their areas' ratio); None when either picture's size is unknown (the copy was not kept)."""
    if m.finding.kind != "image" or m.work is None:
        return None
    work = _facts_pixels(m.work.facts) or _file_pixels(Path(m.work.path))
    copied = captured_candidate(m.captures)
    copy = _file_pixels(copied) if copied else None
    if not work or not copy:
        return None
    evidence = m.finding.evidence
    work_area = box_share(evidence.get("work_box")) * work[0] * work[1]
    copy_area = box_share(evidence.get("candidate_box")) * copy[0] * copy[1]
    return round(math.sqrt(copy_area / work_area), 2) if work_area > 0 and copy_area > 0 else None


def is_box(value: Any) -> bool:
    return isinstance(value, (list, tuple)) and len(value) == 4 and all(isinstance(v, (int, float)) for v in value)


def box_share(box: Any) -> float:
    """The share of a picture a box (x0, y0, x1, y1 as shares of its sides) covers; a missing box is the whole."""
    x0, y0, x1, y1 = (min(1.0, max(0.0, float(v))) for v in (box if is_box(box) else WHOLE))
    return max(0.0, x1 - x0) * max(0.0, y1 - y0)


def _facts_pixels(facts: dict[str, Any]) -> tuple[int, int] | None:
    width, height = facts.get("width"), facts.get("height")
    return (width, height) if isinstance(width, int) and isinstance(height, int) and width > 0 < height else None


def _file_pixels(path: Path) -> tuple[int, int] | None:
    """A picture file's size from its header alone; None if it cannot be read (moved, damaged)."""
    try:
        with open_picture(str(path)) as im:
            return im.size
    except (OSError, ValueError, SyntaxError):
        return None
