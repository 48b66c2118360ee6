"""A watched folder on a drive that is not connected is not "checked, nothing new": an unplugged drive leaves its
mount point behind, an empty folder, and the creator believed it watched. The Sources page and `creatorwatch
sources` say it needs attention, in a sentence; and the files they list as unreadable are those the latest check
found so, not ones since deleted or mended."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QThreadPool
from pytestqt.qtbot import QtBot

from creatorwatch.paths import Paths
from creatorwatch.ui.sources_view import SourcesView
from tests.conftest import CliRunner
from tests.media import make_picture
from tests.ui_fixtures import make_paths

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")
EMPTY_NOW = "is empty now; if it is on a drive, is the drive connected?"
BROKEN = b"\x89PNG\r\n\x1a\n" + b"\0" * 40  # a download cut short


@pytest.fixture
def paths(home: Path) -> Paths:
    return make_paths(home)


@pytest.fixture
def drive(tmp_path: Path, run_cli: CliRunner) -> Path:
    """The mount point of the creator's drive, holding two pictures, watched as the source "drive"."""
    mount = tmp_path / "media" / "backup"
    mount.mkdir(parents=True)
    make_picture(mount / "holiday.png", seed=8)
    make_picture(mount / "harbour.png", seed=9)
    added = run_cli("sources", "add", "folder", "--name", "drive", "--set", f"path={mount}")
    assert added.returncode == 0, added.stderr
    return mount


def check(run_cli: CliRunner) -> None:
    assert run_cli("check").returncode in (0, 1)  # 1: a source needs attention, as the report says


def listed(run_cli: CliRunner) -> dict[str, Any]:
    shown = run_cli("sources", "--json")
    assert shown.returncode == 0, shown.stderr
    [source] = json.loads(shown.stdout)
    return dict(source)


def shown_on_page(qtbot: QtBot, paths: Paths) -> tuple[str, str]:
    """The source's Health cell and the details below the table, as the Sources page opened now shows them."""
    page = SourcesView(paths)
    qtbot.addWidget(page)
    page.show()
    page.reload()
    qtbot.waitUntil(lambda: page.loaded, timeout=10_000)
    assert QThreadPool.globalInstance().waitForDone(10_000)
    health = page.table.item(0, 2)
    assert health is not None
    return health.text(), page.details.text()


def test_an_unplugged_drive_needs_attention_until_it_is_back(qtbot: QtBot, run_cli: CliRunner, drive: Path,
                                                             paths: Paths,
                                                             tmp_path: Path) -> None:
    check(run_cli)
    assert listed(run_cli)["health"] == "ok"
    unplugged = tmp_path / "elsewhere"
    shutil.move(drive, unplugged)
    drive.mkdir()  # what an unplugged drive leaves: its mount point, empty

    check(run_cli)
    source = listed(run_cli)
    assert source["health"] == "failing" and f"the folder {drive} {EMPTY_NOW}" in source["error"]
    health, details = shown_on_page(qtbot, paths)
    assert health.startswith("▲ failing") and EMPTY_NOW in details

    drive.rmdir()
    shutil.move(unplugged, drive)  # plugged in again: healthy, and nothing read twice
    checked = run_cli("check", "--json")
    assert json.loads(checked.stdout)["new"] == 0, checked.stdout
    assert listed(run_cli)["health"] == "ok"
    health, details = shown_on_page(qtbot, paths)
    assert health.startswith("● ") and EMPTY_NOW not in details


def test_a_missing_folder_needs_attention_and_an_always_empty_one_says_so_quietly(
        qtbot: QtBot, run_cli: CliRunner, tmp_path: Path, paths: Paths) -> None:
    empty = tmp_path / "inbox"
    empty.mkdir()
    assert run_cli("sources", "add", "folder", "--name", "inbox", "--set", f"path={empty}").returncode == 0
    check(run_cli)
    source = listed(run_cli)
    assert source["health"] == "ok" and source["report"]["headline"] == "The folder was empty at each check."
    health, details = shown_on_page(qtbot, paths)
    assert health.startswith("● ") and "The folder was empty at each check." in details

    empty.rmdir()
    check(run_cli)
    source = listed(run_cli)
    assert source["health"] == "failing"
    assert f"there is no folder at {empty}. Plug in the drive" in source["error"]
    assert "creatorwatch sources set inbox --set path=…" in source["error"]  # the command line keeps its way
    page = SourcesView(paths)  # the window says it with its own button
    qtbot.addWidget(page)
    page.reload()
    qtbot.waitUntil(lambda: page.loaded, timeout=10_000)
    problem = page.table.item(0, 5)
    assert problem is not None
    for said in (problem.text(), page.details.text()):
        assert "Plug in the drive, or choose another folder with Change…" in said and "creatorwatch" not in said


def test_the_unreadable_files_listed_are_those_the_latest_check_found(qtbot: QtBot, run_cli: CliRunner,
                                                                      drive: Path,
                                                                      paths: Paths) -> None:
    (drive / "cut-short.png").write_bytes(BROKEN)
    (drive / "half-copied.png").write_bytes(BROKEN)
    check(run_cli)
    assert {Path(item["url"]).name for item in listed(run_cli)["unreadable"]} == {"cut-short.png", "half-copied.png"}
    _, details = shown_on_page(qtbot, paths)
    assert "2 could not be read" in details and "cut-short.png" in details

    (drive / "cut-short.png").unlink()  # the creator deleted one
    make_picture(drive / "half-copied.png", seed=10)  # and the other finished copying
    check(run_cli)
    source = listed(run_cli)
    assert source["unreadable"] == [] and "could not be read" not in source["report"]["headline"]
    _, details = shown_on_page(qtbot, paths)
    assert "could not be read" not in details and "cut-short.png" not in details
