"""Auditing a creator's site over loopback: the crawler table, TDMRep, meta tags and ai.txt, as a crawler sees them."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from protego import Protego
from pytest_httpserver import HTTPServer

from creatorwatch.core.net.client import HttpClient
from creatorwatch.core.optout.audit import SiteAudit, audit_site
from creatorwatch.core.optout.crawlers import known_crawlers
from creatorwatch.core.optout.fixes import fix_files, write_fix_files
from tests.conftest import CliRunner

PAGE = "<!doctype html><html><head><title>Art</title>{meta}</head><body><p>My drawings</p></body></html>"
REQUIRED_TOKENS = {"GPTBot", "OAI-SearchBot", "ChatGPT-User", "ClaudeBot", "Claude-User", "Claude-SearchBot", "CCBot",
                   "Google-Extended", "Applebot-Extended", "meta-externalagent", "PerplexityBot", "Bytespider",
                   "Amazonbot", "cohere-ai"}


@pytest.fixture
def http() -> Iterator[HttpClient]:
    with HttpClient(source="test site", retries=0, backoff_base=0.0, host_interval=0.0) as client:
        yield client


def serve_site(server: HTTPServer, robots: str | None, *, meta: str = "", headers: dict[str, str] | None = None,
               tdmrep: object = None, ai_txt: str | None = None) -> str:
    if robots is None:
        server.expect_request("/robots.txt").respond_with_data("not found", status=404)
    else:
        server.expect_request("/robots.txt").respond_with_data(robots, content_type="text/plain")
    if tdmrep is None:
        server.expect_request("/.well-known/tdmrep.json").respond_with_data("nope", status=404)
    else:
        server.expect_request("/.well-known/tdmrep.json").respond_with_json(tdmrep)
    if ai_txt is None:
        server.expect_request("/ai.txt").respond_with_data("nope", status=404)
    else:
        server.expect_request("/ai.txt").respond_with_data(ai_txt, content_type="text/plain")
    server.expect_request("/").respond_with_data(PAGE.format(meta=meta), content_type="text/html",
                                                 headers=headers or {})
    return server.url_for("/")


def table(audit: SiteAudit, path: str = "/") -> dict[str, bool]:
    return {v.crawler.token: v.may_fetch[path] for v in audit.crawlers}


def test_the_list_names_every_documented_ai_crawler_with_what_blocking_stops() -> None:
    crawlers = {c.token: c for c in known_crawlers()}
    assert set(crawlers) >= REQUIRED_TOKENS
    for c in crawlers.values():
        assert c.operator and c.blocking_stops and c.blocking_does_not_stop and c.uses
        assert set(c.uses) <= {"training", "search", "user"}
    assert crawlers["GPTBot"].uses == ("training",) and crawlers["OAI-SearchBot"].uses == ("search",)
    assert crawlers["ChatGPT-User"].honours_robots == "may_not_apply"
    assert crawlers["Google-Extended"].token_only


def test_a_site_blocking_some_crawlers_gets_the_expected_table(httpserver: HTTPServer, http: HttpClient) -> None:
    robots = ("User-agent: GPTBot\nDisallow: /\n\nUser-agent: ClaudeBot\nUser-agent: CCBot\nDisallow: /\n\n"
              "User-agent: Google-Extended\nDisallow: /gallery/\n\nUser-agent: *\nAllow: /\n")
    url = serve_site(httpserver, robots)
    audit = audit_site(http, url, ["/gallery/"])
    root, gallery = table(audit, "/"), table(audit, "/gallery/")
    assert not root["GPTBot"] and not root["ClaudeBot"] and not root["CCBot"]
    assert root["Google-Extended"] and not gallery["Google-Extended"]
    assert root["Bytespider"] and root["OAI-SearchBot"] and root["Claude-User"]
    named = {v.crawler.token: v.named for v in audit.crawlers}
    assert named["GPTBot"] and named["CCBot"] and not named["Bytespider"]
    assert "Bytespider" in [v.crawler.token for v in audit.open_to_training()]
    assert not audit.protected and not audit.reserved


def test_a_fully_protected_site_has_no_gaps_and_exits_0(httpserver: HTTPServer, run_cli: CliRunner) -> None:
    robots = "User-agent: *\nDisallow: /\n"
    url = serve_site(httpserver, robots, meta='<meta name="robots" content="noai, noimageai">',
                     tdmrep=[{"location": "/*", "tdm-reservation": 1, "tdm-policy": "https://x.example/policy"}],
                     ai_txt="User-Agent: *\nDisallow: /\n")
    done = run_cli("audit", url, "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["protected"] is True and result["gaps"] == []
    assert all(not c["may_fetch"]["/"] for c in result["crawlers"])
    assert result["tdmrep"]["reserved"] is True
    assert result["tdmrep"]["well_known"]["rules"][0]["tdm-policy"] == "https://x.example/policy"
    assert result["page"]["noai"] and result["ai_txt"]["blocks_all"]


def test_tdmrep_header_and_meta_are_read(httpserver: HTTPServer, http: HttpClient) -> None:
    url = serve_site(httpserver, None, meta='<meta name="tdm-reservation" content="1">',
                     headers={"tdm-reservation": "1", "tdm-policy": "https://x.example/p", "X-Robots-Tag": "noimageai"})
    audit = audit_site(http, url)
    assert audit.page.header_reservation == "1" and audit.page.meta_reservation == "1"
    assert audit.page.header_policy == "https://x.example/p"
    assert audit.reserved and audit.page.noimageai and not audit.page.noai
    assert audit.tdmrep.state == "missing"


def test_a_header_saying_0_overrides_the_well_known_file(httpserver: HTTPServer, http: HttpClient) -> None:
    url = serve_site(httpserver, None, headers={"tdm-reservation": "0"},
                     tdmrep=[{"location": "/", "tdm-reservation": 1}])
    assert not audit_site(http, url).reserved


def test_missing_robots_means_everything_allowed(httpserver: HTTPServer, http: HttpClient) -> None:
    audit = audit_site(http, serve_site(httpserver, None))
    assert audit.robots.mode == "allow_all" and all(table(audit).values())
    assert "no robots.txt" in audit.robots.notes[0].lower()


def test_a_server_error_means_crawlers_keep_out_for_now(httpserver: HTTPServer, http: HttpClient) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("down", status=503)
    url = serve_site(httpserver, None)  # the 503 handler above was registered first and wins
    audit = audit_site(http, url)
    assert audit.robots.mode == "disallow_all" and not any(table(audit).values())
    assert "server error" in audit.robots.notes[0]
    assert any("cannot be read" in gap for gap in audit.gaps())
    fixes = fix_files(audit)  # the robots.txt to upload blocks every training crawler, not none
    assert "GPTBot" in fixes.blocked and "OAI-SearchBot" not in fixes.blocked


def test_an_unreachable_site_is_a_clear_verdict(http: HttpClient) -> None:
    audit = audit_site(http, "http://127.0.0.1:9/")  # the discard port: nothing listens there
    assert audit.robots.mode == "disallow_all" and "could not be fetched" in audit.robots.notes[0]
    assert audit.page.problem and audit.ai_txt.state == "unreachable"


def test_a_site_that_cannot_be_reached_is_not_shown_as_keeping_every_crawler_out(run_cli: CliRunner) -> None:
    """A mistyped address read as a site every AI crawler keeps out of ("blocked", in green), the reason only in
    small print below."""
    done = run_cli("audit", "http://127.0.0.1:9/", "--json")  # the discard port: nothing listens there
    result = json.loads(done.stdout)
    assert "could not be reached" in result["unreachable"]
    assert result["gaps"] == [f"{result['unreachable'].rstrip('.')}. Until the site answers, nothing here says how "
                              "crawlers treat it"]
    said = run_cli("audit", "http://127.0.0.1:9/").stdout
    assert "Until the site answers, nothing below says how crawlers treat it." in said.splitlines()[2]
    assert "site not reached" in said and "blocked" not in said


def test_a_10_mb_robots_txt_is_judged_by_its_first_500_kib(httpserver: HTTPServer, http: HttpClient) -> None:
    filler = "# " + "x" * 98 + "\n"
    robots = "User-agent: GPTBot\nDisallow: /\n" + filler * 100_000 + "User-agent: CCBot\nDisallow: /\n"
    assert len(robots) > 10_000_000
    url = serve_site(httpserver, robots)
    audit = audit_site(http, url)
    assert audit.robots.size == len(robots)
    assert len(audit.robots.text) <= 500 * 1024
    verdict = table(audit)
    assert not verdict["GPTBot"] and verdict["CCBot"]  # CCBot's rule lies past what crawlers must read
    assert "10.1 MB" in audit.robots.notes[0] and "500 KiB" in audit.robots.notes[0]


def test_robots_served_as_html_is_called_out(httpserver: HTTPServer, http: HttpClient) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data(
        "<!doctype html><html><body><h1>Welcome</h1></body></html>", content_type="text/html")
    audit = audit_site(http, serve_site(httpserver, None))
    assert audit.robots.mode == "rules" and all(table(audit).values())
    assert any("web page (HTML)" in note for note in audit.robots.notes)
    fixes = fix_files(audit)
    assert "<html" not in fixes.files["robots.txt"].decode()


def test_robots_redirected_to_another_host_is_noted(httpserver: HTTPServer, http: HttpClient) -> None:
    other = httpserver.url_for("/elsewhere-robots.txt").replace("localhost", "127.0.0.1")
    httpserver.expect_request("/robots.txt").respond_with_data("", status=301, headers={"Location": other})
    httpserver.expect_request("/elsewhere-robots.txt").respond_with_data("User-agent: *\nDisallow: /\n")
    url = serve_site(httpserver, None).replace("127.0.0.1", "localhost")
    audit = audit_site(http, url)
    assert not any(table(audit).values())  # the other host's rules apply
    assert any("redirects to another host" in note for note in audit.robots.notes)


def test_malformed_tdmrep_and_html_ai_txt_are_named_not_crashes(httpserver: HTTPServer, http: HttpClient) -> None:
    httpserver.expect_request("/.well-known/tdmrep.json").respond_with_data("{not json",
                                                                          content_type="application/json")
    httpserver.expect_request("/ai.txt").respond_with_data("<html>shop</html>", content_type="text/html")
    audit = audit_site(http, serve_site(httpserver, None))
    assert audit.tdmrep.state == "malformed" and "not valid JSON" in audit.tdmrep.note
    assert audit.ai_txt.state == "missing" and "web page" in audit.ai_txt.note


def test_gap_files_close_every_gap_and_keep_the_creators_lines(
        httpserver: HTTPServer, http: HttpClient, tmp_path: Path) -> None:
    robots = "User-agent: *\nDisallow: /private/\n\nUser-agent: GPTBot\nAllow: /\n"
    audit = audit_site(http, serve_site(httpserver, robots))
    fixes = fix_files(audit, policy_url="https://me.example/licence")
    written = write_fix_files(fixes, tmp_path / "upload")
    assert {p.name for p in written} == {"robots.txt", "tdmrep.json", "ai.txt", "README.txt"}
    new_robots = (tmp_path / "upload" / "robots.txt").read_text()
    assert new_robots.startswith("User-agent: *\nDisallow: /private/")
    parser = Protego.parse(new_robots)
    for token in fixes.blocked:
        if token != "GPTBot":
            assert not parser.can_fetch(audit.site, token), token
    assert fixes.still_open == ["GPTBot"]  # its own "Allow: /" ties with the new Disallow, and Allow wins
    readme = (tmp_path / "upload" / "README.txt").read_text()
    assert "GPTBot" in readme
    assert f"{audit.site}robots.txt" in readme and f"{audit.site}.well-known/tdmrep.json" in readme  # where, exactly
    assert "YOUR-SITE" not in readme
    assert json.loads((tmp_path / "upload" / "tdmrep.json").read_text()) == [
        {"location": "/*", "tdm-reservation": 1, "tdm-policy": "https://me.example/licence"}]
    ai = Protego.parse((tmp_path / "upload" / "ai.txt").read_text())
    assert not ai.can_fetch(audit.site + "work.jpg", "anybot")
    assert not list((tmp_path / "upload").glob("*.part"))


def test_cli_prints_the_table_writes_the_files_and_exits_1_for_gaps(
        httpserver: HTTPServer, run_cli: CliRunner, tmp_path: Path) -> None:
    url = serve_site(httpserver, "User-agent: GPTBot\nDisallow: /\n")
    done = run_cli("audit", url, "--path", "/gallery/", "-o", tmp_path / "fix")
    assert done.returncode == 1, done.stderr
    out = done.stdout
    gpt = next(line for line in out.splitlines() if line.startswith("GPTBot"))
    cc = next(line for line in out.splitlines() if line.startswith("CCBot"))
    assert "blocked" in gpt and "may fetch" not in gpt
    assert "may fetch" in cc and "the * group decides" in cc
    assert "Gaps:" in out and (tmp_path / "fix" / "robots.txt").exists()
    heading = out.splitlines()[0]  # the time as `sources` says one, not "2026-12-06T15:56:38+00:00"
    assert re.fullmatch(rf"Audit of {re.escape(url)} \(\d{{4}}-\d\d-\d\d \d\d:\d\d\)", heading), heading
    again = run_cli("audit", "--json", url)
    assert json.loads(again.stdout)["protected"] is False


def test_cli_refuses_an_address_that_is_not_a_website(run_cli: CliRunner) -> None:
    done = run_cli("audit", "ftp://example.org/")
    assert done.returncode == 2 and "not a web address" in done.stderr


@pytest.mark.parametrize(("status", "mode"), [(401, "allow_all"), (403, "allow_all"), (410, "allow_all"),
                                               (429, "disallow_all"), (500, "disallow_all")])
def test_robots_status_codes_follow_rfc_9309(httpserver: HTTPServer, http: HttpClient, status: int, mode: str) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("no", status=status)
    audit = audit_site(http, serve_site(httpserver, None))
    assert audit.robots.mode == mode and audit.robots.status == status
    assert all(table(audit).values()) == (mode == "allow_all")


def test_all_ai_blocks_search_and_user_fetchers_too(httpserver: HTTPServer, http: HttpClient) -> None:
    audit = audit_site(http, serve_site(httpserver, None))
    training_only, everything = fix_files(audit), fix_files(audit, all_ai=True)
    assert "OAI-SearchBot" not in training_only.blocked and "OAI-SearchBot" in everything.blocked
    assert set(training_only.blocked) == {c.token for c in known_crawlers() if c.trains}
    assert set(everything.blocked) == {c.token for c in known_crawlers()}


def test_a_page_too_large_to_read_is_named(httpserver: HTTPServer, http: HttpClient) -> None:
    httpserver.expect_request("/big.html").respond_with_data("<html>" + "x" * (6 * 1024 * 1024),
                                                             content_type="text/html")
    serve_site(httpserver, None)
    audit = audit_site(http, httpserver.url_for("/big.html"))
    assert "larger than" in audit.page.problem and audit.paths == ["/", "/big.html"]


@pytest.mark.parametrize("where", ["meta", "header"])
def test_a_bare_noai_is_reported_as_noai_not_as_noimageai(httpserver: HTTPServer, run_cli: CliRunner,
                                                          where: str) -> None:
    """`noai` asks that nothing on the page be used for AI, `noimageai` names the pictures: a page with only `noai`
    was reported `"noimageai": true`. The audit reports what is there, and says in words that noai covers the
    pictures too."""
    meta = '<meta name="robots" content="noai">' if where == "meta" else ""
    headers = {"X-Robots-Tag": "noai"} if where == "header" else {}
    url = serve_site(httpserver, "User-agent: *\nDisallow: /\n", meta=meta, headers=headers,
                     tdmrep=[{"location": "/*", "tdm-reservation": 1}], ai_txt="User-Agent: *\nDisallow: /\n")

    result = json.loads(run_cli("audit", url, "--json").stdout)
    told = run_cli("audit", url)

    page = result["page"]
    assert page["noai"] is True and page["noimageai"] is False and page["images_covered"] is True
    assert result["protected"] is True and result["gaps"] == []  # noai covers the pictures: no gap
    assert "Page meta: noai yes, noimageai no (noai covers the pictures too)" in told.stdout, told.stdout
    assert told.returncode == 0
