"""Exporting a find the creator has not confirmed: the notice draft swears, under penalty of perjury, that what it
lists infringes, so `export` says so on one line of its own (and still exports: scripts depend on it), and the
notice marks that copy to be checked before it is signed."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

from pytest_httpserver import HTTPServer

from tests.conftest import CliRunner
from tests.evidence_fixtures import Recorded, record_match

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


def test_a_licensed_find_is_kept_in_the_report_and_left_out_of_the_notice(home: Path, tmp_path: Path,
                                                                          httpserver: HTTPServer,
                                                                          run_cli: CliRunner) -> None:
    recorded, done = _exported_as(home, tmp_path, httpserver, run_cli, "licensed")
    assert "note: \u201charbour (AI remix)\u201d is marked licensed: it is kept in the bundle's report and left out " \
           "of the notice" in done.stderr.splitlines()
    assert "not confirmed" not in done.stderr
    notice = _notice(tmp_path / "licensed.zip")
    assert recorded.candidate_url not in notice and "CHECK" not in notice  # nothing sworn against the licensee
    report = zipfile.ZipFile(tmp_path / "licensed.zip").read("report.html").decode("utf-8")
    assert recorded.candidate_url in report and "you marked this use licensed, so the notice leaves it out" in report


def test_a_dismissed_find_is_marked_as_dismissed_in_the_notice(home: Path, tmp_path: Path, httpserver: HTTPServer,
                                                               run_cli: CliRunner) -> None:
    _, done = _exported_as(home, tmp_path, httpserver, run_cli, "dismissed")
    assert "note: the chosen find is not confirmed yet" in done.stderr
    notice = _notice(tmp_path / "dismissed.zip")
    assert "[CHECK: you dismissed this find in CreatorWatch; make sure it is a copy of your work" in notice
    assert CHECK not in notice


def _exported_as(home: Path, tmp_path: Path, httpserver: HTTPServer, run_cli: CliRunner,
                 status: str) -> tuple[Recorded, subprocess.CompletedProcess[str]]:
    """A find reviewed as `status` from the command line, then exported to tmp_path/STATUS.zip."""
    recorded = record_match(home / "data" / "creatorwatch.sqlite3", tmp_path / "files", httpserver)
    recorded.db.conn.close()
    assert run_cli("review", recorded.match_id, "--status", status).returncode == 0
    done = run_cli("export", recorded.match_id, "-o", tmp_path / f"{status}.zip")
    assert done.returncode == 0, done.stderr
    return recorded, done
