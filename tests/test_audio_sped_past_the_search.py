"""A copy sped up more than the search's 8 % was found but told as "1.08× speed, about 1.3 semitones higher" (it was
1.12×, 2 semitones): its speed is now measured a little beyond, and a speed at the limit of what was measured is said
as a bound ("or faster", "at least") alike in the window and the report. And its seconds that match are one figure
in `match --json`, the window and the report, never more than the copy lasts (the JSON said 4 of a 3.6 s copy)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from creatorwatch.core.evidence.gather import MatchEvidence
from creatorwatch.core.evidence.report import evidence_rows
from creatorwatch.core.fingerprint import audio
from creatorwatch.core.records.findings import Finding
from creatorwatch.ui.explain import why
from tests.conftest import CliRunner
from tests.test_audio_edits import SECONDS, clip, resampled
from tests.test_audio_matching import RATE, melody, write_wav

WORK = 22


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> audio.Index:
    folder = tmp_path_factory.mktemp("works")
    index = audio.Index()
    index.add_many(
        (seed, audio.fingerprint_file(write_wav(folder / f"{seed}.wav", melody(seed, SECONDS))))
        for seed in (WORK, 23, 24)
    )
    return index


def _find(evidence: dict[str, Any]) -> Finding:
    return Finding(
        id=1,
        type="match",
        status="new",
        work_id=1,
        term=None,
        kind="audio",
        score=0.9,
        evidence=evidence,
        candidate_id=1,
        candidate_url="https://songs.example/sped.mp3",
        media_url=None,
        title="",
        source="feed",
        found_at="2026-12-01T10:00:00",
        reviewed_at=None,
    )


def _report(evidence: dict[str, Any]) -> dict[str, str]:
    return dict(evidence_rows(MatchEvidence(_find(evidence), None, [], [], "")))


@pytest.mark.parametrize("speed", [1.12, 1.10, 0.90])
def test_a_copy_sped_past_the_searched_speeds_is_told_its_own_speed_and_pitch(
    index: audio.Index, tmp_path: Path, speed: float
) -> None:
    copy = write_wav(tmp_path / "sped.wav", clip(resampled(melody(WORK, SECONDS), speed), 10.0, 10.0))
    hit = index.search(audio.fingerprint_file(copy), audio.DEFAULT_THRESHOLD)[0]
    assert hit.work_id == WORK
    assert abs(hit.evidence["speed_factor"] - speed) <= 0.011, hit.evidence
    assert abs(hit.evidence["pitch_shift_semitones"] - 12 * np.log2(speed)) <= 0.1, hit.evidence
    said = why(_find(hit.evidence), "Night drive")
    assert f"It plays at {speed:.2f}× speed." in said  # measured: no "or faster"
    assert "or faster" not in said and "at least" not in said


def test_a_speed_at_the_limit_of_what_was_measured_is_said_as_a_bound_in_the_window_and_the_report() -> None:
    found = {
        "candidate_offset_s": 0.1,
        "work_offset_s": 10.0,
        "matched_seconds": 6,
        "aligned_stretch_s": 6.5,
        "speed_factor": 1.15,
        "pitch_shift_semitones": 2.4,
        "matching_hashes": 30,
        "speed_measured_within": 0.15,
    }
    said = why(_find(found), "Night drive")
    assert "It plays at 1.15× speed or faster. It sounds at least about 2.4 semitones higher." in said
    rows = _report(found)
    assert rows["Speed factor"] == "1.15 or faster" and rows["Pitch shift (semitones)"] == "at least 2.4"
    assert "speed measured within" not in rows

    older = {**found, "speed_factor": 1.08, "pitch_shift_semitones": 1.3}  # found before speeds were measured
    del older["speed_measured_within"]  # further than the search's 8 %: 1.08 may have been 1.12
    assert "It plays at 1.08× speed or faster. It sounds at least about 1.3 semitones higher." in why(
        _find(older), "Night drive"
    )
    assert _report(older)["Speed factor"] == "1.08 or faster"

    slower = {**found, "speed_factor": 0.85, "pitch_shift_semitones": -2.8}
    assert "It plays at 0.85× speed or slower. It sounds at least about 2.8 semitones lower." in why(
        _find(slower), "Night drive"
    )
    measured = {**found, "speed_factor": 1.08, "pitch_shift_semitones": 1.3}  # measured to 1.15: 1.08 it is
    assert "It plays at 1.08× speed. It sounds about 1.3 semitones higher." in why(_find(measured), "Night drive")
    assert _report(measured)["Speed factor"] == "1.08" and _report(measured)["Pitch shift (semitones)"] == "1.3"


def test_the_seconds_that_match_are_one_figure_never_more_than_the_copy_lasts(
    run_cli: CliRunner, tmp_path: Path
) -> None:
    """A whole short recording sped up 10 %, as the tester made it: 3.6 s that touch four seconds of the copy."""
    work = write_wav(tmp_path / "menu.wav", melody(40, 4.0))
    sped = resampled(melody(40, 4.0), 1.10)
    copy, lasts = write_wav(tmp_path / "sped.wav", sped), sped.size / RATE
    assert run_cli("add", work).returncode == 0
    line = json.loads(run_cli("match", "--json", copy).stdout.splitlines()[0])
    evidence = line["matches"][0]["evidence"]
    matched = evidence["matched_seconds"]
    assert matched <= lasts and matched <= evidence["aligned_stretch_s"], evidence
    assert f"carries {matched} seconds of “Night drive”" in why(_find(evidence), "Night drive")
    rows = _report(evidence)
    assert rows["Seconds that match"] == str(matched)
    assert rows["Aligned stretch (s)"] == f"{evidence['aligned_stretch_s']:g}"  # as the JSON gives it


@pytest.mark.parametrize("speed", [1.12, 1.10, 0.90])
def test_a_whole_copy_sped_past_the_searched_speeds_is_said_to_carry_all_of_its_seconds(
    index: audio.Index, tmp_path: Path, speed: float
) -> None:
    """The tester's whole tune 12 % faster was said to carry 9 of its 54 seconds: only the part lined up at the
    searched speeds' edge was counted. Counted at its own speed, all of it is, and never more than it lasts."""
    sped = resampled(melody(WORK, SECONDS), speed)
    copy, lasts = write_wav(tmp_path / "sped.wav", sped), sped.size / RATE
    hit = index.search(audio.fingerprint_file(copy), audio.DEFAULT_THRESHOLD)[0]
    evidence = hit.evidence
    assert hit.work_id == WORK and abs(evidence["speed_factor"] - speed) <= 0.011, evidence
    assert 0.9 * lasts <= evidence["aligned_stretch_s"] <= lasts, evidence
    assert 0.9 * lasts <= evidence["matched_seconds"] <= lasts, evidence
    assert f"carries {evidence['matched_seconds']} seconds of “Night drive”" in why(_find(evidence), "Night drive")
