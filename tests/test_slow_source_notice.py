"""A source that trickles its answer held `creatorwatch check` for minutes with no word: after a while (30 s; a
parameter, small here) the check says which source it is still waiting for, once."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from creatorwatch.commands.monitoring import _Progress
from creatorwatch.core.records.source_store import SourceStore
from creatorwatch.core.sources.base import SourceConfig
from creatorwatch.core.store.db import open_database
from creatorwatch.core.store.events import EventHub
from creatorwatch.core.watch.monitor import Monitor
from tests.sources_fixtures import fast_client

RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>AI gallery</title><link>{base}/</link>
<item><guid>1</guid><title>Sunset study</title><link>{base}/post/1</link></item></channel></rss>"""


def test_a_slow_source_is_said_to_be_answering_slowly(httpserver: HTTPServer, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    said = threading.Event()
    base = httpserver.url_for("").rstrip("/")

    def slow_feed(request: Request) -> Response:
        said.wait(10)  # answers once the check has said it is waiting (or, without that, after a long while)
        return Response(RSS.format(base=base), content_type="application/rss+xml")

    httpserver.expect_request("/feed.xml").respond_with_handler(slow_feed)
    db = open_database(tmp_path / "data.sqlite3")
    SourceStore(db).add(SourceConfig("feed", "feed", settings={"url": httpserver.url_for("/feed.xml")}))
    hub = EventHub()
    hub.subscribe(_Progress(summary_follows=True))  # what `creatorwatch check` prints as it goes
    hub.subscribe(lambda event: said.set() if event.name == "source_slow" else None)

    summary = Monitor(db, http=fast_client(read_timeout=30), hub=hub, slow_after=0.01).check()

    assert [(o.name, o.state, o.new) for o in summary.sources] == [("feed", "ok", 1)]
    err = capsys.readouterr().err
    assert err.count("still waiting for “feed”: it is answering very slowly") == 1, err
