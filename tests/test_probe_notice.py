"""The evidence for a probe find. The report shows the prompt, the model's words and the original side by side
with the verbatim run marked. The notice drafted for it goes to the model's provider, not to a hosting site: who
(the operator, the model and its version), what (the work, and the words the model gave back), and where the
exchange can be repeated (endpoint, model, prompt, parameters, time, and the WARC records in the bundle)."""

from __future__ import annotations

import hashlib
import html
import io
import re
import zipfile
from pathlib import Path

import pypdf
import sqlite_utils
from pytest_httpserver import HTTPServer

from creatorwatch.core.evidence.bundle import ExportOptions, export_bundle
from creatorwatch.core.evidence.capture import captures_for
from creatorwatch.core.evidence.draft import draft_to_send
from creatorwatch.core.evidence.gather import gather
from creatorwatch.core.evidence.provider_notice import operator
from creatorwatch.core.library.works import Library
from creatorwatch.core.model_probe.consent import Consents
from creatorwatch.core.model_probe.prepare import Options, plan_run
from creatorwatch.core.model_probe.run import ModelProber
from creatorwatch.core.records.findings import Findings
from creatorwatch.core.records.notice_details import NoticeDetails, save_notice_details
from creatorwatch.core.records.source_store import SourceStore
from creatorwatch.core.records.terms import Terms
from creatorwatch.core.sources.base import SourceConfig
from creatorwatch.core.store.db import open_database
from tests.evidence_fixtures import record_match
from tests.media import make_picture
from tests.probe_model import KEY, MemorisingModel, picture_bytes
from tests.sources_fixtures import fast_client
from tests.test_probe_text import add_source, enable_all, probe, setup  # noqa: F401  (setup: the fixture)


def flat(text: str) -> str:
    return " ".join(text.split())


def test_a_probe_find_gets_a_notice_to_the_models_provider(
        setup: tuple[sqlite_utils.Database, MemorisingModel, dict[str, int]],  # noqa: F811
        httpserver: HTTPServer, tmp_path: Path) -> None:
    db, _, ids = setup
    add_source(db, httpserver)
    enable_all(db)
    save_notice_details(db, NoticeDetails(name="Wren Aldane", email="wren@example.org"))
    probe(db)
    match = next(f for f in Findings(db).all() if f.work_id == ids["Saltmarsh Ledger"])
    bundle = tmp_path / "bundle.zip"
    export_bundle(db, [match.id], bundle, ExportOptions(), secrets=[KEY])
    with zipfile.ZipFile(bundle) as z:
        notice = z.read("notice.txt").decode()
        members = {n: z.read(n) for n in z.namelist()}

    words = flat(notice)
    assert "NOTICE TO AN AI MODEL PROVIDER" in notice
    assert "Copyright Agent" not in notice and "hosting the material" not in notice
    # Who: the model as the endpoint named it, its version, who runs it (a loopback model: this computer).
    e = match.evidence
    assert "memo-1-2026-01-01" in words and "fp_memo42" in words
    assert "a model run on my own computer or network" in words
    # What: the work, and the words the model gave back, as it gave them.
    work = Library(db).get(ids["Saltmarsh Ledger"])
    assert work is not None and work.sha256 in notice and "\u201cSaltmarsh Ledger\u201d" in notice
    reproduced = flat(e["reply"][e["candidate_span"][0]:e["candidate_span"][1]])
    assert len(reproduced.split()) >= 30 and " ".join(reproduced.split()[:40]) in words
    assert f"{e['verbatim_words']} of my words in a row" in words
    # Where: endpoint, prompt, parameters and time, and the WARC in this very bundle with its true hash.
    assert f"Endpoint: {httpserver.url_for('/v1/chat/completions')}" in words
    assert "temperature 0" in words and f"Asked at (UTC): {e['at']}" in words
    assert flat(e["prompt"])[:200] in words
    warc = next(n for n in members if n.startswith(f"matches/{match.id}/") and n.endswith(".warc.gz"))
    assert f"{warc} in the evidence bundle (WARC), SHA-256 {hashlib.sha256(members[warc]).hexdigest()}" in words
    assert "Wren Aldane" in notice and "wren@example.org" in notice


