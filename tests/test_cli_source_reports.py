"""What Common Crawl and Spawning told the creator, on the command line as in the window: `sources` says whether the
creator's site is in a crawl and which addresses are opted out, and `sources --json` carries it as "report"."""

from __future__ import annotations

import json
from pathlib import Path

from pytest_httpserver import HTTPServer

from tests.conftest import CliRunner
from tests.test_source_reports import _crawl_index
from tests.test_source_spawning import HARBOUR, KEY, LIGHTHOUSE, spawning


def test_sources_say_what_common_crawl_and_spawning_found(run_cli: CliRunner, httpserver: HTTPServer,
                                                          keyring_file: Path) -> None:
    _crawl_index(httpserver)
    spawning(httpserver)
    base = httpserver.url_for("").rstrip("/")
    assert run_cli("secret", "set", "spawning", input=KEY + "\n").returncode == 0
    assert run_cli("sources", "add", "commoncrawl", "--name", "crawls", "--base-url", base,
                   "--set", "domains=adalumen.example").returncode == 0
    assert run_cli("sources", "add", "spawning", "--name", "do-not-train", "--base-url", base,
                   "--set", f"urls={LIGHTHOUSE},{HARBOUR}").returncode == 0
    checked = run_cli("check")
    assert checked.returncode == 0, checked.stdout + checked.stderr

    listed = run_cli("sources").stdout
    in_crawl = "3 pages of adalumen.example are in Common Crawl's November 2026 Index (CC-MAIN-2026-47)."
    assert in_crawl in listed
    assert f"{LIGHTHOUSE}: opted out of AI training" in listed and f"{HARBOUR}: no opt-out recorded" in listed
    reports = {s["name"]: s["report"] for s in json.loads(run_cli("sources", "--json").stdout)}
    assert reports["crawls"] == {"headline": in_crawl, "details": [in_crawl]}
    assert reports["do-not-train"]["headline"] == "1 of your 2 addresses is opted out of AI training."
    assert f"{LIGHTHOUSE}: opted out of AI training" in reports["do-not-train"]["details"]


def test_a_source_not_yet_checked_has_no_report(run_cli: CliRunner, tmp_path: Path) -> None:
    assert run_cli("sources", "add", "folder", "--name", "dl", "--set", f"path={tmp_path}").returncode == 0
    [source] = json.loads(run_cli("sources", "--json").stdout)
    assert source["report"] is None
