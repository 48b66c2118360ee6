"""A service asking for a short pause is tried again when it asked, and `sources` says so: Civitai answering
`Retry-After: 2` was shown as retried two minutes later (every hint was raised to the two-minute first retry)."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta

from pytest_httpserver import HTTPServer

from tests.conftest import CliRunner


def test_a_two_second_retry_after_is_shown_as_two_seconds_not_two_minutes(run_cli: CliRunner,
                                                                          httpserver: HTTPServer) -> None:
    httpserver.expect_request(re.compile(r"^/api/v1/.*")).respond_with_json(
        {"error": "Too many requests"}, status=429, headers={"Retry-After": "2"})
    run_cli("terms", "add", "Ada Lin")
    run_cli("sources", "add", "civitai", "--name", "civ", "--base-url", httpserver.url_for("").rstrip("/"))

    checked = run_cli("check", "--json")

    outcome = json.loads(checked.stdout)["sources"][0]
    assert outcome["state"] == "failing" and "again in 2 s may work" in outcome["error"], outcome
    listed = json.loads(run_cli("sources", "--json").stdout)[0]
    shown = run_cli("sources").stdout
    last_run, retry_at = datetime.fromisoformat(listed["last_run"]), datetime.fromisoformat(listed["retry_at"])
    assert timedelta(0) < retry_at - last_run <= timedelta(seconds=3), (last_run, retry_at)  # 2 s, not 120 s
    assert datetime.fromisoformat(listed["next_try"]) - last_run <= timedelta(seconds=3), listed
    # "failing since 01:06, next try 01:06": the minute of the check (or the next, if it turned meanwhile)
    since, next_try = re.search(r"failing since (\S+ \S+), next try (\S+ \S+)", shown).groups()  # type: ignore[union-attr]
    gap = datetime.fromisoformat(next_try) - datetime.fromisoformat(since)
    assert timedelta(0) <= gap <= timedelta(minutes=1), shown
