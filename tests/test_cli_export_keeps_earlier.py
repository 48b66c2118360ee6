"""Exporting to the name of a bundle already there: the new bundle lands there, the earlier one is kept beside it."""

from __future__ import annotations

import zipfile
from pathlib import Path

from tests.conftest import CliRunner
from tests.one_find import a_find


def test_an_export_over_an_earlier_bundle_keeps_it_under_a_new_name(run_cli: CliRunner, tmp_path: Path) -> None:
    match_id = a_find(run_cli, tmp_path)
    bundle = tmp_path / "b1.zip"
    assert run_cli("export", match_id, "-o", bundle, "--no-timestamp").returncode == 0
    first = bundle.read_bytes()

    again = run_cli("export", match_id, "-o", bundle, "--no-timestamp", "--work", "hash")
    assert again.returncode == 0, again.stderr
    earlier = tmp_path / "b1 (earlier 1).zip"
    assert earlier.read_bytes() == first  # nothing lost
    assert bundle.read_bytes() != first  # and the new one is where it was asked to be
    said = [line for line in again.stderr.splitlines() if "b1 (earlier 1).zip" in line]
    assert len(said) == 1 and "b1.zip" in said[0]
    assert run_cli("verify", earlier).returncode == 0 and run_cli("verify", bundle).returncode == 0

    third = run_cli("export", match_id, "-o", bundle, "--no-timestamp")
    assert third.returncode == 0 and "b1 (earlier 2).zip" in third.stderr
    assert earlier.read_bytes() == first
    assert sorted(p.name for p in tmp_path.glob("b1*.zip")) == ["b1 (earlier 1).zip", "b1 (earlier 2).zip", "b1.zip"]
    with zipfile.ZipFile(tmp_path / "b1 (earlier 2).zip") as kept:
        assert "manifest.json" in kept.namelist()


def test_a_notice_draft_written_over_one_completed_by_hand_keeps_it(run_cli: CliRunner, tmp_path: Path) -> None:
    match_id = a_find(run_cli, tmp_path)
    notice = tmp_path / "notice.txt"
    assert run_cli("takedown", "draft", match_id, "-o", notice).returncode == 0
    signed = notice.read_text() + "\nSigned: Ada Painter, 7 December\n"
    notice.write_text(signed)
    again = run_cli("takedown", "draft", match_id, "-o", notice)
    assert again.returncode == 0 and "notice (earlier 1).txt" in again.stderr
    assert (tmp_path / "notice (earlier 1).txt").read_text() == signed
    assert "Signed: Ada Painter" not in notice.read_text()
