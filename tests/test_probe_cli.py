"""`creatorwatch probe` end to end against a loopback model: nothing is sent before consent or on a dry run
(asserted on the server), enabling says what goes where, finds show in `matches --json` and export."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

from pytest_httpserver import HTTPServer

from tests.conftest import CliRunner
from tests.media import make_picture
from tests.probe_model import MemorisingModel, make_story


def test_probe_from_the_command_line(run_cli: CliRunner, httpserver: HTTPServer, tmp_path: Path) -> None:
    folder = tmp_path / "works"
    folder.mkdir()
    model = MemorisingModel()
    for seed, (title, mode) in enumerate((("Saltmarsh Ledger", "memorised"), ("Quiet Ferry", "unrelated"))):
        text = make_story(seed)
        (folder / f"{title.replace(' ', '_')}.txt").write_text(text, encoding="utf-8")
        model.add(title, text, mode)
    model.serve(httpserver, key=None)  # a local server: no key
    assert run_cli("add", folder).returncode == 0
    works = {w["title"]: w["id"] for w in json.loads(run_cli("works", "--json").stdout)}
    saltmarsh = works["Saltmarsh Ledger"]
    assert run_cli("terms", "add", "Wren Aldane").returncode == 0
    added = run_cli("sources", "add", "openai-compatible", "--name", "local", "--base-url",
                    httpserver.url_for("/v1"), "--set", "model=memo-1")
    assert added.returncode == 0, added.stderr

    refused = run_cli("probe", "--work", saltmarsh)
    assert refused.returncode == 1 and "Probing is off" in refused.stderr and "--yes" in refused.stderr
    dry = run_cli("probe", "--work", saltmarsh, "--dry-run", "--json")
    assert dry.returncode == 0, dry.stderr
    planned = json.loads(dry.stdout)
    assert planned["sent"] == 0 and planned["estimate"]["requests"] == len(planned["probes"]) > 0
    assert {p["kind"] for p in planned["probes"]} == {"continuation", "recall", "cloze"}
    assert "stays on this computer" in planned["destinations"][0]
    text_dry = run_cli("probe", "--work", saltmarsh, "--dry-run")
    assert "Continue the following text exactly" in text_dry.stdout and "nothing was sent" in text_dry.stdout
    assert httpserver.log == []  # nothing reached the model

    enabled = run_cli("probe", "enable", *works.values())
    assert enabled.returncode == 0 and enabled.stdout.count("stays on this computer") == 2
    listed = json.loads(run_cli("probe", "enabled", "--json").stdout)
    assert {c["work_id"] for c in listed} == set(works.values())

    probed = run_cli("probe", "--json")
    assert probed.returncode == 0, probed.stderr
    report = json.loads(probed.stdout)
    assert "estimate:" in probed.stderr
    assert {w["work_id"]: w["verdict"] for w in report["works"]} == {saltmarsh: "find",
                                                                    works["Quiet Ferry"]: "none"}
    assert len(httpserver.log) == report["requests"]
    matches = json.loads(run_cli("matches", "--json").stdout)
    assert {(m["type"], m["work_id"], m["source"], m["kind"]) for m in matches} == {
        ("match", saltmarsh, "local", "text")}
    assert all(m["score"] > 0.5 for m in matches)
    bundle = tmp_path / "model.zip"
    exported = run_cli("export", *(str(m["id"]) for m in matches), "-o", bundle, "--no-timestamp")
    assert exported.returncode == 0, exported.stderr
    with zipfile.ZipFile(bundle) as z:
        assert any(n.endswith("capture.warc.gz") for n in z.namelist())
    assert run_cli("verify", bundle).returncode == 0

    again = run_cli("probe")  # in words this time; the same finds are not recorded again
    assert again.returncode == 0, again.stderr
    assert "\u201cSaltmarsh Ledger\u201d on local (memo-1-2026-01-01): REPRODUCED" in again.stdout
    assert "recorded match" not in again.stdout and "tokens per work" in again.stdout
    assert len(json.loads(run_cli("matches", "--json").stdout)) == len(matches)
    assert run_cli("probe", "disable", saltmarsh).returncode == 0
    assert saltmarsh not in {c["work_id"] for c in json.loads(run_cli("probe", "enabled", "--json").stdout)}


def test_a_probe_of_one_endpoint_keeps_to_its_own_budget(run_cli: CliRunner, httpserver: HTTPServer,
                                                        tmp_path: Path) -> None:
    """The budget `sources set` gave an endpoint holds for a probe asked by hand too, unless the command says
    otherwise."""
    story = tmp_path / "Saltmarsh_Ledger.txt"
    story.write_text(make_story(0), encoding="utf-8")
    assert run_cli("add", story).returncode == 0
    assert run_cli("sources", "add", "openai-compatible", "--name", "local", "--base-url", httpserver.url_for("/v1"),
                   "--set", "model=memo-1", "--set", "max_requests=3", "--set", "max_tokens=900").returncode == 0

    def budget(*extra: str) -> dict[str, int]:
        dry = run_cli("probe", "--work", "1", "--dry-run", "--json", *extra)
        assert dry.returncode == 0, dry.stderr
        planned = json.loads(dry.stdout)
        assert planned["estimate"]["requests"] <= planned["budget"]["requests"]
        return dict(planned["budget"])

    assert budget("--source", "local") == {"requests": 3, "tokens": 900}
    assert budget("--source", "local", "--max-requests", "5") == {"requests": 5, "tokens": 900}
    assert budget() == {"requests": 60, "tokens": 60000}  # every endpoint: the run's own default
    assert httpserver.log == []


def test_enabling_a_work_no_endpoint_can_be_asked_about_says_what_would(run_cli: CliRunner, tmp_path: Path) -> None:
    """A picture with only text models configured is told which source to add, in plain words ("a picture",
    not "a image work")."""
    picture = make_picture(tmp_path / "harbour.png", seed=7)
    assert run_cli("add", picture).returncode == 0
    assert run_cli("sources", "add", "openai-compatible", "--name", "local", "--base-url",
                   "http://127.0.0.1:9/v1", "--set", "model=memo-1").returncode == 0
    refused = run_cli("probe", "enable", "1")
    assert refused.returncode == 1
    assert "#1 \u201charbour\u201d is a picture, and none of your model endpoints makes pictures" in refused.stderr
    assert "creatorwatch sources add openai-images" in refused.stderr
    assert "a image" not in refused.stderr


def test_consent_says_where_excerpts_go_on_this_computer_or_on_the_network(run_cli: CliRunner,
                                                                          tmp_path: Path) -> None:
    """A model on another machine of the creator's network is not "on this computer": what is sent leaves it."""
    (tmp_path / "Saltmarsh_Ledger.txt").write_text(make_story(1), encoding="utf-8")
    assert run_cli("add", tmp_path / "Saltmarsh_Ledger.txt").returncode == 0
    for name, address in (("here", "http://127.0.0.1:11434/v1"), ("lan", "http://192.168.1.20:11434/v1")):
        assert run_cli("sources", "add", "openai-compatible", "--name", name, "--base-url", address,
                       "--set", "model=memo-1").returncode == 0
    enabled = run_cli("probe", "enable", "1")
    assert enabled.returncode == 0, enabled.stderr
    said = {line.split(" on ", 1)[1].split(".", 1)[0]: line for line in enabled.stdout.splitlines()}
    assert "(a model on this computer: it stays on this computer)" in said["here"]
    assert "(a model on your own network: it leaves this computer but stays on your network)" in said["lan"]
    assert "stays on this computer" not in said["lan"]


