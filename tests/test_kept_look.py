"""The grey copy a picture's fingerprint keeps comes back in the picture's proportions, and a work with no image
fingerprint (a recording) has none."""

from __future__ import annotations

from pathlib import Path

from creatorwatch.core.library.kept_look import kept_thumbnail
from creatorwatch.core.library.works import Library
from creatorwatch.core.store.db import open_database
from tests.media import make_picture, make_recording


def test_a_pictures_kept_thumbnail_has_its_proportions_and_a_recording_has_none(tmp_path: Path) -> None:
    db = open_database(tmp_path / "library.db")
    Library(db).add_paths([make_picture(tmp_path / "tall.png", seed=4, size=(300, 600)),
                           make_recording(tmp_path / "theme.wav", seed=3, seconds=3)])
    by_kind = {work.kind: work.id for work in Library(db).works()}
    tall = kept_thumbnail(db, by_kind["image"], 40)
    assert tall is not None and tall.shape == (40, 20) and tall.std() > 5  # a picture, not a blank
    assert kept_thumbnail(db, by_kind["audio"], 40) is None
    assert kept_thumbnail(db, 999, 40) is None
    db.conn.close()
