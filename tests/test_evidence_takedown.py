"""Takedowns: each step is recorded with its details in the custody log, and a re-check of the infringing URL
on a loopback server notices when it goes (404/410) or when its content no longer matches."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from creatorwatch.core.evidence.custody import history
from creatorwatch.core.evidence.takedown import TakedownProblem, Takedowns
from creatorwatch.core.net.client import HttpClient
from creatorwatch.core.store.events import Event, EventHub
from tests.evidence_fixtures import Recorded, record_match
from tests.media import make_picture


@pytest.fixture
def recorded(tmp_path: Path, httpserver: HTTPServer) -> Recorded:
    return record_match(tmp_path / "data" / "creatorwatch.sqlite3", tmp_path / "files", httpserver)


def test_steps_are_recorded_with_details(recorded: Recorded) -> None:
    takedowns = Takedowns(recorded.db)
    ten_days_ago = (datetime.now(UTC) - timedelta(days=10)).isoformat(timespec="seconds")
    takedowns.record(recorded.match_id, "drafted")
    sent = takedowns.record(recorded.match_id, "sent", channel="email", recipient="copyright@host.example",
                            when=ten_days_ago)
    assert (sent.status, sent.channel, sent.recipient, sent.days_since_sent()) == \
        ("sent", "email", "copyright@host.example", 10)
    takedowns.record(recorded.match_id, "acknowledged", note="ticket 5521")
    takedowns.note(recorded.match_id, "they asked for the original file")
    assert [t.match_id for t in takedowns.all(open_only=True)] == [recorded.match_id]
    takedowns.record(recorded.match_id, "refused")
    takedowns.record(recorded.match_id, "counter-notice", note="uploader claims fair use")
    actions = [e.action for e in history(recorded.db, recorded.match_id)]
    assert actions[0] == "takedown_sent"  # dated ten days back: the log is in the order things happened
    assert actions[-5:] == ["takedown_drafted", "takedown_acknowledged", "note", "takedown_refused",
                            "takedown_counter_notice"]
    sent_entry = next(e for e in history(recorded.db, recorded.match_id) if e.action == "takedown_sent")
    assert sent_entry.at == ten_days_ago and sent_entry.detail["recipient"] == "copyright@host.example"


def test_unknown_step_or_match_is_refused(recorded: Recorded) -> None:
    with pytest.raises(TakedownProblem, match="Unknown takedown step"):
        Takedowns(recorded.db).record(recorded.match_id, "forgotten")
    with pytest.raises(TakedownProblem, match="#77"):
        Takedowns(recorded.db).record(77, "sent")


@pytest.mark.parametrize("status", [404, 410])
def test_url_going_away_marks_the_takedown_removed(recorded: Recorded, httpserver: HTTPServer, status: int) -> None:
    heard: list[Event] = []
    hub = EventHub()
    hub.subscribe(heard.append)
    takedowns = Takedowns(recorded.db, hub)
    takedowns.record(recorded.match_id, "sent", channel="web form", recipient="host")
    httpserver.clear()
    httpserver.expect_request("/old/copy.png").respond_with_data("gone", status=status)
    with HttpClient(retries=0) as http:
        [result] = takedowns.recheck(http)
    assert (result.result, result.detail) == ("gone", f"HTTP {status}")
    takedown = takedowns.get(recorded.match_id)
    assert takedown is not None and takedown.status == "removed" and not takedown.is_open
    assert history(recorded.db, recorded.match_id)[-1].action == "url_gone"
    assert heard[-1].name == "takedown_changed" and heard[-1].data["status"] == "removed"


def test_unchanged_and_no_longer_matching_content(recorded: Recorded, httpserver: HTTPServer, tmp_path: Path) -> None:
    takedowns = Takedowns(recorded.db)
    takedowns.record(recorded.match_id, "sent", channel="email", recipient="host")
    with HttpClient(retries=0) as http:
        assert [r.result for r in takedowns.recheck(http)] == ["unchanged"]
        httpserver.clear()
        other = make_picture(tmp_path / "other.png", seed=99).read_bytes()
        httpserver.expect_request("/old/copy.png").respond_with_data(other, content_type="image/png")
        assert [r.result for r in takedowns.recheck(http)] == ["no longer matches"]
    takedown = takedowns.get(recorded.match_id)
    assert takedown is not None and takedown.status == "sent" and takedown.check_result == "no longer matches"
    assert history(recorded.db, recorded.match_id)[-1].action == "content_changed"
