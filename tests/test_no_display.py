"""`creatorwatch gui` over SSH or in a plain terminal: plain words and exit 2, not a Qt abort and a crash log."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from creatorwatch.paths import resolve_paths


def test_the_window_without_a_display_says_so_and_leaves_no_crash_log(home: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    started = subprocess.run([sys.executable, "-m", "creatorwatch", "--home", str(home), "gui"], env=env,
                             capture_output=True, text=True, timeout=120, check=False)
    assert started.returncode == 2
    assert started.stderr.strip() == ("CreatorWatch needs a graphical session; the command line works without one: "
                                      "creatorwatch --help")
    logs = resolve_paths(home).logs
    assert not [p for p in logs.rglob("*") if "crash" in p.name.lower()]
