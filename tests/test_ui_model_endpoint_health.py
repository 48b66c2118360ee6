"""A model endpoint showed "● ok" before it was ever asked anything: a check (which lists nothing from it) and a
scheduled probe with no works enabled for probing both recorded it as answered, even with nothing listening at its
address or with no key stored for a service that needs one. Now it reads "not checked yet" until a probe is
answered, and one at OpenAI's or Anthropic's own address with no key reads as waiting for it (a server the
creator named may need none: its answer tells), on the Sources page and in `sources`."""

from __future__ import annotations

import threading
from pathlib import Path

from pytestqt.qtbot import QtBot

from creatorwatch.core.store.db import open_database
from creatorwatch.core.store.events import EventHub
from creatorwatch.core.watch.scheduled_probe import scheduled_probe
from creatorwatch.paths import Paths
from creatorwatch.ui.sources_view import SourcesView
from tests.conftest import CliRunner
from tests.sources_fixtures import fast_client
from tests.test_ui_sources import cell, closed_port_url, listed, loaded
from tests.ui_fixtures import paths, sources_page  # noqa: F401


def test_an_endpoint_never_asked_is_not_called_ok(qtbot: QtBot, sources_page: SourcesView,  # noqa: F811
                                                  paths: Paths, run_cli: CliRunner, keyring_file: Path) -> None:  # noqa: F811
    for added in (("--name", "on-this-computer", "--base-url", closed_port_url()), ("--name", "at-a-service"),
                  ("--name", "own-server", "--base-url", "https://llm.studio.example")):  # may take no key: ask it
        assert run_cli("sources", "add", "openai-compatible", *added, "--set", "model=llama3").returncode == 0
    run_cli("check")  # lists nothing from either: asks them nothing
    db = open_database(paths.database)
    http = fast_client()
    try:  # the schedule's weekly probe, with no work enabled for probing: nothing is sent
        scheduled_probe(db, "on-this-computer", http=http, hub=EventHub(), stop=threading.Event())
    finally:
        http.close()
        db.conn.close()

    loaded(qtbot, sources_page, 3)
    for name in ("on-this-computer", "own-server"):
        assert cell(sources_page, name, "Health") == "○ not checked yet"
    assert cell(sources_page, "at-a-service", "Health") == "■ waiting for a token"
    assert "Store it under Token, below" in cell(sources_page, "at-a-service", "Latest problem")
    health = {name: source["health"] for name, source in listed(run_cli).items()}
    assert health == {"on-this-computer": "new", "at-a-service": "waiting_for_token", "own-server": "new"}
