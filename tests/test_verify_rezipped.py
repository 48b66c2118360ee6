"""A bundle unzipped, one file edited and zipped again: `verify` fails it (exit 1) and leads with the file whose
contents changed, then says in one line that the rest were only re-packed — it used to print a "damaged … ZIP
header was altered" line for every file, and for folder entries the bundle never had."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from pytest_httpserver import HTTPServer

from tests.conftest import CliRunner
from tests.evidence_fixtures import record_match


def _rezip(bundle: Path, target: Path, edit: dict[str, bytes]) -> int:
    """Unpacked and packed again by Python's zipfile, with an entry for each folder as zip tools add; the number
    of files in it."""
    with zipfile.ZipFile(bundle) as old:
        files = {name: edit.get(name, old.read(name)) for name in old.namelist()}
    folders = sorted({name.rsplit("/", i)[0] + "/" for name in files for i in range(1, name.count("/") + 1)})
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for folder in folders:
            new.mkdir(folder)
        for name, data in files.items():
            new.writestr(name, data)
    return len(files)


def test_a_rezipped_bundle_names_the_edited_file_and_sums_up_the_rest(home: Path, tmp_path: Path,
                                                                      httpserver: HTTPServer,
                                                                      run_cli: CliRunner) -> None:
    recorded = record_match(home / "data" / "creatorwatch.sqlite3", tmp_path / "files", httpserver)
    recorded.db.conn.close()
    bundle = tmp_path / "evidence.zip"
    assert run_cli("export", recorded.match_id, "-o", bundle).returncode == 0
    with zipfile.ZipFile(bundle) as z:
        notice = z.read("notice.txt") + b"\nEdited by hand.\n"
    files = _rezip(bundle, tmp_path / "rezipped.zip", {"notice.txt": notice})

    done = run_cli("verify", tmp_path / "rezipped.zip")
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[:3] == ["changed: notice.txt — its SHA-256 differs from the manifest's",
                         f"{files - 1} files were re-packed (their ZIP headers differ) but their contents are "
                         "unchanged",
                         "FAILED: 2 problems — this bundle is not as it was made."]
    assert not [line for line in lines if "damaged" in line or "previews/" in line]

    said = json.loads(run_cli("verify", "--json", tmp_path / "rezipped.zip").stdout)
    assert said["ok"] is False and said["content_changed"] is True
    assert len(said["repacked"]) == files - 1 and "notice.txt" not in said["repacked"]
    assert not [p for p in said["problems"] if p["path"].endswith("/")]


def test_a_bundle_only_rezipped_still_fails_in_one_line(home: Path, tmp_path: Path, httpserver: HTTPServer,
                                                        run_cli: CliRunner) -> None:
    recorded = record_match(home / "data" / "creatorwatch.sqlite3", tmp_path / "files", httpserver)
    recorded.db.conn.close()
    bundle = tmp_path / "evidence.zip"
    assert run_cli("export", recorded.match_id, "-o", bundle).returncode == 0
    files = _rezip(bundle, tmp_path / "rezipped.zip", {})

    done = run_cli("verify", tmp_path / "rezipped.zip")
    assert done.returncode == 1
    assert done.stdout.splitlines()[:2] == [
        f"{files} files were re-packed (their ZIP headers differ) but their contents are unchanged",
        "FAILED: 1 problem — this bundle is not as it was made."]
