"""Compare shows the find's Content Credentials beside the two pictures: generator, digital source type, signer,
valid or invalid, and its ingredients, with one of the creator's works among them called out as proof of use."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QThreadPool
from pytestqt.qtbot import QtBot

from creatorwatch.core.library.works import Library
from creatorwatch.core.optout.provenance import read_provenance
from creatorwatch.core.records.findings import Findings
from creatorwatch.core.records.source_store import SourceStore
from creatorwatch.core.sources.base import SourceConfig
from creatorwatch.core.store.db import open_database
from creatorwatch.core.watch.monitor import Monitor
from creatorwatch.ui.compare_view import CompareDialog
from creatorwatch.ui.provenance_panel import provenance_html
from tests.media import make_picture
from tests.test_provenance import generated_picture
from tests.test_provenance_flow import remix_naming
from tests.ui_fixtures import make_paths

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")


def test_compare_shows_the_credentials_and_flags_the_creators_work_among_the_ingredients(
        qtbot: QtBot, tmp_path: Path) -> None:
    paths = make_paths(tmp_path / "home")
    db = open_database(paths.database)
    work = make_picture(tmp_path / "my-painting.png", seed=11, size=(640, 480))
    Library(db).add_paths([work])
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    remix_naming(work, make_picture(tmp_path / "unlike.jpg", seed=12, fmt="JPEG"), downloads / "remix.jpg")
    SourceStore(db).add(SourceConfig("downloads", "folder", settings={"path": str(downloads)}))
    Monitor(db, cache=paths.cache).check()
    finding = Findings(db).all()[0]
    title = Library(db).get(1).title  # type: ignore[union-attr]
    db.conn.close()

    dialog = CompareDialog(paths, finding, title)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.provenance.isVisible, timeout=30_000)

    text = dialog.provenance.text.text()
    assert dialog.provenance.title() == "Content Credentials"
    assert "<b>Valid</b>" in text and "ImageMaker AI 2.1" in text
    assert "Remix AI (untrusted, self-made by CreatorWatch)" in text and text.count("untrusted") == 1
    assert "trainedAlgorithmicMedia — <b>made by AI</b>" in text
    assert "input.png" in text and f"your work “{title}” — the same file (SHA-256)" in text
    assert "proof it was made from" in dialog.explanation.text()
    dialog.close()
    assert QThreadPool.globalInstance().waitForDone(30_000)


def test_the_panel_says_invalid_credentials_plainly_and_is_hidden_without_provenance(tmp_path: Path) -> None:
    signed = generated_picture(tmp_path)
    data = bytearray(signed.read_bytes())
    data[-200] ^= 0xFF  # one byte of the picture changed after signing
    signed.write_bytes(bytes(data))
    html = provenance_html(read_provenance(signed))
    assert "Present but invalid</b>: " in html and "ImageMaker AI 2.1" in html
    assert "none: this copy carries no Content Credentials" in provenance_html(
        read_provenance(make_picture(tmp_path / "plain.png", seed=3)))
    assert provenance_html(None) == ""
