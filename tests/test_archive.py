"""Save Page Now against a loopback Wayback Machine answering in its real shapes (job id, pending then success,
error with status_ext, refused keys): the copy's job id and timestamp reach the find's custody log and the
evidence bundle; an unknown job is not waited on forever."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from creatorwatch.core.evidence.archive import ArchivedCopy, ArchiveRefused, record_archived_copy, save_page_now
from creatorwatch.core.evidence.bundle import export_bundle
from creatorwatch.core.net.client import HttpClient
from tests.evidence_fixtures import record_match

KEYS = "acc3ss:s3cret"
PAGE = "https://aigallery.example/p/8812"


def wayback(server: HTTPServer, final: dict[str, str], pending: int = 1) -> list[Request]:
    seen: list[Request] = []
    polls = {"count": 0}

    def save(request: Request) -> Response:
        seen.append(request)
        if request.headers.get("Authorization") != f"LOW {KEYS}":
            return Response('{"message": "You need to be logged in to use Save Page Now."}', status=401,
                            content_type="application/json")
        return Response(json.dumps({"url": request.form["url"], "job_id": "spn2-9f8e7d"}),
                        content_type="application/json")

    def status(request: Request) -> Response:
        seen.append(request)
        polls["count"] += 1
        answer = {"status": "pending", "job_id": "spn2-9f8e7d"} if polls["count"] <= pending else final
        return Response(json.dumps(answer), content_type="application/json")

    server.expect_request("/save", method="POST").respond_with_handler(save)
    server.expect_request("/save/status/spn2-9f8e7d").respond_with_handler(status)
    return seen


def save(server: HTTPServer, keys: str = KEYS, polls: int = 5) -> ArchivedCopy:
    with HttpClient(allow_private=True, retries=0) as http:
        return save_page_now(http, PAGE, keys, base_url=server.url_for("").rstrip("/"), polls=polls,
                             poll_seconds=0.01)


def test_a_saved_copy_has_its_job_id_timestamp_and_address(httpserver: HTTPServer) -> None:
    seen = wayback(httpserver, {"status": "success", "job_id": "spn2-9f8e7d", "timestamp": "20261205221530",
                                "original_url": PAGE})
    copy = save(httpserver)
    assert (copy.status, copy.job_id, copy.timestamp) == ("success", "spn2-9f8e7d", "20261205221530")
    assert copy.archived_url.endswith(f"/web/20261205221530/{PAGE}")
    asked = seen[0]
    assert asked.form["url"] == PAGE and asked.form["capture_screenshot"] == "1"
    assert asked.headers["Accept"] == "application/json"


def test_an_archive_error_is_reported_in_its_own_words(httpserver: HTTPServer) -> None:
    wayback(httpserver, {"status": "error", "status_ext": "error:blocked-url",
                         "message": "This URL is in the Wayback Machine block list."})
    copy = save(httpserver)
    assert copy.status == "error" and "block list" in copy.said and "error:blocked-url" in copy.said


def test_an_unknown_job_is_not_waited_on_forever(httpserver: HTTPServer) -> None:
    seen = wayback(httpserver, {"status": "success"}, pending=10_000)
    copy = save(httpserver, polls=3)
    assert copy.status == "pending" and copy.job_id == "spn2-9f8e7d"
    assert len([r for r in seen if "/status/" in r.path]) == 3


@pytest.mark.parametrize("keys", ["wrong:s3cr3t-v4lue", "no-colon"])
def test_refused_or_malformed_keys_say_how_to_store_them(httpserver: HTTPServer, keys: str) -> None:
    wayback(httpserver, {"status": "success"})
    with pytest.raises(ArchiveRefused, match="creatorwatch secret set wayback") as caught:
        save(httpserver, keys=keys)
    assert "s3cr3t-v4lue" not in str(caught.value)


def test_the_archived_copy_goes_into_the_bundles_custody_log(httpserver: HTTPServer, tmp_path: Path) -> None:
    recorded = record_match(tmp_path / "data" / "creatorwatch.sqlite3", tmp_path / "files", httpserver)
    wayback(httpserver, {"status": "success", "timestamp": "20261205221530", "original_url": PAGE})
    record_archived_copy(recorded.db, recorded.match_id, save(httpserver))
    bundle = export_bundle(recorded.db, [recorded.match_id], tmp_path / "bundle.zip").path
    with zipfile.ZipFile(bundle) as z:
        custody = [json.loads(line) for line in z.read("custody.jsonl").decode().splitlines()]
    archived = [e for e in custody if e["action"] == "archived"]
    assert archived and archived[0]["detail"]["job_id"] == "spn2-9f8e7d"
    assert archived[0]["detail"]["timestamp"] == "20261205221530"
