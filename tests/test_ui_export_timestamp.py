"""A trusted timestamp that could not be had, said in the window: `export` printed "no trusted timestamp: …", and the
window's saved box said only "Saved to …", so a creator believed the bundle was stamped."""

from __future__ import annotations

import socket
from pathlib import Path

from pytestqt.qtbot import QtBot

from creatorwatch.core.evidence.timestamp import save_tsa_url
from creatorwatch.core.store.db import open_database
from creatorwatch.paths import Paths
from tests.ui_fixtures import open_window, paths, seed  # noqa: F401


def _nothing_listens() -> str:
    """A loopback address whose port was free a moment ago: connecting to it is refused."""
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    return f"http://127.0.0.1:{port}/tsr"


def _export_unstamped(qtbot: QtBot, paths: Paths, tmp_path: Path) -> tuple[str, str]:  # noqa: F811
    """What the status bar and the saved box say of a bundle exported while the timestamp authority is down."""
    seed(paths, works=1, finds=2)
    db = open_database(paths.database)
    save_tsa_url(db, _nothing_listens())
    db.conn.close()
    view = open_window(qtbot, paths, "review").matches
    [chosen] = [f.id for f in view.model._all if f.type == "match"]
    with qtbot.waitSignal(view.message, timeout=60_000,
                          check_params_cb=lambda text, _: text.startswith("Saved the evidence bundle")) as saved:
        view.export_to(tmp_path / "bundle.zip", [chosen])
    box = view.saved_box
    assert box is not None
    qtbot.waitUntil(box.isVisible)
    return saved.args[0], box.informativeText()


def test_saved_box_says_the_timestamp_authority_could_not_be_reached(qtbot: QtBot, paths: Paths,  # noqa: F811
                                                                    tmp_path: Path) -> None:
    status, box = _export_unstamped(qtbot, paths, tmp_path)
    assert "no trusted timestamp: the timestamp authority http://127.0.0.1:" in status
    assert "\u2022 no trusted timestamp: the timestamp authority http://127.0.0.1:" in box


def test_the_unreachable_authority_is_said_once_and_cleanly(qtbot: QtBot, paths: Paths,  # noqa: F811
                                                           tmp_path: Path) -> None:
    """It read "… could not be reached or refused (timestamp authority: could not be reached (connection
    refused). Check the address and your internet connection.)." """
    status, box = _export_unstamped(qtbot, paths, tmp_path)
    for said in (status, box):
        assert said.count("could not be reached") == 1 and said.count("timestamp authority") == 1
        assert "could not be reached (connection refused). Check the address and your internet connection." in said
        assert ".)" not in said and ".." not in said
