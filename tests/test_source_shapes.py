"""Every public-API connector against answers in the wrong shape — a field null, of another type, renamed,
three times longer than usual, or nested absurdly deep: each run either reads what it can or fails with a
plain message that names the source once. Never an unexplained crash (TypeError, KeyError, RecursionError…)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from creatorwatch.core.errors import SourceError
from creatorwatch.core.sources.base import Source
from creatorwatch.core.sources.civitai import CivitaiSource
from creatorwatch.core.sources.commoncrawl import CommonCrawlSource
from creatorwatch.core.sources.huggingface import HuggingFaceSource
from creatorwatch.core.sources.lumen import LumenSource
from creatorwatch.core.sources.reddit import RedditSource
from creatorwatch.core.sources.spawning import SpawningSource
from creatorwatch.core.sources.wayback import WaybackSource
from creatorwatch.core.sources.youtube import YouTubeSource
from tests.source_api_helpers import body, config, data, fast_client

TERMS = ["Ada Lumen"]
ODD_VALUES: tuple[Any, ...] = (None, "odd", 7, {})


@dataclass(frozen=True)
class Connector:
    cls: type[Source]
    path: str  # the endpoint whose answer is bent out of shape
    answer: Any  # its usual answer (a recorded-shape fixture)
    settings: dict[str, str] = field(default_factory=dict)
    token: str | None = None
    label: str = ""  # how its messages name it
    others: dict[str, str] = field(default_factory=dict)  # other endpoints, answered as usual: path → fixture


CONNECTORS = {
    "huggingface": Connector(HuggingFaceSource, "/api/models", data("huggingface/models_page1.json"),
                             {"kinds": "models", "cards": "0"}, label="Hugging Face (shape)"),
    "civitai-models": Connector(CivitaiSource, "/api/v1/models", data("civitai/models.json"),
                                {"kinds": "models", "max_pages": "1"}, label="Civitai (shape)"),
    "civitai-images": Connector(CivitaiSource, "/api/v1/images", data("civitai/images_page1.json"),
                                {"kinds": "images", "username": "u", "max_pages": "1"}, label="Civitai (shape)"),
    "lumen": Connector(LumenSource, "/notices/search.json", data("lumen/search_page1.json"),
                       {"fields": "term", "max_pages": "1"}, "lumen-token", "Lumen Database (shape)"),
    "youtube": Connector(YouTubeSource, "/youtube/v3/search", data("youtube/search_page1.json"), {}, "yt-key",
                         "YouTube (shape)"),
    "reddit": Connector(RedditSource, "/search", data("reddit/search_page1.json"), {"max_pages": "1"},
                        "app:secret", "Reddit (shape)", {"/api/v1/access_token": "reddit/token.json"}),
    "spawning": Connector(SpawningSource, "/api/v2/query/urls/", data("spawning/urls.json"),
                          {"urls": "https://a.example/1,https://a.example/2"}, "key", "Spawning (shape)"),
    "wayback": Connector(WaybackSource, "/cdx/search/cdx", data("wayback/cdx.json"),
                         {"urls": "https://aigallery.example/p/8812"}, label="Wayback Machine (shape)"),
    "commoncrawl": Connector(CommonCrawlSource, "/collinfo.json", data("commoncrawl/collinfo.json"),
                             {"domains": "adalumen.example", "crawls": "1"}, label="Common Crawl (shape)"),
}


def bent(document: Any, limit: int = 24) -> Iterator[tuple[str, Any]]:
    """The document with one value at a time replaced by an odd one, breadth first, up to `limit` places."""
    places: list[tuple[Any, ...]] = [()]
    queue: list[tuple[Any, ...]] = [()]
    while queue and len(places) < limit:
        path = queue.pop(0)
        node = _at(document, path)
        keys = list(node) if isinstance(node, dict) else range(len(node)) if isinstance(node, list) else []
        for key in list(keys)[:6]:
            places.append((*path, key))
            queue.append((*path, key))
    for path in places[1:limit]:
        for odd in ODD_VALUES:
            copy = json.loads(json.dumps(document))
            *parent, last = path
            _at(copy, tuple(parent))[last] = odd
            yield f"{'/'.join(map(str, path))}={odd!r}", copy


def _at(document: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        document = document[key]
    return document


def longer(document: Any) -> Any:
    """Every list in the answer three times as long."""
    if isinstance(document, list):
        return [longer(item) for item in document * 3]
    if isinstance(document, dict):
        return {k: longer(v) for k, v in document.items()}
    return document


class Service:
    """A loopback service whose bent endpoint answers whatever the test sets next; the rest as usual."""

    def __init__(self, server: HTTPServer, connector: Connector) -> None:
        self.answer = "null"
        self.connector = connector
        server.expect_request(connector.path).respond_with_handler(
            lambda _request: Response(self.answer, content_type="application/json"))
        for path, fixture in connector.others.items():
            server.expect_request(path).respond_with_data(body(fixture), content_type="application/json")
        server.expect_request("/").respond_with_data("[]", content_type="application/json")  # anything else
        source_config = config(connector.cls.TYPE, server, name="shape", **connector.settings)
        self.source = connector.cls(source_config, fast_client(source=connector.label), TERMS, connector.token)

    def poll(self, answer: str) -> Callable[[], object]:
        self.answer = answer
        return lambda: self.source.poll({})


def assert_plain_or_read(poll: Callable[[], object], connector: Connector, case: str) -> None:
    try:
        poll()
    except SourceError as exc:
        message = str(exc)
        assert message.startswith(connector.label), f"{case}: {message}"
        assert message.count(connector.label) == 1, f"{case}: names itself more than once: {message}"


@pytest.mark.parametrize("name", CONNECTORS)
def test_one_odd_value_anywhere_is_read_or_plainly_refused(httpserver: HTTPServer, name: str) -> None:
    connector = CONNECTORS[name]
    service = Service(httpserver, connector)
    for case, answer in bent(connector.answer):
        assert_plain_or_read(service.poll(json.dumps(answer)), connector, case)


@pytest.mark.parametrize("name", CONNECTORS)
def test_whole_answers_of_the_wrong_kind_are_plainly_refused(httpserver: HTTPServer, name: str) -> None:
    connector = CONNECTORS[name]
    service = Service(httpserver, connector)
    for case, answer in (("null", "null"), ("a number", "42"), ("a string", '"ok"'), ("an object", "{}"),
                         ("a list", "[]"), ("deep nesting", "[" * 100_000 + "]" * 100_000),
                         ("three times longer", json.dumps(longer(connector.answer)))):
        assert_plain_or_read(service.poll(answer), connector, case)
