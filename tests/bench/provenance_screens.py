"""Screenshots of provenance and protection in a real window (run under Xvfb), into docs/screenshots: Review with a
find's Content Credentials line, Compare with its Content Credentials panel (the creator's work flagged among the
ingredients), and the Website page after auditing a loopback site.

    xvfb-run -a -s "-screen 0 1400x900x24" python -m tests.bench.provenance_screens
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QItemSelectionModel, QThreadPool
from PySide6.QtWidgets import QApplication, QWidget
from pytest_httpserver import HTTPServer

from creatorwatch.core.library.works import Library
from creatorwatch.core.records.source_store import SourceStore
from creatorwatch.core.sources.base import SourceConfig
from creatorwatch.core.store.db import open_database
from creatorwatch.core.store.events import EventHub
from creatorwatch.core.watch.monitor import Monitor
from creatorwatch.ui.desktop import Desktop
from creatorwatch.ui.tasks import pending
from tests.media import make_picture
from tests.test_audit import serve_site
from tests.test_provenance_flow import remix_naming
from tests.ui_fixtures import RecordingScheduler, make_paths

OUT = Path("docs/screenshots")
ROBOTS = "User-agent: GPTBot\nUser-agent: ClaudeBot\nDisallow: /\n\nUser-agent: *\nAllow: /\n"


def build_home(root: Path) -> Path:
    works, watched = root / "works", root / "watched"
    works.mkdir()
    watched.mkdir()
    work = make_picture(works / "Harbour study.png", seed=7, size=(480, 360))
    make_picture(works / "Fox in snow.png", seed=5, size=(480, 360))
    Image.open(work).convert("RGB").save(root / "copy.jpg", quality=88)
    remix_naming(work, root / "copy.jpg", watched / "remix-0042.jpg")
    paths = make_paths(root / "home")
    db = open_database(paths.database)
    Library(db).add_paths([works])
    SourceStore(db).add(SourceConfig("image-board", "folder", settings={"path": str(watched)}))
    Monitor(db, hub=EventHub(), secret=lambda _n: None).check()
    db.conn.close()
    return root / "home"


def settle(app: QApplication, rounds: int = 30) -> None:
    for _ in range(rounds):
        QThreadPool.globalInstance().waitForDone()
        app.processEvents()


def shoot(widget: QWidget, name: str, app: QApplication) -> None:
    settle(app, 20)
    widget.grab().save(str(OUT / f"{name}.png"))


def main() -> int:
    app = QApplication(sys.argv[:1])
    root = Path(tempfile.mkdtemp(prefix="cw-provenance-screens-"))
    paths = make_paths(build_home(root))
    server = HTTPServer()
    server.start()
    try:
        url = serve_site(server, ROBOTS, meta='<meta name="robots" content="noai">')
        desktop = Desktop(paths, app, tray_available=False, make_scheduler=RecordingScheduler)
        desktop.start()
        window = desktop.window
        window.resize(1180, 740)
        window.show()
        window.reload()
        window.show_page("review")
        window.matches.show_status("Everything")
        settle(app)
        matches = window.matches
        matches.table.selectionModel().select(matches.model.index(0, 0), QItemSelectionModel.SelectionFlag.
                                              ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        shoot(window, "review-provenance", app)
        matches.open_finding(matches.model.finding_at(0).id)
        settle(app, 40)
        dialog = matches._dialogs[-1]
        dialog.resize(1180, 660)
        shoot(dialog, "compare-provenance", app)
        dialog.close()
        window.show_page("website")
        window.website.address.setText(url)
        window.website.start_audit()
        while pending():
            settle(app, 1)
        shoot(window, "audit-page", app)
        desktop.quit()
        desktop.shutdown()
    finally:
        server.stop()
    print(f"screenshots in {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
