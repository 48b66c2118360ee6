"""Whether a window can be shown at all: without a graphical session Qt aborts (exit 134, no words, and a crash
dialog on the next start), so the window's command says so plainly first. Imports no Qt."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

NO_DISPLAY = "CreatorWatch needs a graphical session; the command line works without one: creatorwatch --help"


def has_display(env: Mapping[str, str] | None = None, platform: str | None = None) -> bool:
    """False on Linux and the BSDs when neither X11 nor Wayland is reachable and no Qt platform was chosen
    (QT_QPA_PLATFORM=offscreen runs without one). Windows and macOS always have one."""
    env = os.environ if env is None else env
    platform = platform or sys.platform
    if platform.startswith(("win", "darwin")):
        return True
    return any(env.get(name) for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"))
