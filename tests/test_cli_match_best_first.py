"""`match --json` lists a candidate's matches best first (the CLI contract): in a collage the work found first,
in the whole picture, may score lower than the one found beside it — an independent tester saw 3 of 11 collages
listed lower score first."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import CliRunner
from tests.test_image_collage import FRACTAL, side_by_side
from tests.test_image_combined_edits import crop, fractal, jpeg, wallpaper


def test_a_collages_matches_come_best_first(run_cli: CliRunner, tmp_path: Path) -> None:
    left, right = fractal(*FRACTAL), crop(wallpaper(4), 0.5)  # the right one found beside the left, scoring higher
    left.convert("RGB").save(tmp_path / "fractal.png")
    right.convert("RGB").save(tmp_path / "wallpaper.png")
    assert run_cli("add", tmp_path / "fractal.png", tmp_path / "wallpaper.png").returncode == 0
    jpeg(side_by_side([left, right], 420), 80).save(tmp_path / "collage.jpg", quality=80)
    done = run_cli("match", "--json", tmp_path / "collage.jpg")
    assert done.returncode == 0
    matches = json.loads(done.stdout)["matches"]
    assert {Path(m["work_path"]).name for m in matches} == {"fractal.png", "wallpaper.png"}
    scores = [m["score"] for m in matches]
    assert scores == sorted(scores, reverse=True) and scores[0] > scores[1]
