"""Retry-After and 429s against the real client and the real `creatorwatch check`: every hint is honoured up to
a cap and never obeyed blindly. An infinite hint once crashed the whole check and lost every other source's
results; a 119 s hint was waited out three times (362 s per check); a 429 with no hint was retried three times
in about 7 s (Hugging Face, Civitai and the Wayback Machine usually send none)."""

from __future__ import annotations

import json
import time
import types
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from creatorwatch.core.errors import RateLimited, ServerError, TooManyRequests
from creatorwatch.core.net import ratelimit
from creatorwatch.core.net.client import HttpClient
from creatorwatch.core.net.ratelimit import LONGEST_HINT, retry_after_seconds
from creatorwatch.core.wording.retry import tried_once
from tests.conftest import CliRunner
from tests.media import make_picture
from tests.sources_fixtures import fast_client

FEED = """<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title><id>urn:x</id><updated>2026-01-02T00:00:00Z</updated>
<entry><id>urn:1</id><title>Harbour by Ada Lin</title><updated>2026-01-02T00:00:00Z</updated>
  <link href="{base}/post/1"/><link rel="enclosure" type="image/png" href="{base}/img/1.png"/></entry>
</feed>"""


def good_feed(httpserver: HTTPServer, tmp_path: Path) -> str:
    """A feed on another host than the busy one (127.0.0.1, the busy one is "localhost": the same loopback
    server): a host that asked for a pause is left alone for all its paths, whichever source is checked first."""
    picture = make_picture(tmp_path / "1.png", seed=7)
    base = httpserver.url_for("").rstrip("/").replace("//localhost:", "//127.0.0.1:")
    httpserver.expect_request("/good.xml").respond_with_data(FEED.format(base=base),
                                                             content_type="application/atom+xml")
    httpserver.expect_request("/img/1.png").respond_with_data(picture.read_bytes(), content_type="image/png")
    return f"{base}/good.xml"


@pytest.mark.parametrize("hint", ["inf", "1e13", "nan", "-5", "Fri, 31 Dec 9999 23:59:59 GMT"])
def test_retry_after_is_a_finite_capped_number(hint: str) -> None:
    seconds = retry_after_seconds(hint)
    assert seconds is None or 0 <= seconds <= LONGEST_HINT
    assert LONGEST_HINT <= 6 * 3600


@pytest.mark.parametrize("hint", ["inf", "1e13"])
def test_an_endless_retry_after_fails_one_source_not_the_check(run_cli: CliRunner, httpserver: HTTPServer,
                                                              tmp_path: Path, hint: str) -> None:
    httpserver.expect_request("/busy.xml").respond_with_data("slow down", status=429, headers={"Retry-After": hint})
    good = good_feed(httpserver, tmp_path)
    assert "//localhost:" in httpserver.url_for("/busy.xml")
    run_cli("terms", "add", "Ada Lin")
    run_cli("sources", "add", "feed", "--name", "busy", "--set", f"url={httpserver.url_for('/busy.xml')}")
    run_cli("sources", "add", "feed", "--name", "good", "--set", f"url={good}")

    checked = run_cli("check", "--json")

    assert "Traceback" not in checked.stderr and checked.returncode == 1, checked.stderr
    summary = json.loads(checked.stdout)
    by_name = {s["name"]: s for s in summary["sources"]}
    assert by_name["good"]["state"] == "ok" and summary["mentions"] == 1  # the other source's finds are kept
    assert by_name["busy"]["state"] == "failing" and "slow down" in by_name["busy"]["error"]
    retry_at = datetime.fromisoformat(by_name["busy"]["retry_at"])
    assert retry_at <= datetime.now(UTC) + timedelta(hours=6, minutes=1)  # hours at most, never years
    assert [r.path for r, _ in httpserver.log].count("/busy.xml") == 1


