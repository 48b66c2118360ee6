"""The monitoring commands through the real `creatorwatch` command, against a feed served on loopback."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

from PIL import Image
from pytest_httpserver import HTTPServer

from tests.conftest import CliRunner
from tests.media import make_picture

FEED = """<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>AI images</title><id>urn:x</id><updated>2026-01-02T00:00:00Z</updated>
<entry><id>urn:1</id><title>Harbour remix by Ada Lin fans</title><updated>2026-01-02T00:00:00Z</updated>
  <link href="{base}/post/1"/><link rel="enclosure" type="image/jpeg" href="{base}/img/1.jpg"/></entry>
<entry><id>urn:2</id><title>Unrelated</title><updated>2026-01-01T00:00:00Z</updated>
  <link href="{base}/post/2"/><link rel="enclosure" type="image/png" href="{base}/img/2.png"/></entry>
</feed>"""


def serve(httpserver: HTTPServer, tmp_path: Path) -> None:
    make_picture(tmp_path / "copy.png", seed=7)
    Image.open(tmp_path / "copy.png").convert("RGB").save(tmp_path / "1.jpg", quality=75)
    make_picture(tmp_path / "2.png", seed=8)
    base = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/feed.xml").respond_with_data(FEED.format(base=base),
                                                             content_type="application/atom+xml")
    httpserver.expect_request("/img/1.jpg").respond_with_data((tmp_path / "1.jpg").read_bytes(),
                                                              content_type="image/jpeg")
    httpserver.expect_request("/img/2.png").respond_with_data((tmp_path / "2.png").read_bytes(),
                                                              content_type="image/png")


def test_sources_check_matches_review(run_cli: CliRunner, httpserver: HTTPServer, tmp_path: Path) -> None:
    serve(httpserver, tmp_path)
    work = make_picture(tmp_path / "harbour.png", seed=7)
    assert run_cli("add", work).returncode == 0
    assert run_cli("terms", "add", "Ada Lin").returncode == 0
    url = httpserver.url_for("/feed.xml")
    added = run_cli("sources", "add", "feed", "--name", "x", "--set", f"url={url}")
    assert added.returncode == 0, added.stderr

    checked = run_cli("check", "--json")

    assert checked.returncode == 0, checked.stderr
    summary = json.loads(checked.stdout)
    assert (summary["new"], summary["matches"], summary["mentions"]) == (2, 1, 1)
    assert "checking x" in checked.stderr
    listed = json.loads(run_cli("matches", "--json").stdout)
    by_type = {m["type"]: m for m in listed}
    assert set(by_type) == {"match", "mention"}
    match = by_type["match"]
    assert match["work_id"] == 1 and match["candidate_url"].endswith("/post/1") and match["source"] == "x"
    assert 0 < match["score"] <= 1 and match["status"] == "new"
    assert by_type["mention"]["candidate_url"].endswith("/post/1")
    assert {"id", "type", "status", "work_id", "candidate_url", "source", "score"} <= set(match)

    reviewed = run_cli("review", str(match["id"]), "--status", "confirmed")
    assert reviewed.returncode == 0
    confirmed = json.loads(run_cli("matches", "--json", "--status", "confirmed").stdout)
    assert [m["id"] for m in confirmed] == [match["id"]]
    sources = json.loads(run_cli("sources", "--json").stdout)
    assert sources[0]["name"] == "x" and sources[0]["health"] == "ok" and sources[0]["last_run"]
    again = json.loads(run_cli("check", "--json", "--source", "x").stdout)
    assert again["new"] == 0 and again["matches"] == 0


def test_a_failing_source_is_reported_and_exits_1(run_cli: CliRunner, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/feed.xml").respond_with_data("<html><body>Oops</body></html>", status=500)
    run_cli("sources", "add", "feed", "--name", "broken", "--set", f"url={httpserver.url_for('/feed.xml')}")
    checked = run_cli("check")
    assert checked.returncode == 1
    assert "broken (feed): is having trouble (HTTP 500)" in checked.stdout
    listed = run_cli("sources").stdout
    assert "failing since" in listed and "next try" in listed


def test_terms_and_source_management(run_cli: CliRunner, tmp_path: Path) -> None:
    assert run_cli("terms", "add", "Ada Lin", "Captain Mirren").returncode == 0
    assert json.loads(run_cli("terms", "--json").stdout) == ["Ada Lin", "Captain Mirren"]
    assert run_cli("terms", "remove", "captain mirren").returncode == 0
    assert json.loads(run_cli("terms", "--json").stdout) == ["Ada Lin"]
    missing = run_cli("sources", "add", "page", "--name", "p")
    assert missing.returncode == 2 and "--set url=" in missing.stderr
    for wrong, said in ((("--base-url", "notaurl"), "--base-url must be a web address"),
                        (("--set", "url=example.org/feed.xml"), "url must be a web address"),
                        (("--set", "interval=soon"), "interval= takes a number of minutes"),
                        (("--set", "interval=0"), "interval= takes a number of minutes"),
                        (("--set", "max_bytes=lots"), "max_bytes= takes a whole number"),
                        # read by nothing: a model endpoint so set was asked at its public address instead
                        (("--set", "base_url=http://127.0.0.1:11434/v1"), "goes in --base-url")):
        refused = run_cli("sources", "add", "huggingface" if wrong[0] == "--base-url" else "feed", "--name", "f",
                          "--set", "url=https://example.org/feed.xml", *wrong)
        assert refused.returncode == 2 and said in refused.stderr and "Traceback" not in refused.stderr
    assert json.loads(run_cli("sources", "--json").stdout) == []
    assert run_cli("sources", "add", "nonsense", "--name", "n").returncode == 2
    assert run_cli("sources", "add", "folder", "--name", "dl", "--set", f"path={tmp_path}").returncode == 0
    assert run_cli("sources", "disable", "dl").returncode == 0
    assert json.loads(run_cli("sources", "--json").stdout)[0]["enabled"] is False
    assert run_cli("sources", "remove", "dl").returncode == 0
    assert run_cli("sources", "remove", "dl").returncode == 2  # no such source: wrong usage, as for check
    assert json.loads(run_cli("matches", "--json").stdout) == []


def test_match_accepts_a_url(run_cli: CliRunner, httpserver: HTTPServer, tmp_path: Path) -> None:
    serve(httpserver, tmp_path)
    run_cli("add", make_picture(tmp_path / "harbour.png", seed=7))
    matched = run_cli("match", "--json", httpserver.url_for("/img/1.jpg"), httpserver.url_for("/img/missing.png"))
    lines = [json.loads(line) for line in matched.stdout.splitlines()]
    assert lines[0]["matches"][0]["work_id"] == 1
    assert "HTTP 500" in lines[1]["error"] or "refused" in lines[1]["error"]
    assert matched.returncode == 1


def test_match_takes_back_the_file_address_matches_prints(run_cli: CliRunner, tmp_path: Path) -> None:
    """A folder source records a candidate as a file:// address; pasted back into `match`, it is the file."""
    run_cli("add", make_picture(tmp_path / "harbour.png", seed=7))
    copy = tmp_path / "seen here" / "harbour copy.png"
    copy.parent.mkdir()
    make_picture(copy, seed=7)
    matched = run_cli("match", "--json", copy.as_uri())
    [line] = [json.loads(line) for line in matched.stdout.splitlines()]
    assert line["candidate"] == copy.as_uri() and line["matches"][0]["work_id"] == 1
    assert matched.returncode == 0


