"""A host that answered 429 with a Retry-After, or said its quota is spent until a reset, is not asked again before
that time, by this check or by the next `creatorwatch check` process (the tester's second check asked
web.archive.org again at once), and the other sources on that host are told whose request was refused rather than
that they were asked to slow down themselves, in the same words whichever process held the host."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from creatorwatch.core.errors import RateLimited
from creatorwatch.core.records.host_holds import held_hosts
from creatorwatch.core.store.db import open_database
from tests.conftest import CliRunner
from tests.sources_fixtures import fast_client

RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>AI gallery</title><link>{base}/</link>
<item><guid>1</guid><title>Sunset study</title><link>{base}/post/1</link></item></channel></rss>"""


def test_a_second_check_does_not_ask_a_host_that_asked_to_wait(run_cli: CliRunner, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/feed.xml").respond_with_data("slow down", status=429, headers={"Retry-After": "3600"})
    run_cli("sources", "add", "feed", "--name", "archive", "--set", f"url={httpserver.url_for('/feed.xml')}")
    first = run_cli("check", "--json")
    assert first.returncode == 1 and len(httpserver.log) == 1
    httpserver.clear_log()

    second = run_cli("check")

    assert httpserver.log == []
    assert second.returncode == 1, second.stderr
    said = re.search(r"archive \(feed\): localhost asked CreatorWatch to wait until \d\d:\d\d; "
                     r"not asked again before then\.", second.stdout)
    assert said, second.stdout
    third = run_cli("check", "--json")  # a script sees the source failed, and until when
    outcome = json.loads(third.stdout)["sources"][0]
    assert outcome["state"] == "failing" and outcome["retry_at"] and json.loads(third.stdout)["failed"] == ["archive"]
    assert httpserver.log == []


def test_another_source_on_the_held_host_is_told_whose_request_was_refused(
        run_cli: CliRunner, httpserver: HTTPServer) -> None:
    _civ_held_beside_gallery(run_cli, httpserver)

    checked = run_cli("check", "--json")

    assert httpserver.log == []
    by_name = {s["name"]: s for s in json.loads(checked.stdout)["sources"]}
    assert re.fullmatch(r"gallery \(feed\): localhost asked CreatorWatch to wait until \d\d:\d\d while checking "
                        r"“civ”; not asked again before then\.", by_name["gallery"]["error"])
    assert "slow down (too many requests)" not in by_name["gallery"]["error"]


def test_in_one_check_the_held_host_names_the_source_refused(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/v1/images").respond_with_json({"error": "Too many requests"}, status=429,
                                                                   headers={"Retry-After": "3600"})
    httpserver.expect_request("/api/v1/models").respond_with_json({"items": [], "metadata": {}})
    client = fast_client(retries=0)
    civ = client.configured(source="civ (civitai)", source_name="civ")
    models = client.configured(source="civ-models (civitai)", source_name="civ-models")
    try:
        with pytest.raises(RateLimited):
            civ.get(httpserver.url_for("/api/v1/images"))
        with pytest.raises(RateLimited) as held:
            models.get(httpserver.url_for("/api/v1/models"))
    finally:
        client.close()
    assert re.fullmatch(r"civ-models \(civitai\): localhost asked CreatorWatch to wait until \d\d:\d\d while checking "
                        r"“civ”; not asked again before then\.", str(held.value))
    assert [request.path for request, _ in httpserver.log] == ["/api/v1/images"]


EMPTY_RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>AI gallery</title><link>{base}/</link>
</channel></rss>"""


@pytest.mark.parametrize("quota", [{"RateLimit-Remaining": "0", "RateLimit-Reset": "3600"},
                                   {"RateLimit": '"api";r=0;t=3600'}], ids=["remaining-reset", "ratelimit"])
def test_a_spent_quota_holds_the_host_for_the_next_check_too(run_cli: CliRunner, httpserver: HTTPServer,
                                                              quota: dict[str, str]) -> None:
    """The first check is answered, with the quota spent for an hour: the next `check` process does not ask before
    the reset, exactly as after a 429 with Retry-After (the hold was kept only in the first process's memory)."""
    base = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/feed.xml").respond_with_data(EMPTY_RSS.format(base=base),
                                                             content_type="application/rss+xml", headers=quota)
    run_cli("sources", "add", "feed", "--name", "archive", "--set", f"url={httpserver.url_for('/feed.xml')}")
    first = run_cli("check", "--json")
    assert first.returncode == 0, first.stdout + first.stderr
    assert json.loads(first.stdout)["sources"][0]["state"] == "ok" and len(httpserver.log) == 1
    httpserver.clear_log()

    second = run_cli("check", "--json")

    assert httpserver.log == []
    outcome = json.loads(second.stdout)["sources"][0]
    assert outcome["state"] == "failing" and outcome["retry_at"]
    assert re.fullmatch(r"archive \(feed\): localhost asked CreatorWatch to wait until \d\d:\d\d; "
                        r"not asked again before then\.", outcome["error"]), outcome["error"]


def test_a_held_host_is_told_in_the_same_words_by_the_client_and_the_next_check(
        run_cli: CliRunner, httpserver: HTTPServer, home: Path) -> None:
    """The HTTP client (a host held during a check) and the monitor (a host held since an earlier check) said it in
    two wordings ("slow down …; not asked again before 01:12" and "wait until 01:12 …; not asked again before
    then"): one sentence now, whoever says it."""
    _civ_held_beside_gallery(run_cli, httpserver)

    by_monitor = json.loads(run_cli("check", "--json", "--source", "gallery").stdout)["sources"][0]["error"]
    db = open_database(home / "data" / "creatorwatch.sqlite3")
    client = fast_client(retries=0)
    try:
        client.restore_refusals(held_hosts(db))  # the same hold, met by a request during a check
        with pytest.raises(RateLimited) as by_client:
            client.configured(source="gallery (feed)", source_name="gallery").get(httpserver.url_for("/gallery.xml"))
    finally:
        client.close()
        db.conn.close()

    assert httpserver.log == []
    assert str(by_client.value) == by_monitor
    assert re.fullmatch(r"gallery \(feed\): localhost asked CreatorWatch to wait until \d\d:\d\d while checking "
                        r"“civ”; not asked again before then\.", by_monitor)


def _civ_held_beside_gallery(run_cli: CliRunner, httpserver: HTTPServer) -> None:
    """Two feed sources on one host: "civ", checked alone, answered 429 + Retry-After: 3600; "gallery" not asked yet."""
    httpserver.expect_request("/civ.xml").respond_with_data("slow down", status=429, headers={"Retry-After": "3600"})
    base = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/gallery.xml").respond_with_data(RSS.format(base=base),
                                                                content_type="application/rss+xml")
    run_cli("sources", "add", "feed", "--name", "civ", "--set", f"url={httpserver.url_for('/civ.xml')}")
    run_cli("sources", "add", "feed", "--name", "gallery", "--set", f"url={httpserver.url_for('/gallery.xml')}")
    run_cli("check", "--source", "civ")
    httpserver.clear_log()
