"""Shared pieces of the public-API connector tests: recorded-shape bodies, a fast client, a config."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pytest_httpserver import HTTPServer

from creatorwatch.core.net.client import HttpClient
from creatorwatch.core.sources.base import SourceConfig

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
HTML_ERROR = (FIXTURES / "common" / "html_error.html").read_text()
TRUNCATED_JSON = (FIXTURES / "common" / "truncated.json").read_text()


def body(name: str) -> str:
    """A recorded response body, e.g. body("civitai/models.json")."""
    return (FIXTURES / name).read_text()


def data(name: str) -> Any:
    return json.loads(body(name))


def fast_client(**changes: Any) -> HttpClient:
    """The shared client with tiny waits, as a test configures it (no retries unless asked)."""
    settings: dict[str, Any] = {
        "retries": 0, "backoff_base": 0.01, "backoff_max": 0.05, "host_interval": 0.0, "host_intervals": {},
        "connect_timeout": 2.0, "read_timeout": 2.0, "max_retry_wait": 1.0,
    }
    return HttpClient(**{**settings, **changes})


def config(kind: str, server: HTTPServer, name: str = "", **settings: str) -> SourceConfig:
    return SourceConfig(
        name=name or f"my-{kind}", type=kind, base_url=server.url_for("").rstrip("/"), settings=settings
    )


def recorded(service: str, name: str) -> dict[str, Any]:
    """One real recorded response (status, headers, body) from tests/fixtures/sources/recorded/SERVICE.json,
    copied from the project's shared API samples; each file says which repository it came from."""
    samples = json.loads((FIXTURES / "recorded" / f"{service}.json").read_text())["samples"]
    return next(s for s in samples if s["name"] == name)
