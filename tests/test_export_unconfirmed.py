"""Exporting a find the creator has not confirmed: the notice draft swears, under penalty of perjury, that what it
lists infringes, so `export` says so on one line of its own (and still exports: scripts depend on it), and the
notice marks that copy to be checked before it is signed."""

from __future__ import annotations

import zipfile
from pathlib import Path

from pytest_httpserver import HTTPServer

from tests.conftest import CliRunner
from tests.evidence_fixtures import record_match

CHECK = "[CHECK: you have not confirmed this find"


def _notice(bundle: Path) -> str:
    return zipfile.ZipFile(bundle).read("notice.txt").decode("utf-8")


def test_export_of_an_unconfirmed_find_says_so_and_marks_it_in_the_notice(home: Path, tmp_path: Path,
                                                                         httpserver: HTTPServer,
                                                                         run_cli: CliRunner) -> None:
    recorded = record_match(home / "data" / "creatorwatch.sqlite3", tmp_path / "files", httpserver)
    recorded.db.conn.close()

    done = run_cli("export", recorded.match_id, "-o", tmp_path / "new.zip")
    assert done.returncode == 0, done.stderr
    said = [line for line in done.stderr.splitlines() if "not confirmed yet" in line]
    assert said == ["note: the chosen find is not confirmed yet: the notice draft swears, under penalty of perjury, "
                    "that what it lists is a copy of your work, so look at it again before you send it"]
    assert CHECK in _notice(tmp_path / "new.zip")

    assert run_cli("review", recorded.match_id, "--status", "confirmed").returncode == 0
    done = run_cli("export", recorded.match_id, "-o", tmp_path / "confirmed.zip")
    assert done.returncode == 0 and "not confirmed" not in done.stderr
    assert CHECK not in _notice(tmp_path / "confirmed.zip")
