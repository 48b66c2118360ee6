"""Screenshots of every screen in a real window (run under Xvfb: DISPLAY=:99), light and dark, into docs/screenshots.

    DISPLAY=:99 python -m tests.bench.gui_screens
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PIL import Image
from PySide6.QtWidgets import QApplication, QWidget

from creatorwatch.core.library.works import Library
from creatorwatch.core.records.source_store import SourceStore
from creatorwatch.core.records.terms import Terms
from creatorwatch.core.sources.base import SourceConfig
from creatorwatch.core.store.db import open_database
from creatorwatch.core.store.events import EventHub
from creatorwatch.core.store.preferences import Preferences, save_preferences
from creatorwatch.core.watch.monitor import Monitor
from creatorwatch.ui.desktop import Desktop
from tests.media import SCRIPT, make_picture, make_recording
from tests.ui_fixtures import RecordingScheduler, make_paths

OUT = Path("docs/screenshots")


def build_home(root: Path) -> Path:
    works, watched = root / "works", root / "watched"
    works.mkdir()
    watched.mkdir()
    for seed, name in enumerate(("Lighthouse at dusk", "Harbour study", "Fox in snow", "Cover art")):
        make_picture(works / f"{name}.png", seed=seed + 3, size=(480, 360))
    make_recording(works / "Opening theme.wav", seed=2, seconds=8)
    (works / "Pilot episode.fountain").write_text(SCRIPT, encoding="utf-8")
    crop = Image.open(works / "Lighthouse at dusk.png").crop((40, 30, 440, 330)).resize((400, 300))
    crop.save(watched / "lora-sample-0042.png")
    shutil.copy(works / "Fox in snow.png", watched / "dataset-000913.png")
    paths = make_paths(root / "home")
    db = open_database(paths.database)
    Library(db).add_paths([works])
    store = SourceStore(db)
    store.add(SourceConfig("dataset-dump", "folder", settings={"path": str(watched)}))
    store.add(SourceConfig("hf-models", "huggingface"))
    store.add(SourceConfig("my-feed", "feed", settings={"url": "https://blog.example/rss"}))
    Terms(db).add(["Ada Lin"])
    Monitor(db, hub=EventHub(), secret=lambda _n: None).check()
    now = datetime.now(UTC)
    with db.conn:
        for day in range(1, 40, 3):
            db.execute("INSERT INTO candidates (url, source, title, text, first_seen) VALUES (?, 'my-feed', ?, ?, ?)",
                       [f"https://prompts.example/p/{day}", f"Prompt pack {day}", "in the style of Ada Lin",
                        now.isoformat()])
            cid = db.execute("SELECT MAX(id) FROM candidates").fetchone()[0]
            db.execute("INSERT INTO matches (type, candidate_id, term, score, found_at, status) VALUES"
                       " ('mention', ?, 'Ada Lin', 1.0, ?, ?)",
                       [cid, (now - timedelta(days=day)).isoformat(), "dismissed" if day % 2 else "new"])
    db.conn.close()
    return paths.data.parent


def shoot(widget: QWidget, name: str, app: QApplication) -> None:
    for _ in range(20):
        app.processEvents()
    widget.grab().save(str(OUT / f"{name}.png"))


def main() -> int:
    app = QApplication(sys.argv[:1])
    root = Path(tempfile.mkdtemp(prefix="cw-screens-"))
    home = build_home(root)
    paths = make_paths(home)
    for scheme in ("light", "dark"):
        db = open_database(paths.database)
        save_preferences(db, Preferences(appearance=scheme, creator_name="Ada Lin",
                                         creator_contact="ada@studio.example"))
        db.conn.close()
        desktop = Desktop(paths, app, tray_available=False, make_scheduler=RecordingScheduler)
        desktop.start()
        window = desktop.window
        window.resize(1180, 740)
        window.reload()
        from PySide6.QtCore import QThreadPool

        QThreadPool.globalInstance().waitForDone()
        for page in ("overview", "library", "review", "sources", "settings"):
            window.show_page(page)
            if page == "review":
                window.matches.show_status("Everything")
            for _ in range(30):
                QThreadPool.globalInstance().waitForDone()
                app.processEvents()
            if page == "overview":
                window.dashboard.reload()
                QThreadPool.globalInstance().waitForDone()
                app.processEvents()
            shoot(window, f"{page}-{scheme}", app)
        matches = window.matches
        image_rows = [r for r in range(matches.model.rowCount()) if matches.model.finding_at(r).kind == "image"]
        if image_rows:
            matches.open_finding(matches.model.finding_at(image_rows[0]).id)
            for _ in range(40):
                QThreadPool.globalInstance().waitForDone()
                app.processEvents()
            dialog = matches._dialogs[-1]
            dialog.resize(1000, 620)
            shoot(dialog, f"compare-{scheme}", app)
            if hasattr(dialog, "overlay_slider"):
                dialog.overlay_slider.setValue(55)
                shoot(dialog, f"compare-overlay-{scheme}", app)
            dialog.close()
        desktop.window.banner.show_alert(__import__("creatorwatch.ui.notifications", fromlist=["describe"]).describe(
            [{"id": 1, "type": "match", "score": 0.93, "candidate_url": "https://civitai.example/models/1"}] * 3))
        window.show_page("overview")
        shoot(window, f"alert-in-window-{scheme}", app)
        desktop.quit()
        desktop.shutdown()
        window.close()
        window.deleteLater()
        app.processEvents()
    print(f"screenshots in {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
