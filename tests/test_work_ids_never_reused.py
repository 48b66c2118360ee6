"""A removed work's id is never given to another work, in a new data file and in one made by the previous version:
a script that keeps ids, or `remove 5` run twice, must never act on a work added since."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import sqlite_utils

from creatorwatch.core.store.db import MIGRATIONS
from creatorwatch.paths import resolve_paths
from tests.conftest import CliRunner
from tests.media import make_picture
from tests.one_find import a_find

PREVIOUS_VERSION = 17


def _work_ids(run_cli: CliRunner) -> list[int]:
    return [work["id"] for work in json.loads(run_cli("works", "--json").stdout)]


def test_the_id_of_a_removed_work_is_not_given_to_the_next_one(run_cli: CliRunner, tmp_path: Path) -> None:
    first, second, third = (make_picture(tmp_path / f"work{n}.png", seed=n) for n in range(3))
    assert run_cli("add", first, second).returncode == 0
    assert run_cli("remove", 2).returncode == 0
    assert run_cli("add", third).returncode == 0
    assert _work_ids(run_cli) == [1, 3]
    twice = run_cli("remove", 2)
    assert twice.returncode != 0 and "no work #2" in twice.stderr
    assert _work_ids(run_cli) == [1, 3]  # the work added since is still there


def _as_previous_version(data_file: Path, made: Path) -> None:
    """`data_file`'s rows in a file of the previous schema, written to `made`."""
    db = sqlite_utils.Database(sqlite3.connect(made, isolation_level=None))
    for migration in MIGRATIONS[:PREVIOUS_VERSION]:
        migration(db)
    db.execute(f"PRAGMA user_version = {PREVIOUS_VERSION}")
    db.execute("ATTACH DATABASE ? AS now", [str(data_file)])
    for (table,) in db.execute("SELECT name FROM main.sqlite_master WHERE type = 'table' "
                               "AND name NOT LIKE 'sqlite_%'").fetchall():  # the columns that schema had
        columns = ", ".join(row[1] for row in db.execute(f"PRAGMA main.table_info({table})"))
        db.execute(f"INSERT INTO main.{table} ({columns}) SELECT {columns} FROM now.{table}")
    db.execute("DETACH DATABASE now")
    db.conn.close()


def test_a_data_file_of_the_previous_version_keeps_its_works_and_their_ids_are_not_reused(
        run_cli: CliRunner, home: Path, tmp_path: Path) -> None:
    match_id = a_find(run_cli, tmp_path)  # work 1 and a match of it
    assert run_cli("add", make_picture(tmp_path / "dunes.png", seed=11)).returncode == 0
    data_file = resolve_paths(home).database
    with closing(sqlite3.connect(data_file)) as conn:
        prints = conn.execute("SELECT work_id, kind, data FROM fingerprints ORDER BY 1, 2").fetchall()
    _as_previous_version(data_file, tmp_path / "previous.sqlite3")
    for leftover in data_file.parent.glob(f"{data_file.name}*"):
        leftover.unlink()
    (tmp_path / "previous.sqlite3").rename(data_file)

    assert _work_ids(run_cli) == [1, 2]  # opened, and so upgraded
    with closing(sqlite3.connect(data_file)) as conn:  # nothing referring to the works was lost on the way
        assert conn.execute("SELECT work_id, kind, data FROM fingerprints ORDER BY 1, 2").fetchall() == prints
        assert conn.execute("SELECT work_id FROM matches WHERE id = ?", [match_id]).fetchone() == (1,)
    assert json.loads(run_cli("matches", "--json").stdout)[0]["work_id"] == 1

    assert run_cli("remove", 2).returncode == 0
    assert run_cli("add", make_picture(tmp_path / "reef.png", seed=12)).returncode == 0
    assert _work_ids(run_cli) == [1, 3]
    assert run_cli("remove", 1).returncode == 0
    with closing(sqlite3.connect(data_file)) as conn:  # removing a work still lets its matches go on without it
        assert conn.execute("SELECT work_id FROM matches WHERE id = ?", [match_id]).fetchone() == (None,)
        assert conn.execute("SELECT count(*) FROM fingerprints WHERE work_id = 1").fetchone() == (0,)