@pytest.mark.parametrize("status", [429, 503])
def test_a_two_minute_retry_after_defers_the_source_instead_of_stalling_the_check(
        run_cli: CliRunner, httpserver: HTTPServer, status: int) -> None:
    httpserver.expect_request("/feed.xml").respond_with_data("busy", status=status, headers={"Retry-After": "119"})
    run_cli("sources", "add", "feed", "--name", "busy", "--set", f"url={httpserver.url_for('/feed.xml')}")

    checked = run_cli("check", "--json", timeout=100)

    outcome = json.loads(checked.stdout)["sources"][0]
    assert outcome["state"] == "failing"
    assert len(httpserver.log) == 1  # asked once; the next run comes after the service's two minutes
    retry_at = datetime.fromisoformat(outcome["retry_at"])
    assert datetime.now(UTC) + timedelta(seconds=100) < retry_at < datetime.now(UTC) + timedelta(minutes=3)


def test_a_429_without_retry_after_holds_the_host_for_minutes(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/models").respond_with_data("Too Many Requests", status=429)
    httpserver.expect_request("/datasets").respond_with_json([])
    with fast_client(retries=3, max_retry_wait=30) as client:
        with pytest.raises(TooManyRequests) as first:
            client.get(httpserver.url_for("/models"))
        assert first.value.held == 120 and "again in 2 min may work" in tried_once(first.value)
        assert first.value.retry_after is None  # the service said nothing: connectors may apply what they know
        with pytest.raises(RateLimited):  # the whole host rests, other paths too
            client.get(httpserver.url_for("/datasets"))
    assert [r.path for r, _ in httpserver.log] == ["/models"]  # not retried three times in seven seconds


def test_429s_in_a_row_back_off_longer(httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> None:
    httpserver.expect_request("/x").respond_with_data("Too Many Requests", status=429)
    client = HttpClient(retries=0, host_interval=0.0, host_intervals={})
    try:
        with pytest.raises(TooManyRequests) as first:
            client.get(httpserver.url_for("/x"))
        assert first.value.held == 120
        later = time.monotonic() + 121  # time passes: the two minutes are over
        monkeypatch.setattr(ratelimit, "time", types.SimpleNamespace(monotonic=lambda: later, sleep=time.sleep))
        with pytest.raises(TooManyRequests) as second:
            client.get(httpserver.url_for("/x"))
        assert second.value.held == 240 and "again in 4 min may work" in tried_once(second.value)
    finally:
        client.close()


def test_hugging_faces_ratelimit_header_says_how_long(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/models").respond_with_data(
        "Too Many Requests", status=429,
        headers={"RateLimit": '"api";r=0;t=55', "RateLimit-Policy": '"fixed window";"api";q=500;w=300'})
    with fast_client(retries=3) as client, pytest.raises(RateLimited) as caught:
        client.get(httpserver.url_for("/api/models"))
    assert caught.value.retry_after == 55 and "again in 55 s may work" in tried_once(caught.value)
    assert len(httpserver.log) == 1


def test_a_spent_quota_is_not_asked_again_before_its_reset(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/models").respond_with_json(
        [{"id": "a/b"}], headers={"RateLimit": '"api";r=0;t=240'})
    with fast_client() as client:
        assert client.get_json(httpserver.url_for("/api/models")) == [{"id": "a/b"}]
        with pytest.raises(RateLimited) as held:
            client.get(httpserver.url_for("/api/models"))
        assert "again in 4 min may work" in tried_once(held.value)
    assert len(httpserver.log) == 1


def test_short_waits_within_the_budget_are_still_waited_out(httpserver: HTTPServer) -> None:
    httpserver.expect_ordered_request("/x").respond_with_data("busy", status=503, headers={"Retry-After": "0.2"})
    httpserver.expect_ordered_request("/x").respond_with_json({"ok": True})
    with fast_client(retries=3) as client:
        assert client.get_json(httpserver.url_for("/x")) == {"ok": True}
    httpserver.clear()
    httpserver.expect_request("/y").respond_with_data("busy", status=503, headers={"Retry-After": "0.6"})
    with fast_client(retries=3, max_retry_wait=1.0) as client, pytest.raises(ServerError):
        client.get(httpserver.url_for("/y"))
    assert len(httpserver.log) == 2  # 0.6 s waited once; a second 0.6 s would pass the 1 s budget
