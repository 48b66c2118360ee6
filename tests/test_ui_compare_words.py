"""The compare window in plain words: a crop is not "turned 0.1°", and the two pictures are labelled."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from creatorwatch.core.records.findings import Finding
from creatorwatch.ui.explain import why
from creatorwatch.ui.image_compare import ImageCompare


def _image_find(transform: dict[str, object]) -> Finding:
    return Finding(id=1, type="match", status="new", work_id=1, term=None, kind="image", score=0.96,
                   evidence={"transform": transform}, candidate_id=1, candidate_url="https://art.example/1.png",
                   media_url=None, title="", source="feed", found_at="2026-12-01T10:00:00", reviewed_at=None)


def test_a_crop_is_not_described_as_turned() -> None:
    assert "turned" not in why(_image_find({"rotation_degrees": 0.1, "flipped": False}), "Harbour")
    assert "It was turned 90°." in why(_image_find({"rotation_degrees": 89.7}), "Harbour")
    assert "It was mirrored." in why(_image_find({"rotation_degrees": -0.4, "flipped": True}), "Harbour")


def test_how_a_picture_was_compared_is_said_without_jargon() -> None:
    """The evidence keeps the engine's technical names; the window says what they mean."""
    methods = ["whole-picture hash (PDQ)", "local features (ORB) with geometric verification (RANSAC affine)",
               "whole picture (thumbnail), for a smooth picture whose hash says little",
               "layout: its thumbnail slid over the work's (a part too small or smooth for local features)"]
    said = [why(replace(_image_find({}), evidence={"transform": {}, "method": m}), "Harbour") for m in methods]
    for text in said:
        assert "Compared by " in text
        assert not any(jargon in text for jargon in ("ORB", "RANSAC", "PDQ", "affine", "thumbnail")), text
    assert len(set(said)) == len(methods)  # each says its own way


def test_the_two_pictures_are_labelled_yours_and_found(qtbot: QtBot) -> None:
    white = QImage(200, 150, QImage.Format.Format_RGB32)
    white.fill(Qt.GlobalColor.white)
    compare = ImageCompare(white, white)
    qtbot.addWidget(compare)
    compare.resize(600, 300)
    compare.setAutoFillBackground(True)
    shot = compare.grab().toImage()
    background = compare.palette().window().color().rgb()

    def inked(x0: int, x1: int) -> bool:  # any pixel of the caption strip differs from the background
        return any(shot.pixel(x, y) != background for x in range(x0, x1) for y in range(8, 28))

    assert inked(8, 292) and inked(308, 592)


def test_the_copied_passage_is_scrolled_near_the_top_not_to_the_bottom_edge(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QTextBrowser

    from creatorwatch.ui.compare_view import _highlight

    lines = [f"Line {n} of a long story about the harbour and its lights." for n in range(400)]
    text = "\n".join(lines)
    start = text.index("Line 200 ")
    browser = QTextBrowser()
    qtbot.addWidget(browser)
    browser.resize(500, 300)
    browser.setPlainText(text)
    browser.show()
    qtbot.waitExposed(browser)
    _highlight(browser, [(start, start + 400)])
    qtbot.wait(50)
    top = browser.cursorRect().top()
    assert 0 <= top < browser.viewport().height() // 2, "the passage starts in the upper half of the view"


def test_a_voice_heard_in_part_of_a_recording_is_said_to_be_that_stretch_not_all_of_it() -> None:
    """After a music intro the voice is one stretch: the window names it and the line a stretch answers to, not
    "48 s of its speech compared" with the whole recording's line."""
    evidence = {"voice": "my voice", "similarity": 0.78, "speech_seconds": 48.0,
                "stretch": {"start": 39.7, "end": 48.0, "similarity": 0.78},
                "segments": [{"start": 43.0, "end": 44.6, "similarity": 0.72}]}
    find = replace(_image_find({}), kind="voice", evidence=evidence)
    said = why(find, "my voice")
    assert "the stretch from 0:40 to 0:48 was compared with your voice on its own: similarity 0.78" in said
    assert "from 0.505 up, a stretch sounds like your voice" in said
    assert "48 s of its speech were compared" not in said


def test_a_voice_heard_for_a_few_seconds_is_said_to_answer_to_the_short_speech_line() -> None:
    """A 3 s voice message is scored on short speech's own line (0.471): the window cites that, not 0.50."""
    evidence = {"voice": "my voice", "similarity": 0.49, "speech_seconds": 2.8,
                "segments": [{"start": 0.4, "end": 2.0, "similarity": 0.52}]}
    said = why(replace(_image_find({}), kind="voice", evidence=evidence), "my voice")
    assert "3 s of its speech were compared with your voice: similarity 0.49 (from 0.471 up, it sounds like" in said


def test_a_picture_found_by_its_colours_on_a_page_is_said_to_be_so() -> None:
    """A hue design laid on a page is found by its colours, on the picture inside the page: the window says both,
    not only "its layout"."""
    method = ("layout: its thumbnail slid over the work's (a part too small or smooth for local features), "
              "on the picture's hues (its brightness is all but even), used on the picture found inside the candidate")
    said = why(replace(_image_find({}), evidence={"method": method}), "dusk")
    assert ("Compared by its layout: a small version slid over your work's (a part too small or smooth for "
            "details), of the picture found inside the page, by its colours, since its brightness is all but "
            "even.") in said


def test_a_pitched_recording_is_said_to_sound_about_so_many_semitones_higher_or_lower() -> None:
    """The search steps by whole semitones, so "+1 semitones" overstated its precision (a 3 % speed-up, half a
    semitone, read as one) and its grammar."""
    def said(semitones: float) -> str:
        return why(replace(_image_find({}), kind="audio", evidence={
            "matched_seconds": 9, "candidate_offset_s": 0.0, "work_offset_s": 30.0, "speed_factor": 1.03,
            "pitch_shift_semitones": semitones}), "Night drive")

    assert "It sounds about 1 semitone higher." in said(1.0)
    assert "It sounds about 2 semitones lower." in said(-2.0)
    assert "semitone" not in said(0.0)
    assert "It plays at 1.03× speed." in said(1.0)
