"""A check the creator asks for says when it is done and what it found: "Checking all sources now…" went away
after five seconds and, when nothing was found, nothing more was ever said."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from creatorwatch.paths import Paths
from creatorwatch.ui.desktop import Desktop, monitor_scheduler
from tests.media import make_picture
from tests.ui_fixtures import paths, start_desktop, watch_folder  # noqa: F401

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")


@pytest.mark.parametrize("copies", [0, 1])
def test_a_check_asked_for_says_what_it_found(qtbot: QtBot, paths: Paths, tmp_path: Path,  # noqa: F811
                                               copies: int) -> None:
    original = make_picture(tmp_path / "lighthouse.png", seed=7)
    watched = tmp_path / "watched"
    watched.mkdir()
    make_picture(watched / "unrelated.png", seed=3)
    if copies:
        shutil.copy(original, watched / "scraped-0001.png")
    watch_folder(paths, [original], watched)
    running = start_desktop(qtbot, paths, tray=False, make_scheduler=monitor_scheduler)
    desktop = next(running)
    try:
        found = "2 new items, 1 new possible copy" if copies else "1 new item, 0 new possible copies"
        assert _checked_all(qtbot, desktop) == f"Check finished on 1 source: {found} and 0 new mentions."
        bar = desktop.window.statusBar()
        desktop.window.sources.check_all_button.click()  # again: what it looked at before is not new
        qtbot.waitUntil(lambda: bar.currentMessage() == "Check finished on 1 source: nothing new.", timeout=60_000)
    finally:
        next(running, None)


def test_a_check_whose_only_source_failed_does_not_say_it_checked_one(qtbot: QtBot, paths: Paths,  # noqa: F811
                                                                      tmp_path: Path) -> None:
    """"Check finished on 1 source: nothing new. Not checked: downloads" — the one source was not checked."""
    original = make_picture(tmp_path / "lighthouse.png", seed=7)
    watch_folder(paths, [original], tmp_path / "unplugged")  # the drive is not there
    running = start_desktop(qtbot, paths, tray=False, make_scheduler=monitor_scheduler)
    desktop = next(running)
    try:
        assert _checked_all(qtbot, desktop) == ("Check finished. Not checked: dataset-dump (the Sources page says "
                                                "why).")
    finally:
        next(running, None)


def test_a_check_asked_for_while_a_command_checks_that_source_says_so(qtbot: QtBot, paths: Paths,  # noqa: F811
                                                                       tmp_path: Path) -> None:
    """A `creatorwatch check` reading the source (its claim held here, as that process would hold it): the window's
    check does not read it too, and does not say "nothing new" of a source it did not read."""
    from creatorwatch.core.store.process_locks import claimed

    original = make_picture(tmp_path / "lighthouse.png", seed=7)
    watched = tmp_path / "watched"
    watched.mkdir()
    shutil.copy(original, watched / "scraped-0001.png")
    watch_folder(paths, [original], watched)
    running = start_desktop(qtbot, paths, tray=False, make_scheduler=monitor_scheduler)
    desktop = next(running)
    try:
        with claimed(paths.database.parent, ["dataset-dump"]) as held:
            assert held == {"dataset-dump"}
            said = _checked_all(qtbot, desktop)
        assert said == ("Check finished. Already being checked elsewhere (by `creatorwatch check` or `run`): "
                        "dataset-dump; its finds are recorded by that check.")
        assert _checked_all(qtbot, desktop).startswith("Check finished on 1 source: 1 new item, 1 new possible copy")
    finally:
        next(running, None)


def test_check_all_with_no_source_yet_says_how_to_add_one(qtbot: QtBot, paths: Paths) -> None:  # noqa: F811
    """It said "Checking all sources now…" and then nothing, with nothing to check."""
    running = start_desktop(qtbot, paths, tray=False)
    desktop = next(running)
    try:
        desktop.window.show_page("sources")
        qtbot.waitUntil(lambda: desktop.window.sources.loaded)
        desktop.window.sources.check_all_button.click()
        said = desktop.window.statusBar().currentMessage()
        assert "no source to check yet" in said and "Add source" in said
        assert desktop.scheduler.checks == []  # type: ignore[attr-defined]
    finally:
        next(running, None)


def _checked_all(qtbot: QtBot, desktop: Desktop) -> str:
    """What the status bar says once Check all now, clicked on the Sources page, has finished."""
    desktop.window.show_page("sources")
    desktop.window.sources.check_all_button.click()
    bar = desktop.window.statusBar()
    qtbot.waitUntil(lambda: bar.currentMessage().startswith("Check finished"), timeout=60_000)
    return bar.currentMessage()
