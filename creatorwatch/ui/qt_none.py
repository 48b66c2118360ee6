"""A guard for a bug in PySide6 6.12 on Python 3.11: every call to a void Qt method from Python (and every None a
Python model hands back to C++) drops one reference to None, and more rarely to True or False. The GUI bench found
it: after some tens of thousands of calls the count reaches zero and the interpreter aborts ("deallocating None").
A tray app that runs for weeks would certainly get there.

From Python 3.12 these constants are immortal and the bug is harmless, so nothing is done there. On 3.11 they are
given a reserve of references once at start; they are never freed anyway, so the reserve costs nothing. Remove
this module when the app requires Python 3.12 or a PySide6 without the bug.
"""

from __future__ import annotations

import ctypes
import sys

RESERVE = 1 << 50  # more void calls than the app could make in centuries


def protect_none() -> None:
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    for constant in (None, True, False):
        count = ctypes.c_ssize_t.from_address(id(constant))
        if count.value < RESERVE:
            count.value += RESERVE