def test_match_names_a_malformed_url_and_goes_on(run_cli: CliRunner, tmp_path: Path) -> None:
    picture = make_picture(tmp_path / "harbour.png", seed=7)
    run_cli("add", picture)
    matched = run_cli("match", "--json", "http://[::1/x.png", "http://127.0.0.1:port/x.png", "https://a..b/x.png",
                      picture)
    assert matched.returncode == 1 and "Traceback" not in matched.stderr
    lines = [json.loads(line) for line in matched.stdout.splitlines()]
    assert [line["matches"] for line in lines[:3]] == [[], [], []]
    assert "is not a well-formed address" in lines[0]["error"]
    assert "is not a well-formed address" in lines[1]["error"]
    assert "could not be reached (no such host)" in lines[2]["error"]
    assert lines[3]["matches"][0]["work_id"] == 1


def test_run_stops_cleanly_on_sigint_and_sigterm(home: Path) -> None:
    """Also when started as a shell script's background job, which starts with Ctrl+C (SIGINT) ignored."""
    for stopping in (signal.SIGINT, signal.SIGTERM):
        process = subprocess.Popen(
            [sys.executable, "-m", "creatorwatch", "--home", str(home), "run"], text=True,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
        assert process.stderr is not None
        assert "Press Ctrl+C to stop" in process.stderr.readline()
        process.send_signal(stopping)
        try:
            out, err = process.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            raise AssertionError(f"`creatorwatch run` did not stop on {stopping.name}") from None
        assert process.returncode == 0 and "stopping" in err and "Traceback" not in err
        assert out == ""


def test_an_answer_over_the_limit_says_a_command_that_raises_it(run_cli: CliRunner, httpserver: HTTPServer) -> None:
    """The advice was "--set max_bytes=…", which only `sources add` takes, and it refuses a name in use: the
    creator could not follow it. It names `sources set NAME`, which works, and the next check then succeeds."""
    httpserver.expect_request("/api/models").respond_with_json([{"id": f"someone/model-{i}", "x": "y" * 200}
                                                                for i in range(20)])
    assert run_cli("terms", "add", "Ada Lin").returncode == 0
    assert run_cli("sources", "add", "huggingface", "--name", "hub", "--base-url", httpserver.url_for("").rstrip("/"),
                   "--set", "max_bytes=1000", "--set", "kinds=models").returncode == 0
    checked = run_cli("check")
    advice = "Raise the limit with creatorwatch sources set hub --set max_bytes=… if you need it."
    assert checked.returncode == 1 and advice in checked.stdout + checked.stderr
    assert run_cli("sources", "set", "hub", "--set", "max_bytes=1000000").returncode == 0
    again = run_cli("check")
    assert again.returncode == 0, again.stdout + again.stderr


def test_a_setting_out_of_range_says_a_command_that_changes_it(run_cli: CliRunner, httpserver: HTTPServer) -> None:
    """It said "Change it with: creatorwatch sources add civitai --name gallery --set limit=…", refused as a name
    already in use."""
    assert run_cli("terms", "add", "Ada Lin").returncode == 0
    assert run_cli("sources", "add", "civitai", "--name", "gallery", "--base-url",
                   httpserver.url_for("").rstrip("/"), "--set", "limit=500").returncode == 0
    checked = run_cli("check")
    said = checked.stdout + checked.stderr
    assert "Change it with: creatorwatch sources set gallery --set limit=…" in said
    assert "sources add civitai --name gallery" not in said
