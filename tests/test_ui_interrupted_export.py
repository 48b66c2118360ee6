"""An export killed half-way is cleaned up at the next start: the window now says so, once, in plain words (which
bundle, that only its unfinished file went, that it can be exported again); it was only logged. With no export left
unfinished it says nothing. A command that sweeps first says it on its standard error."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from creatorwatch.core.evidence import export_record
from creatorwatch.core.store import atomic
from creatorwatch.core.store.db import open_database
from creatorwatch.paths import Paths, resolve_paths
from tests.conftest import CliRunner
from tests.ui_fixtures import paths, seed, start_desktop  # noqa: F401

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")


def test_the_next_start_says_which_export_was_cut_short(qtbot: QtBot, paths: Paths, tmp_path: Path) -> None:  # noqa: F811
    seed(paths)
    bundle = tmp_path / "ada-evidence.zip"
    db = open_database(paths.database)
    export_record.begin(db, bundle, [1], "2026-01-01T00:00:00Z")
    db.conn.close()
    atomic.partial_path(bundle).write_bytes(b"half a bundle")  # killed while writing: its lock went with it

    for desktop in start_desktop(qtbot, paths, tray=False):
        notice = desktop.window.interrupted
        assert notice.isVisible()
        said = notice.text.text()
        assert "“ada-evidence.zip” was not finished" in said
        assert "Its unfinished file was removed and nothing else changed" in said
        assert "export it again from Review" in said
        assert not atomic.partial_path(bundle).exists() and not bundle.exists()
        notice.first.click()
        assert desktop.window.current_page() == "review" and not notice.isVisible()

    for desktop in start_desktop(qtbot, paths, tray=False):  # said once: the start after says nothing
        assert not desktop.window.interrupted.isVisible()


def test_a_start_with_no_export_cut_short_says_nothing(qtbot: QtBot, paths: Paths) -> None:  # noqa: F811
    seed(paths)
    for desktop in start_desktop(qtbot, paths, tray=False):
        assert not desktop.window.interrupted.isVisible()


def test_a_command_that_sweeps_says_it_too(run_cli: CliRunner, home: Path, tmp_path: Path) -> None:
    bundle = tmp_path / "ada-evidence.zip"
    db = open_database(resolve_paths(str(home)).ensure().database)
    export_record.begin(db, bundle, [1], "2026-01-01T00:00:00Z")
    db.conn.close()
    atomic.partial_path(bundle).write_bytes(b"half a bundle")
    (tmp_path / "a.txt").write_text("A short text of mine.", encoding="utf-8")

    first = run_cli("add", tmp_path / "a.txt")
    assert first.returncode == 0, first.stderr
    assert "“ada-evidence.zip” was not finished" in first.stderr and "You can export it again." in first.stderr
    assert not atomic.partial_path(bundle).exists()
    assert "not finished" not in run_cli("remove", "1").stderr  # once
