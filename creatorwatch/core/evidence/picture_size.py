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
from creatorwatch.core.library.works import Work

WHOLE = (0.0, 0.0, 1.0, 1.0)
Pixels = tuple[int, int]  # width, height


def shown_size(m: MatchEvidence) -> float | None:
    """How large the copy kept in the evidence shows the work (see shown_in_pixels); None when either picture's
    size is unknown (the copy was not kept)."""
    if m.finding.kind != "image" or m.work is None:
        return None
    copied = captured_candidate(m.captures)
    evidence = m.finding.evidence
    return shown_in_pixels(work_pixels(m.work), picture_pixels(copied) if copied else None,
                           evidence.get("work_box"), evidence.get("candidate_box"))


def shown_in_pixels(work: Pixels | None, copy: Pixels | None, work_box: Any, candidate_box: Any) -> float | None:
    """The side of the work's part as the copy shows it over the same side in the work, in pixels of the two files
    (the square root of their areas' ratio): the report and the window say it alike. None when a size is unknown."""
    if not work or not copy:
        return None
    work_area = box_share(work_box) * work[0] * work[1]
    copy_area = box_share(candidate_box) * copy[0] * copy[1]
    return round(math.sqrt(copy_area / work_area), 2) if work_area > 0 and copy_area > 0 else None


def work_pixels(work: Work) -> Pixels | None:
    """A work's size in pixels: as the library noted it, else from its file."""
    return _facts_pixels(work.facts) or picture_pixels(Path(work.path))


def is_box(value: Any) -> bool:
    return isinstance(value, (list, tuple)) and len(value) == 4 and all(isinstance(v, (int, float)) for v in value)


def box_share(box: Any) -> float:
    """The share of a picture a box (x0, y0, x1, y1 as shares of its sides) covers; a missing box is the whole."""
    x0, y0, x1, y1 = (min(1.0, max(0.0, float(v))) for v in (box if is_box(box) else WHOLE))
    return max(0.0, x1 - x0) * max(0.0, y1 - y0)


def _facts_pixels(facts: dict[str, Any]) -> Pixels | None:
    width, height = facts.get("width"), facts.get("height")
    return (width, height) if isinstance(width, int) and isinstance(height, int) and width > 0 < height else None


def picture_pixels(path: Path) -> Pixels | None:
    """A picture file's size from its header alone; None if it cannot be read (moved, damaged)."""
    try:
        with open_picture(str(path)) as im:
            return im.size
    except (OSError, ValueError, SyntaxError):
        return None
