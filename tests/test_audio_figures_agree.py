"""A recording's match says the same figures in the window and in the evidence report: the report said "Seconds
that match 10" beside "Aligned stretch (s) 8.99", and "Starts in the candidate at (s) 0.45" while the window said
"their 0:00 lines up with your 0:05"."""

from __future__ import annotations

from creatorwatch.core.evidence.gather import MatchEvidence
from creatorwatch.core.evidence.report import evidence_rows
from creatorwatch.core.records.findings import Finding
from creatorwatch.ui.explain import why

ENGINE = {"candidate_offset_s": 0.45, "work_offset_s": 5.31, "matched_seconds": 10, "aligned_stretch_s": 8.99,
          "speed_factor": 1.0, "pitch_shift_semitones": 0.0, "matching_hashes": 212}  # as audio_index records it


def _find() -> Finding:
    return Finding(id=1, type="match", status="new", work_id=1, term=None, kind="audio", score=0.9,
                   evidence=dict(ENGINE), candidate_id=1, candidate_url="https://songs.example/remix.mp3",
                   media_url=None, title="", source="feed", found_at="2026-12-01T10:00:00", reviewed_at=None)


def test_the_window_and_the_report_give_the_same_seconds_and_positions() -> None:
    said = why(_find(), "Night drive")
    assert "carries 8 seconds of “Night drive”: their 0:00.5 lines up with your 0:05.3." in said  # 8.99 s: no more

    rows = dict(evidence_rows(MatchEvidence(_find(), None, [], [], "")))
    assert rows["Seconds that match"] == "8" and rows["Aligned stretch (s)"] == "8.99"  # no more matches than lasts
    assert rows["Starts in the candidate at"] == "0:00.5" and rows["Starts in your work at"] == "0:05.3"
    assert rows["Matching landmarks"] == "212"
