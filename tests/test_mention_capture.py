"""A mention found in an API's listing (a Hugging Face repo whose card names the creator) keeps what named them, as
a page's or a file's mention does: its words, in a capture with the address and the time, a WARC record and a
SHA-256 in the bundle's manifest. The bundle held only candidate-text.txt."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from pytest_httpserver import HTTPServer

from creatorwatch.core.evidence.bundle import export_bundle
from creatorwatch.core.records.findings import Findings
from creatorwatch.core.records.source_store import SourceStore
from creatorwatch.core.records.terms import Terms
from creatorwatch.core.store.db import open_database
from creatorwatch.core.watch.monitor import Monitor
from tests.source_api_helpers import config, fast_client
from tests.test_source_huggingface import TERMS, card_404, hub


def test_a_model_card_that_names_the_creator_is_kept_in_the_mentions_bundle(httpserver: HTTPServer,
                                                                            tmp_path: Path) -> None:
    hub(httpserver)
    card_404(httpserver)
    db = open_database(tmp_path / "data" / "creatorwatch.sqlite3")
    Terms(db).add(TERMS)
    SourceStore(db).add(config("huggingface", httpserver, name="hf"))
    Monitor(db, http=fast_client()).check()
    [rvc] = [f for f in Findings(db).all() if f.type == "mention" and f.candidate_url.endswith("ada-lumen-rvc-v2")]

    result = export_bundle(db, [rvc.id], tmp_path / "mention.zip")
    with zipfile.ZipFile(result.path) as bundle:
        names = bundle.namelist()
        listed = {f["path"] for f in json.loads(bundle.read("manifest.json"))["files"]}
        [kept] = [n for n in names if n.endswith("candidate.txt")]
        [facts] = [json.loads(bundle.read(n)) for n in names if n.endswith("capture.json")]
        assert "40 minutes of her album vocals" in bundle.read(kept).decode()
    assert any(n.endswith("capture.warc.gz") for n in names) and kept in listed
    assert facts["candidate_url"] == rvc.candidate_url and facts["captured_at"]
