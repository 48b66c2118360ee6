"""The report's waveform of the creator's recording shades the stretch the copy really covers: a copy played faster
(speed factor 1.25) holds 8 s of its own that are 10 s of the work, and the shade on the work's timeline must span
those 10 s, as the window's waveform (ui/waveform_view.py) shades it — not the copy's 8 s."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import numpy as np
import sqlite_utils
from PIL import Image

from creatorwatch.core.evidence.bundle import export_bundle
from creatorwatch.core.evidence.preview import PREVIEW_SIDE
from creatorwatch.core.library.works import Library
from creatorwatch.core.store.db import open_database
from tests.media import make_recording

SHADE, LINE = (255, 214, 220), (150, 20, 45)  # preview.waveform's shaded band and the waveform drawn inside it


def _shaded_seconds(png: bytes, shown_seconds: float) -> float:
    """How many seconds of the picture's timeline the shaded band covers (columns holding its colours)."""
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
    shaded = [(pixels[:, x] == SHADE).all(axis=1).any() or (pixels[:, x] == LINE).all(axis=1).any()
              for x in range(pixels.shape[1])]
    return sum(shaded) / pixels.shape[1] * shown_seconds


def _audio_find(tmp_path: Path, speed: float) -> tuple[Path, int, sqlite_utils.Database]:
    db = open_database(tmp_path / "data" / "creatorwatch.sqlite3")
    work = make_recording(tmp_path / "Night drive.wav", seed=4, seconds=40.0)
    Library(db).add_paths([work])
    work_id = int(db.execute("SELECT id FROM works").fetchone()[0])
    candidate = db.execute("INSERT INTO candidates (url, source, title, first_seen) VALUES"
                           " ('https://songs.example/remix.mp3', 'feed', 'remix', '2026-12-01T10:00:00+00:00')")
    evidence = {"candidate_offset_s": 2.0, "work_offset_s": 10.0, "matched_seconds": 8, "aligned_stretch_s": 8.0,
                "speed_factor": speed, "pitch_shift_semitones": 0.0, "matching_hashes": 212}
    match = db.execute("INSERT INTO matches (type, candidate_id, work_id, kind, score, evidence, found_at) VALUES"
                       " ('match', ?, ?, 'audio', 0.9, ?, '2026-12-01T10:00:00+00:00')",
                       [candidate.lastrowid, work_id, json.dumps(evidence)])
    return work, int(match.lastrowid or 0), db


def _work_shade(tmp_path: Path, speed: float) -> float:
    _, match_id, db = _audio_find(tmp_path, speed)
    with zipfile.ZipFile(export_bundle(db, [match_id], tmp_path / "b.zip").path) as z:
        png = z.read(f"previews/match-{match_id}-work.png")
    # the picture shows 10 s of context either side of the stretch, from 0:00 here (the stretch starts at 0:10)
    return _shaded_seconds(png, 10.0 + 8.0 * speed + 10.0)


def test_a_faster_copy_shades_its_whole_stretch_on_the_works_timeline(tmp_path: Path) -> None:
    assert PREVIEW_SIDE >= 300
    assert abs(_work_shade(tmp_path, 1.25) - 10.0) < 0.3  # 8 s of the copy at 1.25x are 10 s of the work


def test_a_copy_at_the_same_speed_shades_the_same_seconds(tmp_path: Path) -> None:
    assert abs(_work_shade(tmp_path, 1.0) - 8.0) < 0.3
