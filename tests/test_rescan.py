"""Retroactive matching through the real `creatorwatch` command and data file: a work added after a folder source
saw a copy of it is matched against what was already seen."""

from __future__ import annotations

import json
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from creatorwatch.core.store.db import open_database
from creatorwatch.core.store.preferences import load_preferences, save_preferences
from creatorwatch.core.watch.rescan import forget_old_prints, remembered
from creatorwatch.paths import resolve_paths
from tests.conftest import CliRunner
from tests.media import make_picture


def _seen_folder(run_cli: CliRunner, tmp_path: Path) -> tuple[Path, Path]:
    """A folder source checked once, holding a copy of a picture that is not yet in the library."""
    folder = tmp_path / "downloads"
    folder.mkdir()
    copy = make_picture(folder / "ai-output.png", seed=7)
    make_picture(folder / "unrelated.png", seed=8)
    original = tmp_path / "mine" / "harbour.png"
    original.parent.mkdir()
    original.write_bytes(copy.read_bytes())
    assert run_cli("sources", "add", "folder", "--name", "dl", "--set", f"path={folder}").returncode == 0
    first = run_cli("check", "--json")
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["matches"] == 0
    return original, copy


def test_rescan_finds_a_copy_seen_before_the_work_was_added(run_cli: CliRunner, home: Path, tmp_path: Path) -> None:
    original, copy = _seen_folder(run_cli, tmp_path)
    assert run_cli("add", original).returncode == 0
    rescanned = run_cli("check", "--rescan", "--json")
    assert rescanned.returncode == 0, rescanned.stderr
    said = json.loads(rescanned.stdout)
    assert said["rescan"]["matches"] == 1
    # the top-level figure is every match the check recorded: a script reading it alone missed the rescan's
    assert said["matches"] == 1 and [s["matches"] for s in said["sources"]] == [0]
    found = json.loads(run_cli("matches", "--json").stdout)
    assert [(f["type"], f["work_id"], f["candidate_url"]) for f in found] == [("match", 1, copy.as_uri())]
    again = run_cli("check", "--rescan")
    assert again.returncode == 0 and len(json.loads(run_cli("matches", "--json").stdout)) == 1
    # the find keeps a copy of the file as it was matched, so the bundle holds it
    bundle = tmp_path / "bundle.zip"
    exported = run_cli("export", str(found[0]["id"]), "-o", bundle)
    assert exported.returncode == 0, exported.stderr
    assert "no capture" not in exported.stdout + exported.stderr
    with zipfile.ZipFile(bundle) as z:
        kept = [n for n in z.namelist() if "/capture-" in n and n.endswith("candidate.png")]
        assert kept and z.read(kept[0]) == copy.read_bytes()


def test_plain_check_matches_works_added_since_the_last_one(run_cli: CliRunner, tmp_path: Path) -> None:
    original, copy = _seen_folder(run_cli, tmp_path)
    assert run_cli("add", original).returncode == 0
    checked = run_cli("check")
    assert checked.returncode == 0, checked.stderr
    assert "Matched 2 items seen before against 1 work: 1 new match." in checked.stdout
    found = json.loads(run_cli("matches", "--json").stdout)
    assert [(f["work_id"], f["candidate_url"]) for f in found] == [(1, copy.as_uri())]


def test_fingerprints_are_forgotten_after_the_retention_window(run_cli: CliRunner, home: Path,
                                                              tmp_path: Path) -> None:
    original, _ = _seen_folder(run_cli, tmp_path)
    db = open_database(resolve_paths(home).database)
    assert remembered(db) == 2
    prefs = load_preferences(db)
    prefs.keep_fingerprints_days = 30
    save_preferences(db, prefs)
    assert forget_old_prints(db, datetime.now(UTC) + timedelta(days=29)) == 0
    assert forget_old_prints(db, datetime.now(UTC) + timedelta(days=31)) == 2
    db.conn.close()
    assert run_cli("add", original).returncode == 0
    assert json.loads(run_cli("check", "--rescan", "--json").stdout)["rescan"]["matches"] == 0


def test_check_of_an_unknown_source_is_wrong_usage(run_cli: CliRunner) -> None:
    checked = run_cli("check", "--source", "nosuch")
    assert checked.returncode == 2
    assert "no source called 'nosuch'" in checked.stderr and "Traceback" not in checked.stderr


def test_a_work_added_after_the_newest_was_removed_is_still_matched(tmp_path: Path) -> None:
    """SQLite gave the id of a removed newest work to the next one (it no longer does, tests/test_work_ids_never_reused
    .py): the rescan goes by time added, not by id, whichever id the new work has."""
    from creatorwatch.core.library.works import Library
    from creatorwatch.core.records.source_store import SourceStore
    from creatorwatch.core.sources.base import SourceConfig
    from creatorwatch.core.watch.monitor import Monitor

    db = open_database(tmp_path / "data" / "creatorwatch.sqlite3")
    folder = tmp_path / "watched"
    folder.mkdir()
    copy = make_picture(folder / "copy.png", seed=7)
    SourceStore(db).add(SourceConfig("dl", "folder", settings={"path": str(folder)}))
    library = Library(db)
    library.add_paths([make_picture(tmp_path / "other.png", seed=3)])
    assert Monitor(db).check().total("matches") == 0
    first = library.works()[0].id
    library.remove([first])
    mine = tmp_path / "mine.png"
    mine.write_bytes(copy.read_bytes())
    library.add_paths([mine])
    assert library.works()[0].id == first + 1  # the id did not come back
    summary = Monitor(db).check()
    assert summary.rescan is not None and summary.rescan.matches == 1
    db.conn.close()
