"""When the audited page (or ai.txt, or the TDMRep file) answers 500 or 429, what it would have said was not seen:
the audit lists it as not checked, with why, never as a gap stated as fact ("the page has no <meta … noai> tag"),
and `-o` writes no file to close it. Through the real `creatorwatch audit` against a site served on loopback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from tests.conftest import CliRunner

PROTECTED_ROBOTS = "User-agent: *\nDisallow: /\n"
AI_TXT = "User-Agent: *\nDisallow: /\n"


def _serve(server: HTTPServer, page_status: int, *, ai_txt_status: int = 200) -> str:
    server.expect_request("/robots.txt").respond_with_data(PROTECTED_ROBOTS, content_type="text/plain")
    server.expect_request("/.well-known/tdmrep.json").respond_with_json([{"location": "/*", "tdm-reservation": 1}])
    server.expect_request("/ai.txt").respond_with_data(
        AI_TXT if ai_txt_status == 200 else "busy", status=ai_txt_status, content_type="text/plain"
    )
    server.expect_request("/art/").respond_with_data(
        "<html><body>busy</body></html>", status=page_status, content_type="text/html"
    )
    return server.url_for("/art/")


@pytest.mark.parametrize("status", [500, 429])
def test_a_page_that_could_not_be_read_has_its_meta_tags_not_checked_not_missing(
    httpserver: HTTPServer, run_cli: CliRunner, tmp_path: Path, status: int
) -> None:
    url = _serve(httpserver, status)
    audited = run_cli("audit", url)
    assert audited.returncode == 1  # the creator must see what could not be checked
    said = audited.stdout
    assert f"Page meta: not checked (the page answered HTTP {status})" in said
    assert "the page has no <meta" not in said and "Gaps:" not in said
    assert (
        f"the page's meta tags (noai, noimageai, tdm-reservation) were not checked: the page answered HTTP "
        f"{status}" in said
    )

    result = json.loads(run_cli("audit", "--json", url).stdout)
    assert result["gaps"] == [] and result["protected"] is False
    assert [line.split(":")[0] for line in result["not_checked"]] == [
        "the page's meta tags (noai, noimageai, tdm-reservation) were not checked"
    ]

    out = tmp_path / "fixes"
    written = run_cli("audit", url, "-o", out)
    assert written.returncode == 1
    assert not out.exists() or not any(out.iterdir())  # no README asking for tags the audit never saw missing
    assert "Nothing written: no gaps among what could be read." in written.stdout

    assert run_cli("audit", url, "--remember").returncode == 1
    assert f"{url}  (weekly; last audited " in (listed := run_cli("audit", "--list").stdout)
    assert listed.splitlines()[0].endswith("; 0 gaps, 1 not checked)")


def test_an_ai_txt_answering_500_is_not_checked_and_not_replaced(
    httpserver: HTTPServer, run_cli: CliRunner, tmp_path: Path
) -> None:
    url = _serve(httpserver, 200, ai_txt_status=500)
    out = tmp_path / "fixes"
    result = json.loads(run_cli("audit", "--json", url, "-o", out).stdout)
    assert "ai.txt" not in " ".join(result["gaps"])
    assert any(
        line.startswith("ai.txt was not checked: it could not be read (HTTP 500)") for line in result["not_checked"]
    )
    assert not (out / "ai.txt").exists()  # the site's own ai.txt may well forbid everything already
