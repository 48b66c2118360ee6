"""Long words cut short for a label: a word-wrapping label cannot break a 240-character file name, so it took the
name's whole width and pushed the window (1816 px on a 1600 px screen, the watch terms off its edge) and Compare's
buttons off screen. The full text stays where the creator can read it: a tooltip, a link's address."""

from __future__ import annotations

import re

LONGEST = 60  # characters: about 450 px, and a file name's start and extension both stay in sight


def shortened(text: str, longest: int = LONGEST) -> str:
    """`text` with each word longer than `longest` characters cut in its middle, with "…" where it was cut."""
    keep = (longest - 1) // 2
    return re.sub(rf"\S{{{longest + 1},}}", lambda m: f"{m[0][:keep]}…{m[0][-keep:]}", text)