def test_a_copy_found_on_a_website_keeps_the_hosting_notice(tmp_path: Path, httpserver: HTTPServer) -> None:
    recorded = record_match(tmp_path / "data.sqlite3", tmp_path / "files", httpserver)
    notice = draft_to_send(gather(recorded.db, [recorded.match_id]), NoticeDetails(name="Wren Aldane"))
    assert "Dear Copyright Agent" in notice and "AI MODEL PROVIDER" not in notice


def test_the_operator_is_named_for_known_services_and_left_to_fill_in_otherwise() -> None:
    assert operator("https://api.openai.com/v1/chat/completions") == "OpenAI (api.openai.com)"
    assert operator("https://api.anthropic.com/v1/messages") == "Anthropic (api.anthropic.com)"
    assert operator("https://models.example.net/v1/chat/completions") == "the operator of models.example.net"
    assert "own computer" in operator("http://127.0.0.1:11434/v1/chat/completions")


def test_the_report_shows_the_prompt_the_models_words_and_the_original_with_the_verbatim_run_marked(
        setup: tuple[sqlite_utils.Database, MemorisingModel, dict[str, int]],  # noqa: F811
        httpserver: HTTPServer, tmp_path: Path) -> None:
    db, _, ids = setup
    add_source(db, httpserver)
    enable_all(db)
    probe(db)
    match = next(f for f in Findings(db).all() if f.work_id == ids["Saltmarsh Ledger"])
    e = match.evidence
    run = e["reply"][e["candidate_span"][0]:e["candidate_span"][1]]
    for include_work in (True, False):
        bundle = tmp_path / f"bundle-{include_work}.zip"
        export_bundle(db, [match.id], bundle, ExportOptions(include_work=include_work), secrets=[KEY])
        with zipfile.ZipFile(bundle) as z:
            page = z.read("report.html").decode()
            pdf_text = flat(" ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(z.read("report.pdf"))).pages))
        section = page.split("What the model was asked, and what it answered", 1)[1].split("</table>", 1)[0]
        prompt_cell, reply_cell, original_cell = re.findall(r"<td[^>]*>(.*?)</td>", section, re.S)
        assert html.escape(e["prompt"]) in prompt_cell and html.escape(e["system"]) in prompt_cell
        assert re.findall(r"<mark>(.*?)</mark>", reply_cell, re.S) == [html.escape(run)]
        assert len(run.split()) == e["verbatim_words"] >= 30
        assert f"{e['verbatim_words']} words in a row are the same as your original" in page
        assert "[[" + flat(run)[:60] in pdf_text  # the PDF marks the run too
        assert "<th>original</th>" not in page and "<th>reply</th>" not in page  # not again as raw facts
        if include_work:
            marked = re.findall(r"<mark>(.*?)</mark>", original_cell, re.S)
            assert len(marked) == 1 and flat(html.unescape(marked[0])).split() == flat(run).split()
        else:  # the creator's text kept out of the bundle is not shown in its column
            assert "your text is not included in this bundle" in original_cell


def test_a_picture_a_model_generated_gets_a_provider_notice_naming_the_prompt_and_the_kept_picture(
        tmp_path: Path, httpserver: HTTPServer) -> None:
    db = open_database(tmp_path / "data" / "creatorwatch.sqlite3")
    folder = tmp_path / "works"
    folder.mkdir()
    harbour = make_picture(folder / "Harbour_Lights.png", seed=1)
    Library(db).add_paths([folder])
    Terms(db).add(["Wren Aldane"])
    MemorisingModel(pictures={"Harbour Lights": picture_bytes(harbour)}).serve(httpserver)
    record = SourceStore(db).add(SourceConfig("pictures", "openai-images", httpserver.url_for("/").rstrip("/"),
                                              {"model": "memo-image-1"}))
    Consents(db).give(Library(db).works()[0], record)
    ModelProber(db, http=fast_client(), secret=lambda name: KEY).run(plan_run(db, Options()))
    found, = Findings(db).all()
    notice = flat(draft_to_send(gather(db, [found.id]), NoticeDetails(name="Wren Aldane")))
    picture = next(f for c in captures_for(db, found.candidate_url) for f in c.files if f["role"] == "candidate")
    assert "NOTICE TO AN AI MODEL PROVIDER" in notice and "memo-image-1" in notice
    assert "Asked for \u201cHarbour Lights by Wren Aldane\u201d, the model generated a picture that matches" in notice
    assert f"kept as {picture['name']}, SHA-256 {picture['sha256']}" in notice
    assert f"Endpoint: {httpserver.url_for('/v1/images/generations')}" in notice
