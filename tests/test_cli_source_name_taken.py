"""A source added under a name already in use is wrong usage (exit status 2), as a misspelt setting is: it
exited 1, which scripts read as "ran, but found a problem"."""

from __future__ import annotations

import json

from tests.conftest import CliRunner


def test_adding_a_source_under_a_name_in_use_is_wrong_usage_and_changes_nothing(run_cli: CliRunner) -> None:
    first = run_cli("sources", "add", "feed", "--name", "feed", "--set", "url=https://a.example/feed.xml")
    assert first.returncode == 0

    again = run_cli("sources", "add", "feed", "--name", "feed", "--set", "url=https://b.example/feed.xml")

    assert again.returncode == 2
    assert again.stderr == ("creatorwatch: There is already a source called 'feed'; choose another name, or change "
                            "that one with: creatorwatch sources set feed --set KEY=VALUE\n")
    [kept] = json.loads(run_cli("sources", "--json").stdout)
    assert kept["settings"] == {"url": "https://a.example/feed.xml"}
