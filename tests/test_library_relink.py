"""Adding again a work's file after `remove` makes a new work, and the finds that pointed at the removed work (the
same content, by its SHA-256) point at the new one again, with their review kept: they stayed in Review without a
work, and the next check found the same copy again as a new find."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import CliRunner
from tests.one_find import a_find


def test_re_adding_a_removed_work_links_its_earlier_finds_to_it_again(run_cli: CliRunner, tmp_path: Path) -> None:
    match_id = a_find(run_cli, tmp_path)  # work #1 "harbour.png", found as copy.png by a folder source
    assert run_cli("review", str(match_id), "--status", "confirmed").returncode == 0
    assert run_cli("remove", "1").returncode == 0
    assert json.loads(run_cli("matches", "--json").stdout)[0]["work_id"] is None

    added = run_cli("add", tmp_path / "harbour.png")

    assert added.returncode == 0, added.stderr
    assert "harbour.png: its 1 earlier find is linked to it again" in added.stdout, added.stdout
    assert "1 earlier find of works removed before is linked to them again." in added.stdout
    new_id = json.loads(run_cli("works", "--json").stdout)[0]["id"]
    assert new_id != 1
    found = json.loads(run_cli("matches", "--json").stdout)
    assert [(f["id"], f["work_id"], f["status"]) for f in found] == [(match_id, new_id, "confirmed")]
    assert run_cli("check").returncode == 0  # the copy is not found again as a new find of the new work
    assert len(json.loads(run_cli("matches", "--json").stdout)) == 1


def test_adding_again_says_so_in_json_and_other_content_links_nothing(run_cli: CliRunner, tmp_path: Path) -> None:
    a_find(run_cli, tmp_path)
    assert run_cli("remove", "1").returncode == 0
    other = tmp_path / "other.txt"
    other.write_text("A few lines of my own, not the picture that was found.\n" * 20)

    added = json.loads(run_cli("add", "--json", other, tmp_path / "harbour.png").stdout)

    by_name = {Path(row["path"]).name: row for row in added["added"]}
    assert by_name["harbour.png"]["relinked_finds"] == 1
    assert by_name["harbour.png"]["reason"] == "its 1 earlier find is linked to it again"
    assert by_name["other.txt"]["relinked_finds"] == 0 and by_name["other.txt"]["reason"] == ""
    found = json.loads(run_cli("matches", "--json").stdout)
    assert [f["work_id"] for f in found] == [by_name["harbour.png"]["work_id"]]
