"""A creator's week, end to end, on one real data file: works added, a folder source checked, more works added
later and found among what was already seen, a decision made from the command line while the window is open (the
window shows it), the find exported with its capture, and the bundle verified."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from creatorwatch.core.records.findings import Finding
from creatorwatch.ui.desktop import monitor_scheduler
from tests.media import make_picture
from tests.ui_fixtures import make_paths, start_desktop

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")


def cli(home: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run([sys.executable, "-m", "creatorwatch", "--home", str(home), *map(str, args)],
                          capture_output=True, text=True, timeout=300, env=env, check=False)
    assert "Traceback" not in done.stderr, done.stderr
    return done


def test_a_week_with_creatorwatch(qtbot: QtBot, tmp_path: Path) -> None:
    home = tmp_path / "home"
    mine = tmp_path / "portfolio"
    mine.mkdir()
    watched = tmp_path / "dataset-dump"
    watched.mkdir()
    for seed in (1, 2):
        make_picture(mine / f"early-{seed}.png", seed=seed)
    shutil.copy(mine / "early-1.png", watched / "img-0001.png")
    (tmp_path / "later").mkdir()
    later = make_picture(tmp_path / "later" / "harbour.png", seed=9)
    shutil.copy(later, watched / "img-0002.png")

    # Monday: works in, a folder source, one check — the copy of an early work is found
    assert cli(home, "add", mine).returncode == 0
    assert cli(home, "sources", "add", "folder", "--name", "dump", "--set", f"path={watched}").returncode == 0
    monday = json.loads(cli(home, "check", "--json").stdout)
    assert monday["matches"] == 1

    # Wednesday: a work added that the source had already shown; the rescan finds it
    assert cli(home, "add", later).returncode == 0
    wednesday = json.loads(cli(home, "check", "--rescan", "--json").stdout)
    assert wednesday["rescan"]["matches"] == 1
    finds = json.loads(cli(home, "matches", "--json").stdout)
    harbour = next(f for f in finds if f["candidate_url"].endswith("img-0002.png"))

    # Thursday: the window is open while the creator decides from the terminal
    paths = make_paths(home)
    running = start_desktop(qtbot, paths, tray=False, make_scheduler=monitor_scheduler)
    desktop = next(running)
    try:
        model = desktop.window.matches.model
        desktop.window.matches.show_filter.setCurrentText("Everything")  # as the creator would, to see every find

        def shown() -> list[Finding]:
            return [model.finding_at(row) for row in range(model.rowCount())]

        qtbot.waitUntil(lambda: desktop.window.matches.loaded and len(shown()) == 2, timeout=20_000)
        assert cli(home, "review", str(harbour["id"]), "--status", "confirmed").returncode == 0
        qtbot.waitUntil(lambda: any(f.id == harbour["id"] and f.status == "confirmed" for f in shown()),
                        timeout=10_000)

        # Friday: the evidence, with the file as it was found, and a bundle that verifies
        bundle = tmp_path / "harbour-evidence.zip"
        exported = cli(home, "export", str(harbour["id"]), "-o", bundle)
        assert exported.returncode == 0 and "no capture" not in exported.stdout + exported.stderr
        with zipfile.ZipFile(bundle) as z:
            kept = next(n for n in z.namelist() if n.endswith("/candidate.png"))
            assert z.read(kept) == (watched / "img-0002.png").read_bytes()
            assert "available on request" not in z.read("notice.txt").decode()
        verified = cli(home, "verify", bundle)
        assert verified.returncode == 0, verified.stdout
    finally:
        next(running, None)  # shuts the app down and checks nothing was left running
