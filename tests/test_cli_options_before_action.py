"""Options written before a command's action (`takedown --json --all list`) do what they do after it, or are refused
as wrong usage: never silently dropped."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import CliRunner
from tests.one_find import a_find


def _a_closed_takedown(run_cli: CliRunner, tmp_path: Path) -> int:
    """One find whose takedown was sent and the copy removed: listed only with --all."""
    found = a_find(run_cli, tmp_path)
    assert run_cli("takedown", "sent", str(found), "--channel", "email", "--to", "host").returncode == 0
    assert run_cli("takedown", "removed", str(found)).returncode == 0
    return found


def test_takedown_options_before_the_action_count(run_cli: CliRunner, tmp_path: Path) -> None:
    match_id = _a_closed_takedown(run_cli, tmp_path)
    after = run_cli("takedown", "list", "--json", "--all")
    before = run_cli("takedown", "--json", "--all", "list")
    assert before.returncode == after.returncode == 0
    assert [t["match_id"] for t in json.loads(before.stdout)] == [match_id]
    assert before.stdout == after.stdout
    mixed = run_cli("takedown", "--all", "list", "--json")
    assert mixed.stdout == after.stdout


def test_an_option_the_action_does_not_take_is_refused_before_it_too(run_cli: CliRunner) -> None:
    for argv in (
        ("terms", "--json", "add", "Wimer"),
        ("sources", "--json", "remove", "dl"),
        ("takedown", "--all", "show", "1"),
        ("probe", "--dry-run", "enable", "1"),
    ):
        refused = run_cli(*argv)
        assert refused.returncode == 2, argv
        assert f"does not take {argv[1]}" in refused.stderr
        assert "Traceback" not in refused.stderr
    assert json.loads(run_cli("terms", "--json").stdout) == []  # nothing was added by the refused command


def test_voice_and_probe_options_before_the_action_count(run_cli: CliRunner) -> None:
    assert run_cli("voice", "--json", "list").stdout == run_cli("voice", "list", "--json").stdout
    before = run_cli("probe", "--json", "enabled")
    assert before.returncode == 0
    json.loads(before.stdout)
    assert before.stdout == run_cli("probe", "enabled", "--json").stdout
