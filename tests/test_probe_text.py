"""Probing text models against a loopback memorising model: the works it reproduces are flagged and recorded as
matches with the exchange kept verbatim; paraphrased works are partial; unrelated answers never count; the
key stays out of every file; nothing is sent without consent, past the budget, or recorded twice."""

from __future__ import annotations

import gzip
import json
import logging
import zipfile
from pathlib import Path

import pytest
import sqlite_utils
from pytest_httpserver import HTTPServer
from warcio.archiveiterator import ArchiveIterator

from creatorwatch.core.evidence.bundle import ExportOptions, export_bundle
from creatorwatch.core.library.works import Library
from creatorwatch.core.model_probe.consent import Consents
from creatorwatch.core.model_probe.prepare import Options, ProbeRefused, plan_run
from creatorwatch.core.model_probe.run import ModelProber, ProbeReport
from creatorwatch.core.records.findings import Findings
from creatorwatch.core.records.source_store import SourceStore
from creatorwatch.core.records.terms import Terms
from creatorwatch.core.sources.base import SourceConfig
from creatorwatch.core.store.db import open_database
from creatorwatch.core.store.logs import setup_logging
from creatorwatch.core.watch.monitor import Monitor
from tests.probe_model import KEY, MemorisingModel, make_story
from tests.sources_fixtures import fast_client

MODES = {"Saltmarsh Ledger": "memorised", "Glass Orchard": "memorised", "Tin Lantern": "paraphrase",
         "Hollow Wick": "paraphrase", "Quiet Ferry": "unrelated", "Bramble Hour": "unrelated"}


@pytest.fixture
def setup(tmp_path: Path, httpserver: HTTPServer) -> tuple[sqlite_utils.Database, MemorisingModel, dict[str, int]]:
    db = open_database(tmp_path / "data" / "creatorwatch.sqlite3")
    model = MemorisingModel()
    folder = tmp_path / "works"
    folder.mkdir()
    for seed, (title, mode) in enumerate(MODES.items()):
        text = make_story(seed)
        (folder / f"{title.replace(' ', '_')}.txt").write_text(text, encoding="utf-8")
        model.add(title, text, mode)
    Library(db).add_paths([folder])
    ids = {w.title.title(): w.id for w in Library(db).works()}
    Terms(db).add(["Wren Aldane"])
    model.serve(httpserver)
    return db, model, ids


def add_source(db: sqlite_utils.Database, server: HTTPServer, kind: str = "openai-compatible", name: str = "memo",
               model: str = "memo-1", **settings: str) -> None:
    SourceStore(db).add(SourceConfig(name, kind, server.url_for("/").rstrip("/"), {"model": model, **settings}))


def enable_all(db: sqlite_utils.Database, source: str = "memo") -> None:
    record = SourceStore(db).get(source)
    assert record is not None
    for work in Library(db).works("text"):
        Consents(db).give(work, record)


def probe(db: sqlite_utils.Database, **options: object) -> ProbeReport:
    plan = plan_run(db, Options(**options))  # type: ignore[arg-type]
    return ModelProber(db, http=fast_client(), secret=lambda name: KEY, wait=lambda s: None).run(plan)


@pytest.mark.parametrize("kind", ["openai-compatible", "anthropic"])
def test_the_probe_flags_exactly_the_reproduced_works_and_calls_the_paraphrased_partial(
        setup: tuple[sqlite_utils.Database, MemorisingModel, dict[str, int]], httpserver: HTTPServer,
        kind: str) -> None:
    db, model, ids = setup
    add_source(db, httpserver, kind)
    enable_all(db)
    report = probe(db)
    verdicts = {w["title"].title(): w["verdict"] for w in report.works}
    assert verdicts == {"Saltmarsh Ledger": "find", "Glass Orchard": "find", "Tin Lantern": "partial",
                        "Hollow Wick": "partial", "Quiet Ferry": "none", "Bramble Hour": "none"}
    found = Findings(db).all()
    assert {f.work_id for f in found} == {ids["Saltmarsh Ledger"], ids["Glass Orchard"]}
    assert all(f.type == "match" and f.kind == "text" and f.source == "memo" for f in found)
    best = next(f for f in found if f.evidence["probe"] == "continuation")
    assert best.evidence["verbatim_words"] >= 140 and best.score > 0.8
    assert best.evidence["reproduced_in"] == best.evidence["tries"] == 2
    assert best.evidence["model"].startswith("memo-1")
    # cloze is reported as a rate against chance: the memorising model names every blanked character
    rows = {w["title"].title(): w for w in report.works}
    assert rows["Glass Orchard"]["cloze"]["named"] == rows["Glass Orchard"]["cloze"]["asked"] > 0
    assert rows["Quiet Ferry"]["cloze"]["named"] == 0
    # the budget counted exactly what the server saw
    assert report.requests == len(model.requests)
    assert report.tokens == sum(w["tokens"] for w in report.works)


