"""A bundle's timeline names each earlier bundle as it is called now: exporting again to the same name keeps the
earlier file as "… (earlier 1).zip", and the new bundle's timeline said "bundle: case.zip", the name of the new
bundle itself, for the file now called "case (earlier 1).zip"."""

from __future__ import annotations

import re
import zipfile
from html import unescape
from pathlib import Path

from tests.conftest import CliRunner
from tests.one_find import a_find


def _timeline(bundle: Path) -> str:
    with zipfile.ZipFile(bundle) as z:
        page = unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", z.read("report.html").decode())))
    return page.split("Timeline (UTC)")[1].split("Files in this bundle")[0]


def test_an_earlier_bundle_is_named_as_it_is_called_now(run_cli: CliRunner, tmp_path: Path) -> None:
    match_id = a_find(run_cli, tmp_path)
    bundle = tmp_path / "case.zip"
    for _ in range(3):
        done = run_cli("export", str(match_id), "-o", bundle)
        assert done.returncode == 0, done.stderr
    assert (tmp_path / "case (earlier 1).zip").is_file() and (tmp_path / "case (earlier 2).zip").is_file()
    said = _timeline(bundle)
    assert "bundle: case (earlier 1).zip (saved as case.zip" in said
    assert "bundle: case (earlier 2).zip (saved as case.zip" in said
    assert "bundle: case.zip," not in said  # the file of that name is this bundle, not the one exported then
    second = _timeline(tmp_path / "case (earlier 2).zip")  # as it was made: its one earlier bundle renamed then
    assert "bundle: case (earlier 1).zip (saved as case.zip" in second


def test_an_earlier_bundle_moved_away_is_described_without_a_name(run_cli: CliRunner, tmp_path: Path) -> None:
    match_id = a_find(run_cli, tmp_path)
    bundle = tmp_path / "case.zip"
    assert run_cli("export", str(match_id), "-o", bundle).returncode == 0
    bundle.rename(tmp_path / "sent to my lawyer.zip")  # gone from its name, and not kept by export
    assert run_cli("export", str(match_id), "-o", bundle).returncode == 0
    assert run_cli("export", str(match_id), "-o", bundle).returncode == 0
    said = _timeline(bundle)
    assert "an earlier bundle first saved as case.zip" in said
    assert "bundle: case (earlier 1).zip (saved as case.zip" in said
