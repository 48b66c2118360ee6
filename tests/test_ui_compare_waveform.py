"""Compare for a copy of a recording played faster: the shaded band said where the match lay, but your waveform's
copied stretch ran on past it, since the band was measured in the copy's seconds and drawn on your time line.
Both lanes are now drawn on your time line, the copy stretched to your tempo, so the copied sound in each lane
fills the band and does not run past it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QThreadPool
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from creatorwatch.core.fingerprint.audio_decode import SAMPLE_RATE, decode_chunks
from creatorwatch.core.library.works import Library
from creatorwatch.core.records.findings import Finding
from creatorwatch.core.store.db import open_database
from creatorwatch.ui.compare_view import CompareDialog
from creatorwatch.ui.waveform_view import CANDIDATE_COLOUR, WORK_COLOUR, WaveformCompare
from tests.media import make_recording, write_audio
from tests.ui_fixtures import make_paths

SPEED = 1.25  # the copy plays 6 s of the work in 4.8 s
WORK_AT, THEIR_AT, MUSIC = 4.0, 2.0, 6.0


def _recordings(folder: Path) -> tuple[Path, Path]:
    """Yours: 4 s of silence, 6 s of music, 2 s of silence. Theirs: 2 s of silence, that music 1.25× as fast,
    1 s of silence."""
    music = np.concatenate(list(decode_chunks(make_recording(folder / "music.wav", seed=5, seconds=MUSIC))))
    quick = np.interp(np.arange(0, len(music), SPEED), np.arange(len(music)), music).astype(np.float32)
    yours, theirs = folder / "night-drive.wav", folder / "remix.wav"
    write_audio(yours, np.concatenate([np.zeros(int(WORK_AT * SAMPLE_RATE), np.float32), music,
                                       np.zeros(2 * SAMPLE_RATE, np.float32)]), SAMPLE_RATE)
    write_audio(theirs, np.concatenate([np.zeros(int(THEIR_AT * SAMPLE_RATE), np.float32), quick,
                                        np.zeros(SAMPLE_RATE, np.float32)]), SAMPLE_RATE)
    return yours, theirs


def _columns(image: QImage, y: int, wanted: QColor | None = None, unlike: QColor | None = None) -> list[int]:
    """The x of each pixel on row y of the colour `wanted`, or unlike the colour `unlike`."""
    def near(a: QColor, b: QColor) -> bool:
        return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) < 30

    found = []
    for x in range(image.width()):
        colour = image.pixelColor(x, y)
        if (wanted is not None and near(colour, wanted)) or (unlike is not None and not near(colour, unlike)):
            found.append(x)
    return found


def _loud(image: QImage, top: float, lane: float, colour: QColor) -> tuple[int, int]:
    """From where to where a lane's strokes stand taller than a third of its half height (the music)."""
    xs = _columns(image, int(top + lane / 2 - lane / 6), wanted=colour)
    assert xs, "no loud strokes drawn"
    return min(xs), max(xs)


def test_a_faster_copys_matched_stretch_fills_the_shaded_band_in_both_lanes(qtbot: QtBot, tmp_path: Path) -> None:
    paths = make_paths(tmp_path / "home")
    yours, theirs = _recordings(tmp_path)
    db = open_database(paths.database)
    Library(db).add_paths([yours])
    db.conn.close()
    evidence = {"work_offset_s": WORK_AT, "candidate_offset_s": THEIR_AT, "aligned_stretch_s": MUSIC / SPEED,
                "matched_seconds": 5, "speed_factor": SPEED, "pitch_shift_semitones": 3.9, "matching_hashes": 300}
    finding = Finding(id=1, type="match", status="new", work_id=1, term=None, kind="audio", score=0.9,
                      evidence=evidence, candidate_id=1, candidate_url=theirs.as_uri(), media_url=None, title="",
                      source="feed", found_at="2026-12-01T10:00:00", reviewed_at=None)
    dialog = CompareDialog(paths, finding, "night-drive")
    qtbot.addWidget(dialog)
    dialog.resize(1000, 640)
    dialog.show()
    qtbot.waitUntil(lambda: isinstance(getattr(dialog, "waves", None), WaveformCompare), timeout=30_000)

    waves: WaveformCompare = dialog.waves
    image = waves.grab().toImage()
    top, lane = 8.0, (waves.height() - 16 - 12) / 2
    gap = int(top + lane + 6)  # between the lanes: only the band is drawn there
    band = _columns(image, gap, unlike=image.pixelColor(10, gap))
    assert band, "no shaded band"
    left, right = min(band), max(band)
    second = (waves.width() - 16) / 12.0  # the time line: your 12 s
    assert abs(right - left - MUSIC * second) <= 3  # the band spans the 6 s of yours that were copied

    for lane_top, colour in ((top, WORK_COLOUR), (top + lane + 12, CANDIDATE_COLOUR)):
        start, end = _loud(image, lane_top, lane, colour)
        assert abs(start - left) <= 3 and abs(end - right) <= 3, (colour.name(), (start, end), (left, right))
    dialog.close()
    assert QThreadPool.globalInstance().waitForDone(30_000)
