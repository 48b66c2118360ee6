"""One rule for every command: an id, name or file given as an argument that names nothing is wrong usage (exit
status 2) with a plain sentence saying which; `add` and `match` alone report each item they could not read and go
on (exit status 1), as the contract says for `add`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from tests.conftest import CliRunner
from tests.evidence_fixtures import record_match
from tests.media import make_picture

NOWHERE = "{tmp}/nowhere.png"
CASES = [
    (("remove", "1"), "no work #1"),  # removed once already
    (("review", "99", "--status", "confirmed"), "no match #99"),
    (("export", "99", "-o", "{tmp}/x.zip"), "No recorded match #99"),
    (("takedown", "show", "99"), "No recorded match #99"),
    (("takedown", "draft", "99"), "No recorded match #99"),
    (("takedown", "sent", "99", "--channel", "email", "--to", "agent@host.example"), "No recorded match #99"),
    (("takedown", "note", "99", "seen again"), "Match #99 has no takedown yet"),
    (("takedown", "recheck", "99"), "match #99 has no open takedown"),
    (("archive", "99"), "there is no find 99"),
    (("terms", "remove", "Ada Nowhere"), "not a watch term: 'Ada Nowhere'"),
    (("voice", "enrol", "99"), "not enrolled #99: no such work in the library"),
    (("voice", "remove", "99"), "#99 was not enrolled as a voice"),
    (("protect", "99", "-o", "{tmp}/out"), "there is no work #99"),
    (("provenance", NOWHERE), "nowhere.png: no such file"),
    (("audit", "--forget", "https://ada.example/"), "https://ada.example/ is not a watched site"),
    (("probe", "enable", "99"), "no work #99 in the library"),
    (("probe", "disable", "99"), "no work #99 in the library"),
    (("probe", "--work", "99", "--dry-run"), "No work #99 in the library"),
    (("allow", "--remove", "99"), "there is no rule 99"),
    (("sources", "remove", "nosuch"), "there is no source called 'nosuch'"),
    (("check", "--source", "nosuch"), "there is no source called 'nosuch'"),
    (("verify", "{tmp}/nonexist.zip"), "there is no file at"),
]


@pytest.mark.parametrize(("argv", "said"), CASES, ids=[" ".join(argv[:2]) for argv, _ in CASES])
def test_an_argument_that_names_nothing_is_wrong_usage(run_cli: CliRunner, keyring_file: Path, tmp_path: Path,
                                                       argv: tuple[str, ...], said: str) -> None:
    assert run_cli("add", make_picture(tmp_path / "harbour.png", seed=7)).returncode == 0
    assert run_cli("remove", "1").returncode == 0
    assert run_cli("secret", "set", "wayback", input="access:secret\n").returncode == 0
    assert run_cli("sources", "add", "openai-compatible", "--name", "local", "--base-url", "http://127.0.0.1:9/v1",
                   "--set", "model=memo-1").returncode == 0
    done = run_cli(*(arg.format(tmp=tmp_path) for arg in argv))
    assert done.returncode == 2, done.stdout + done.stderr
    assert said in done.stdout + done.stderr and "Traceback" not in done.stderr


def test_add_and_match_report_each_unreadable_item_and_go_on(run_cli: CliRunner, tmp_path: Path) -> None:
    picture = make_picture(tmp_path / "harbour.png", seed=7)
    added = run_cli("add", tmp_path / "nowhere.png", picture)
    assert added.returncode == 1 and "nowhere.png" in added.stdout and "1 work added" in added.stdout
    matched = run_cli("match", tmp_path / "nowhere.png", picture)
    assert matched.returncode == 1 and "there is no file at this path" in matched.stdout
    assert "matches #1" in matched.stdout


def test_archive_of_a_find_that_is_not_there_is_wrong_usage_before_keys_are_asked_for(run_cli: CliRunner,
                                                                                       keyring_file: Path,
                                                                                       tmp_path: Path) -> None:
    done = run_cli("archive", "99")  # no keys stored, and nothing to archive: the id is what is wrong
    assert done.returncode == 2, done.stdout + done.stderr
    assert "there is no find 99" in done.stderr and "archive.org" not in done.stderr
    watched = tmp_path / "watched"
    watched.mkdir()
    make_picture(watched / "copy.png", seed=7)
    assert run_cli("add", make_picture(tmp_path / "harbour.png", seed=7)).returncode == 0
    assert run_cli("sources", "add", "folder", "--name", "dl", "--set", f"path={watched}").returncode == 0
    assert run_cli("check").returncode == 0
    both = run_cli("archive", "1", "99")  # a find to archive, and an id that names nothing
    assert both.returncode == 2, both.stdout + both.stderr
    assert "there is no find 99" in both.stderr and "archive.org account" in both.stderr


def test_a_review_naming_one_find_that_is_not_there_changes_none(run_cli: CliRunner, home: Path, tmp_path: Path,
                                                                 httpserver: HTTPServer) -> None:
    """Wrong usage does nothing: `review 5 999` set #5 and then said #999 was not there, exit 2."""
    recorded = record_match(home / "data" / "creatorwatch.sqlite3", tmp_path / "files", httpserver)
    recorded.db.conn.close()
    mixed = run_cli("review", recorded.match_id, "999", "--status", "licensed")
    assert mixed.returncode == 2 and "no match #999" in mixed.stderr and "nothing was changed" in mixed.stderr
    [find] = [m for m in json.loads(run_cli("matches", "--json").stdout) if str(m["id"]) == str(recorded.match_id)]
    assert find["status"] == "new"
    assert run_cli("review", recorded.match_id, "--status", "licensed").returncode == 0
