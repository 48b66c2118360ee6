"""Image probes: prompts from the work titles and the creator's name; a generated copy of a library picture
is matched by the image engine and recorded like any find, with the picture and the exchange kept."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils
from pytest_httpserver import HTTPServer

from creatorwatch.core.evidence.capture import captures_for
from creatorwatch.core.library.works import Library
from creatorwatch.core.model_probe.consent import Consents
from creatorwatch.core.model_probe.prepare import Options, plan_run
from creatorwatch.core.model_probe.run import ModelProber
from creatorwatch.core.records.findings import Findings
from creatorwatch.core.records.source_store import SourceStore
from creatorwatch.core.sources.base import SourceConfig
from creatorwatch.core.store.db import open_database
from tests.probe_model import KEY, picture_library
from tests.sources_fixtures import fast_client


@pytest.mark.parametrize("as_url", [False, True])
def test_a_generated_copy_of_a_library_picture_is_found(tmp_path: Path, httpserver: HTTPServer,
                                                        as_url: bool) -> None:
    db: sqlite_utils.Database = open_database(tmp_path / "data" / "creatorwatch.sqlite3")
    model = picture_library(db, tmp_path / "works", tmp_path / "other.png")
    model.serve(httpserver, images_as_url=as_url)
    record = SourceStore(db).add(SourceConfig("pictures", "openai-images", httpserver.url_for("/").rstrip("/"),
                                              {"model": "memo-image-1"}))
    for work in Library(db).works("image"):
        Consents(db).give(work, record)
    plan = plan_run(db, Options())
    assert sorted(p.prompt for p in plan.probes) == ["An artwork in the style of Wren Aldane",
                                                     "Harbour Lights by Wren Aldane", "Salt Flats by Wren Aldane"]
    report = ModelProber(db, http=fast_client(), secret=lambda name: KEY).run(plan)
    found = Findings(db).all()
    assert [(f.work_id, f.kind, f.source) for f in found] == [
        (next(w.id for w in Library(db).works() if w.title == "Harbour Lights"), "image", "pictures")]
    assert found[0].title == "memo-image-1 generated a copy of \u201cHarbour Lights\u201d"
    assert report.requests == 3 and report.sources[0].state == "ok"
    capture = captures_for(db, found[0].candidate_url)[0]
    roles = {f["role"] for f in capture.files}
    assert {"candidate", "warc", "probe"} <= roles
    assert (capture.folder / "candidate.png").read_bytes() == model.pictures["Harbour Lights"]
    samples = sorted((tmp_path / "data" / "probes" / "samples").iterdir())  # the rest, to browse
    assert len(samples) == 2 and all(s.read_bytes() == model.other_picture for s in samples)
    second = ModelProber(db, http=fast_client(), secret=lambda name: KEY).run(plan_run(db, Options()))
    assert second.finds == [] and len(Findings(db).all()) == 1


def test_picture_prompts_refused_by_the_safety_system_are_said_and_the_run_goes_on(tmp_path: Path,
                                                                                   httpserver: HTTPServer) -> None:
    """OpenAI's images endpoint answers a prompt its safety system refuses ("in the style of NAME", often) with HTTP
    400 content_policy_violation; the run took that for a text's refusal and stopped on a traceback."""
    db: sqlite_utils.Database = open_database(tmp_path / "data" / "creatorwatch.sqlite3")
    picture_library(db, tmp_path / "works", tmp_path / "other.png")
    httpserver.expect_request("/v1/images/generations").respond_with_json(
        {"error": {"code": "content_policy_violation", "message": "Your request was rejected as a result of our "
                   "safety system.", "param": None, "type": "invalid_request_error"}}, status=400)
    record = SourceStore(db).add(SourceConfig("pictures", "openai-images", httpserver.url_for("/").rstrip("/"),
                                              {"model": "memo-image-1"}))
    for work in Library(db).works("image"):
        Consents(db).give(work, record)
    report = ModelProber(db, http=fast_client(), secret=lambda name: KEY).run(plan_run(db, Options()))
    assert report.sources[0].state == "ok" and report.requests == 3
    rows = {row["title"]: row for row in report.works}
    assert set(rows) == {"Harbour Lights", "Salt Flats", "pictures in the style of Wren Aldane"}
    assert all(row["verdict"] == "none" and "safety system" in row["errors"][0] for row in rows.values())
    assert Findings(db).all() == []
