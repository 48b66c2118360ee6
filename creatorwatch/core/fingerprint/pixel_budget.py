"""One budget of decoded pixels shared by every thread in the process, so that several workers each opening
a huge picture wait their turn instead of holding gigabytes between them."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager


class PixelBudget:
    """At most `total` pixels decoded at full size at once; a picture larger than the whole budget runs alone."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.in_use = 0
        self.peak = 0  # the most ever held at once (for tests and figures)
        self._changed = threading.Condition()

    @contextmanager
    def held(self, pixels: int) -> Iterator[None]:
        """Wait until `pixels` fit in what is left of the budget, hold them for the block, then give them back."""
        share = max(1, min(pixels, self.total))
        with self._changed:
            self._changed.wait_for(lambda: self.in_use + share <= self.total)
            self.in_use += share
            self.peak = max(self.peak, self.in_use)
        try:
            yield
        finally:
            with self._changed:
                self.in_use -= share
                self._changed.notify_all()