def test_consent_names_the_name_the_prompts_will_carry(run_cli: CliRunner, tmp_path: Path) -> None:
    """With no name in the notice details the prompts say "by" the first watch term, here a character, not the
    creator; consent said only "your name", so the creator agreed without seeing "Star Wars" would go out as it."""
    (tmp_path / "Saltmarsh_Ledger.txt").write_text(make_story(1), encoding="utf-8")
    assert run_cli("add", tmp_path / "Saltmarsh_Ledger.txt").returncode == 0
    assert run_cli("terms", "add", "Star Wars").returncode == 0
    assert run_cli("sources", "add", "openai-compatible", "--name", "here", "--base-url",
                   "http://127.0.0.1:9/v1", "--set", "model=memo-1").returncode == 0
    refused = run_cli("probe", "--work", "1")
    assert refused.returncode == 1 and "the name \u201cStar Wars\u201d as yours" in refused.stderr
    enabled = run_cli("probe", "enable", "1")
    assert enabled.returncode == 0, enabled.stderr
    assert "its title and the name \u201cStar Wars\u201d as yours to the model" in enabled.stdout
    dry = run_cli("probe", "--dry-run")
    assert "by Star Wars" in dry.stdout  # what the consent named is what is sent


def test_a_dry_run_with_no_work_enabled_says_why_nothing_would_be_sent(run_cli: CliRunner, tmp_path: Path) -> None:
    """It printed "estimate: 0 requests" and nothing else; the real run says no work is enabled and how to."""
    (tmp_path / "Saltmarsh_Ledger.txt").write_text(make_story(1), encoding="utf-8")
    assert run_cli("add", tmp_path / "Saltmarsh_Ledger.txt").returncode == 0
    assert run_cli("sources", "add", "openai-compatible", "--name", "here", "--base-url",
                   "http://127.0.0.1:9/v1", "--set", "model=memo-1").returncode == 0
    dry = run_cli("probe", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "no work is enabled for probing. Enable one with: creatorwatch probe enable" in dry.stdout
    assert "nothing was sent" in dry.stdout


def test_the_name_guessing_result_says_what_its_chance_figure_means(run_cli: CliRunner, httpserver: HTTPServer,
                                                                    tmp_path: Path) -> None:
    """"names: 3 of 3 blanked names given, chance about 11%" left the creator to guess what the 11% was."""
    model = MemorisingModel()
    text = make_story(3)
    (tmp_path / "Saltmarsh_Ledger.txt").write_text(text, encoding="utf-8")
    model.add("Saltmarsh Ledger", text, "memorised")
    model.serve(httpserver, key=None)
    assert run_cli("add", tmp_path / "Saltmarsh_Ledger.txt").returncode == 0
    assert run_cli("sources", "add", "openai-compatible", "--name", "local", "--base-url",
                   httpserver.url_for("/v1"), "--set", "model=memo-1").returncode == 0
    assert run_cli("probe", "enable", "1").returncode == 0
    probed = run_cli("probe")
    assert probed.returncode == 0, probed.stderr
    line = next(x for x in probed.stdout.splitlines() if x.startswith("#1 "))
    assert re.search(r"names: \d+ of \d+ blanked-out names filled in \(a blind guess gets about \d+% right\)", line), \
        line


def test_a_dead_endpoint_leaves_its_budget_to_the_working_one_and_says_so_once(
        run_cli: CliRunner, httpserver: HTTPServer, tmp_path: Path) -> None:
    """A dead endpoint configured first took the run's whole budget and the working one was sent nothing."""
    model = MemorisingModel()
    text = make_story(3)
    (tmp_path / "Saltmarsh_Ledger.txt").write_text(text, encoding="utf-8")
    model.add("Saltmarsh Ledger", text, "memorised")
    model.serve(httpserver, key=None)
    httpserver.expect_request("/gone/v1/chat/completions").respond_with_data("no such page", status=404)
    assert run_cli("add", tmp_path / "Saltmarsh_Ledger.txt").returncode == 0
    for name, path in (("gone", "/gone/v1"), ("local", "/v1")):
        assert run_cli("sources", "add", "openai-compatible", "--name", name, "--base-url", httpserver.url_for(path),
                       "--set", "model=memo-1").returncode == 0
    assert run_cli("probe", "enable", "1").returncode == 0
    budget = len(json.loads(run_cli("probe", "--dry-run", "--json", "--source", "local").stdout)["probes"])

    def asked() -> dict[str, int]:
        paths = [request.path for request, _ in httpserver.log]
        return {"gone": sum(p.startswith("/gone/") for p in paths), "local": sum(p.startswith("/v1/") for p in paths)}

    probed = run_cli("probe", "--max-requests", str(budget))
    assert probed.returncode == 1  # an endpoint failed: said, and the run went on without it
    assert "only if an endpoint before it fails and leaves budget, sending to local at " in probed.stderr
    assert probed.stderr.count("gone (openai-compatible): does not offer the model 'memo-1'") == 1
    assert asked() == {"gone": 1, "local": budget - 1} and f"Spent {budget} requests" in probed.stdout

    httpserver.clear_log()
    again = run_cli("probe", "--json", "--max-requests", str(budget))  # the endpoint that worked is asked first
    assert again.returncode == 0, again.stderr
    assert again.stderr.startswith("sending to local at ")
    assert asked() == {"gone": 0, "local": budget}
    assert [(s["name"], s["requests"]) for s in json.loads(again.stdout)["sources"]] == [("local", budget),
                                                                                        ("gone", 0)]
    sources = {s["name"]: s["health"] for s in json.loads(run_cli("sources", "--json").stdout)}
    assert sources == {"gone": "failing", "local": "ok"}  # asked nothing this time: still known as failing


def test_one_request_is_said_as_one_request(run_cli: CliRunner, httpserver: HTTPServer, tmp_path: Path) -> None:
    """"Spent 1 requests" read as a slip: one request, one token are counted as every other count is."""
    (tmp_path / "Saltmarsh_Ledger.txt").write_text(make_story(3), encoding="utf-8")
    httpserver.expect_request("/gone/v1/chat/completions").respond_with_data("no such page", status=404)
    assert run_cli("add", tmp_path / "Saltmarsh_Ledger.txt").returncode == 0
    assert run_cli("sources", "add", "openai-compatible", "--name", "gone", "--base-url",
                   httpserver.url_for("/gone/v1"), "--set", "model=memo-1").returncode == 0
    assert run_cli("probe", "enable", "1").returncode == 0
    probed = run_cli("probe", "--max-requests", "1")
    assert probed.returncode == 1
    assert "Spent 1 request and 0 tokens (budget 1 request, 60,000 tokens)" in probed.stdout
    assert "1 requests" not in probed.stdout
