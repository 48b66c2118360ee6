"""One mention per thing found: with the watch terms "Kenneth Wimer" and "Wimer", a page naming Kenneth Wimer was
two finds in Review (#5 names 'Kenneth Wimer', #6 names 'Wimer', same address). Now it is one, under the most
specific term, with every other term it names kept beside it; duplicates an older version recorded are kept, and
no new one is added. A Common Crawl find says the site it found in the crawl, not that the crawl "names" a term.
Through the real `creatorwatch` command against a feed and a crawl index on loopback."""

from __future__ import annotations

import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from pytest_httpserver import HTTPServer

from creatorwatch.core.records.findings import record_mention
from creatorwatch.core.store.db import open_database, transaction
from tests.conftest import CliRunner
from tests.test_source_commoncrawl import NEWEST
from tests.test_source_reports import _crawl_index

FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>AI gallery</title><link>{site}</link>
<description>d</description>
<item><title>Kenneth Wimer style LoRA</title><link>{site}post/1</link><guid>1</guid></item>
<item><title>In the manner of Wimer</title><link>{site}post/2</link><guid>2</guid></item>
<item><title>Kenneth Wimer's Butterfly, redrawn</title><link>{site}post/3</link><guid>3</guid></item>
</channel></rss>"""


def test_overlapping_terms_give_one_mention_named_by_the_longest(
    run_cli: CliRunner, httpserver: HTTPServer, tmp_path: Path
) -> None:
    httpserver.expect_request("/feed.xml").respond_with_data(
        FEED.format(site=httpserver.url_for("/")), content_type="application/rss+xml"
    )
    assert run_cli("terms", "add", "Wimer", "Kenneth Wimer", "Butterfly").returncode == 0
    feed = httpserver.url_for("/feed.xml")
    assert run_cli("sources", "add", "feed", "--name", "gallery", "--set", f"url={feed}").returncode == 0

    checked = run_cli("check", "--json")
    assert checked.returncode == 0, checked.stdout
    assert json.loads(checked.stdout)["mentions"] == 3  # it was 5: posts 1 and 3 twice each
    found = {f["candidate_url"].rsplit("/", 1)[-1]: f for f in json.loads(run_cli("matches", "--json").stdout)}
    assert [(f["term"], f["terms"]) for f in found.values()] == [
        ("Kenneth Wimer", ["Kenneth Wimer"]),
        ("Wimer", ["Wimer"]),
        ("Kenneth Wimer", ["Kenneth Wimer", "Butterfly"]),
    ]
    lines = run_cli("matches").stdout.splitlines()
    assert len(lines) == 3 and "names 'Kenneth Wimer' and 'Butterfly' — " in lines[2]
    assert "names 'Kenneth Wimer' — " in lines[0] and "names 'Wimer' — " in lines[1]

    assert run_cli("evidence-settings", "--name", "Kenneth Wimer", "--email", "kw@example.org").returncode == 0
    bundle = tmp_path / "mention.zip"
    assert run_cli("export", str(found["3"]["id"]), "-o", bundle).returncode == 0
    with zipfile.ZipFile(bundle) as opened:
        notice = opened.read("notice.txt").decode()
    assert 'The words matched: "Kenneth Wimer", "Butterfly"' in notice  # the request names every term the page names


def test_duplicates_an_older_version_recorded_are_kept_and_no_new_one_added(tmp_path: Path) -> None:
    db = open_database(tmp_path / "creatorwatch.sqlite3")
    now = datetime.now(UTC).isoformat(timespec="seconds")
    with transaction(db):
        db.execute(
            "INSERT INTO candidates (url, source, first_seen) VALUES ('https://civ.example/models/5', 'civ', ?)", [now]
        )
        for term in ("Kenneth Wimer", "Wimer"):  # as an older version recorded them: one per term
            db.execute(
                "INSERT INTO matches (type, candidate_id, term, score, found_at) VALUES ('mention', 1, ?, 1, ?)",
                [term, now],
            )
    with transaction(db):  # the model page is read again (its card changed) and now names a title too
        assert record_mention(db, 1, ["Kenneth Wimer", "Butterfly"], now) is None
    assert [row[0] for row in db.execute("SELECT term FROM matches ORDER BY id")] == ["Kenneth Wimer", "Wimer"]


def test_a_crawl_find_says_the_site_found_in_the_crawl(run_cli: CliRunner, httpserver: HTTPServer) -> None:
    _crawl_index(httpserver)
    assert run_cli("terms", "add", "Ada Lumen").returncode == 0  # matches the site's address, adalumen.example
    base = httpserver.url_for("").rstrip("/")
    assert (
        run_cli(
            "sources", "add", "commoncrawl", "--name", "crawls", "--base-url", base, "--set", "domains=adalumen.example"
        ).returncode
        == 0
    )
    assert run_cli("check").returncode == 0

    [found] = json.loads(run_cli("matches", "--json").stdout)
    assert (found["site_in_crawl"], found["crawl"]) == ("adalumen.example", NEWEST)
    said = "adalumen.example is in Common Crawl's November 2026 Index (CC-MAIN-2026-47)"
    assert found["found"] == said
    line = run_cli("matches").stdout
    assert said in line and "names" not in line
