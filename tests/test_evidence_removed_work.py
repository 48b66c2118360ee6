"""A copy whose work the creator has since taken out of the library: `matches` says so in words (it printed
"work #None (removed)"), export says the notice cannot name the work, the notice lists the copy apart without
calling it something that "names me but was not compared with a work of mine", and the report does not claim
"Your original work files are included"."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pypdf

from tests.conftest import CliRunner
from tests.one_find import a_find


def test_a_copy_of_a_removed_work_is_described_truly(run_cli: CliRunner, tmp_path: Path) -> None:
    match_id = a_find(run_cli, tmp_path)  # a picture, and a folder source holding a copy of it ("copy.png")
    assert run_cli("remove", "1").returncode == 0

    listed = run_cli("matches").stdout
    assert "a work since removed from your library (image, score" in listed and "#None" not in listed

    bundle = tmp_path / "bundle.zip"
    done = run_cli("export", str(match_id), "-o", bundle)
    assert done.returncode == 0, done.stderr
    assert f"match #{match_id}: the work it copied was removed from your library" in done.stderr
    with zipfile.ZipFile(bundle) as z:
        notice = z.read("notice.txt").decode()
        pdf = " ".join(pypdf.PdfReader(io.BytesIO(z.read("report.pdf"))).pages[0].extract_text().split())
    assert "these name me but were not compared" not in notice
    assert "copies of a work since removed from my CreatorWatch library" in notice
    assert "copy.png" in notice.split("copies of a work since removed")[1]
    assert "work files are included" not in pdf
    assert "No work of yours is in this bundle" in pdf
