"""A source that takes no token shows no field to paste one: for a folder source the page said "needs no token"
above a "Paste a new token" field that still looked typeable. It says why none is needed, in readable (not greyed)
words; a source that does take one shows the field, ready to type in."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from creatorwatch.core.sources.base import SourceConfig
from creatorwatch.core.store.secrets import delete_secret
from creatorwatch.paths import Paths
from creatorwatch.ui.sources_view import SourcesView
from tests.test_ui_sources import add_sources, loaded, select
from tests.ui_fixtures import paths, sources_page  # noqa: F401

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")


@pytest.fixture
def entry() -> Iterator[str]:
    name = f"test-lumen-{uuid.uuid4().hex[:8]}"
    yield name
    delete_secret(name)


def test_no_token_field_for_a_source_that_takes_none(qtbot: QtBot, sources_page: SourcesView,  # noqa: F811
                                                     paths: Paths, entry: str) -> None:  # noqa: F811
    view = sources_page
    add_sources(paths, SourceConfig("found online", "folder", settings={"path": "/nowhere"}),
                SourceConfig("notices", "lumen", settings={"secret": entry}))
    loaded(qtbot, view, 2)
    select(qtbot, view, "found online")
    assert not view.token_field.isVisible() and not view.save_token_button.isVisible()
    assert view.token_state.isVisible() and view.token_state.isEnabled()
    assert view.token_state.text() == "found online needs no token: it reads a folder on this computer."
    select(qtbot, view, "notices")
    qtbot.waitUntil(lambda: "No token stored yet" in view.token_state.text())
    assert view.token_field.isVisible() and view.token_field.isEnabled()
    assert view.save_token_button.isVisible()