def test_a_model_that_recites_another_part_of_the_work_is_a_find(tmp_path: Path, httpserver: HTTPServer) -> None:
    """Asked to go on from one passage, it recited 120 words of the work's ending: "nothing of it reproduced",
    where the README promises that 30 of the creator's words in a row are a copy."""
    db = open_database(tmp_path / "data" / "creatorwatch.sqlite3")
    story = make_story(3)
    (tmp_path / "Saltmarsh_Ledger.txt").write_text(story, encoding="utf-8")
    Library(db).add_paths([tmp_path / "Saltmarsh_Ledger.txt"])
    model = MemorisingModel()
    model.add("Saltmarsh Ledger", story, "elsewhere")
    model.serve(httpserver)
    add_source(db, httpserver)
    enable_all(db)
    report = probe(db)
    assert [w["verdict"] for w in report.works] == ["find"]
    [found] = Findings(db).all()
    assert found.evidence["verbatim_words"] >= 100
    ending = " ".join(story.split()[-100:])
    start, end = found.evidence["work_span"]
    assert " ".join(story[start:end].split()).endswith(ending[-200:].rstrip("."))  # where it lies in the work
    assert " ".join(found.evidence["original"].split()) == " ".join(story[start:end].split())


def test_a_completions_endpoint_is_given_the_passage_alone(
        setup: tuple[sqlite_utils.Database, MemorisingModel, dict[str, int]], httpserver: HTTPServer) -> None:
    db, model, ids = setup
    add_source(db, httpserver, api="completions")
    report = probe(db, works=(ids["Glass Orchard"], ids["Quiet Ferry"]), confirmed=True)
    assert {w["title"]: w["verdict"] for w in report.works} == {"Glass Orchard": "find", "Quiet Ferry": "none"}
    bare = [r["body"] for r in model.requests if r["path"] == "/v1/completions"]
    assert bare and all("Continue" not in b["prompt"] for b in bare)  # type: ignore[index]
    assert {r["path"] for r in model.requests} == {"/v1/completions", "/v1/chat/completions"}  # recall, cloze: chat


def test_every_exchange_is_kept_verbatim_as_warc_and_goes_into_the_bundle_without_the_key(
        setup: tuple[sqlite_utils.Database, MemorisingModel, dict[str, int]], httpserver: HTTPServer,
        tmp_path: Path) -> None:
    db, model, ids = setup
    add_source(db, httpserver)
    enable_all(db)
    log_file = setup_logging(tmp_path / "logs", logging.DEBUG)
    try:
        report = probe(db)
        add_source(db, httpserver, name="wrong-model", model="no-such-model")
        failed = probe(db, sources=("wrong-model",), works=(ids["Glass Orchard"],), confirmed=True)
    finally:
        _drop_log_handler()
    assert failed.sources[0].state == "failed" and log_file.exists()
    log = Path(report.sources[0].log or "")
    records = _warc(log)
    requests = [r for r in records if r[0] == "request"]
    assert len(requests) == len(model.requests) - 1 == report.requests  # the refused one is not in this log
    sent = json.loads(requests[0][2])
    assert sent["temperature"] == 0 and sent["model"] == "memo-1"
    assert ("Authorization", "REDACTED") in requests[0][1]
    responses = [json.loads(r[2]) for r in records if r[0] == "response"]
    assert all(r["system_fingerprint"] == "fp_memo42" for r in responses)
    match = next(f for f in Findings(db).all() if f.work_id == ids["Saltmarsh Ledger"])
    bundle = tmp_path / "bundle.zip"
    export_bundle(db, [match.id], bundle, ExportOptions(), secrets=[KEY])
    with zipfile.ZipFile(bundle) as z:
        names = z.namelist()
        assert any(n.endswith("capture.warc.gz") for n in names)
        assert any(n.endswith("candidate.txt") for n in names)
        report_html = z.read("report.html").decode()
    assert match.evidence["reply"].split()[5] in report_html  # the model's words are shown in the report
    everything = [db.conn.execute("SELECT 1").fetchone()]  # flush
    assert everything
    leaks = [p for p in (tmp_path).rglob("*") if p.is_file() and KEY.encode() in _plain(p)]
    assert leaks == []


