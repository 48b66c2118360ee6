"""A recording is read by its bytes, whatever its name says: FFmpeg trusts a name before the bytes, and opened an
MP3 named song.jpg as a picture ("has no sound in it"), in `add` and in `match` alike."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from creatorwatch.core.library.works import Library
from creatorwatch.core.matching.match import Matcher
from creatorwatch.core.store.db import open_database
from tests.media import make_recording


@pytest.mark.parametrize("name", ["song.jpg", "song.png", "song.webp"])
def test_an_mp3_named_as_a_picture_is_added_and_found(name: str, tmp_path: Path) -> None:
    original = make_recording(tmp_path / "song.mp3", seed=3, seconds=12.0, rate=44100, codec="libmp3lame", stereo=True)
    misnamed = shutil.copy(original, tmp_path / name)
    library = Library(open_database(tmp_path / "library.sqlite3"))
    report = library.add_paths([Path(misnamed)])
    assert report.added and not report.skipped, report.skipped
    for candidate in (original, Path(misnamed)):  # and as a candidate, named either way
        [found] = Matcher(library).match_file(candidate)
        assert found.score >= 0.95