def test_nothing_is_recorded_twice(setup: tuple[sqlite_utils.Database, MemorisingModel, dict[str, int]],
                                   httpserver: HTTPServer) -> None:
    db, _, _ = setup
    add_source(db, httpserver)
    enable_all(db)
    first = probe(db)
    captures = db.execute("SELECT COUNT(*) FROM captures").fetchone()[0]
    second = probe(db)
    assert first.finds and second.finds == []
    assert len(Findings(db).all()) == len(first.finds)
    assert db.execute("SELECT COUNT(*) FROM captures").fetchone()[0] == captures


def test_works_not_enabled_are_never_sent(setup: tuple[sqlite_utils.Database, MemorisingModel, dict[str, int]],
                                          httpserver: HTTPServer) -> None:
    db, model, ids = setup
    add_source(db, httpserver)
    with pytest.raises(ProbeRefused, match="Probing is off"):
        plan_run(db, Options(works=(ids["Glass Orchard"],)))
    assert plan_run(db, Options()).probes == []  # none enabled: nothing planned
    confirmed = probe(db, works=(ids["Glass Orchard"],), confirmed=True)
    assert {w["work_id"] for w in confirmed.works} == {ids["Glass Orchard"]}
    glass = model.works["Glass Orchard"][0]
    for request in model.requests:
        prompt = request["body"]["messages"][-1]["content"]  # type: ignore[index]
        asked = " ".join(prompt.split("\n\n", 1)[-1].split()).split("[MASK]")[0]
        assert asked in glass or "\u201cGlass Orchard\u201d" in prompt


def test_the_budget_is_never_exceeded(setup: tuple[sqlite_utils.Database, MemorisingModel, dict[str, int]],
                                      httpserver: HTTPServer) -> None:
    db, model, _ = setup
    add_source(db, httpserver)
    enable_all(db)
    plan = plan_run(db, Options(max_requests=7, max_tokens=100_000))
    assert plan.estimate.requests == 7 and sum(len(s.left_out) for s in plan.sources) > 0
    report = probe(db, max_requests=7, max_tokens=100_000)
    assert len(model.requests) == report.requests == 7
    tight = probe(db, max_requests=100, max_tokens=2_000)
    assert tight.tokens <= 2_000


def _drop_log_handler() -> None:
    logging.captureWarnings(False)
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_creatorwatch", False):
            root.removeHandler(handler)
            handler.close()


def test_a_model_endpoint_is_never_polled_by_a_monitoring_check(
        setup: tuple[sqlite_utils.Database, MemorisingModel, dict[str, int]], httpserver: HTTPServer) -> None:
    db, model, _ = setup
    add_source(db, httpserver)
    enable_all(db)
    summary = Monitor(db, http=fast_client(), secret=lambda name: KEY).check()
    assert [o.state for o in summary.sources] == ["ok"] and model.requests == []


def _warc(path: Path) -> list[tuple[str, list[tuple[str, str]], bytes]]:
    with path.open("rb") as handle:
        return [(r.rec_type, r.http_headers.headers if r.http_headers else [], r.content_stream().read())
                for r in ArchiveIterator(handle) if r.rec_type in ("request", "response")]


def _plain(path: Path) -> bytes:
    data = path.read_bytes()
    if path.suffix == ".gz":
        try:
            return data + gzip.decompress(data)
        except OSError:
            return data
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as z:
            return data + b"".join(_unzip(z, n) for n in z.namelist())
    return data


def _unzip(z: zipfile.ZipFile, name: str) -> bytes:
    data = z.read(name)
    return gzip.decompress(data) if name.endswith(".gz") else data
