"""Probe benchmark on the memorising-model setup: a loopback model that returns the true continuation of some works,
a paraphrase of others and unrelated text for the rest (tests/probe_model.py), asked through the scheduled probe
(core/watch/scheduled_probe.py) over each text API shape, plus one picture model that draws a copy of one library
picture. Reports precision and recall of the finds (a find must be exactly a memorised work), how the paraphrased
works were called, the cloze rate against chance, and the cost per work in requests and tokens.

Run by hand: python -m tests.bench.probe [--quick]   (--quick: 2 works of each kind instead of 6)
"""

from __future__ import annotations

import argparse
import tempfile
import threading
from collections import Counter
from pathlib import Path
from typing import Any

from pytest_httpserver import HTTPServer

from creatorwatch.core.library.works import Library
from creatorwatch.core.model_probe.consent import Consents
from creatorwatch.core.model_probe.prepare import Options, plan_run
from creatorwatch.core.model_probe.run import ModelProber
from creatorwatch.core.records.findings import Findings
from creatorwatch.core.records.source_store import SourceStore
from creatorwatch.core.records.terms import Terms
from creatorwatch.core.sources.base import SourceConfig
from creatorwatch.core.store.db import open_database
from creatorwatch.core.store.events import Event, EventHub
from creatorwatch.core.watch.scheduled_probe import scheduled_probe
from tests.probe_model import MemorisingModel, make_story, picture_library
from tests.sources_fixtures import fast_client

MODES = ("memorised", "paraphrase", "unrelated")
BIG_BUDGET = {"max_requests": "100000", "max_tokens": "100000000"}


def text_run(folder: Path, api: str, per_mode: int) -> dict[str, Any]:
    db = open_database(folder / api / "creatorwatch.sqlite3")
    works = folder / api / "works"
    works.mkdir(parents=True)
    model = MemorisingModel()
    truth: dict[str, str] = {}
    for seed in range(per_mode * len(MODES)):
        title, mode = f"Work {seed:02d}", MODES[seed % len(MODES)]
        text = make_story(seed)
        (works / f"Work_{seed:02d}.txt").write_text(text, encoding="utf-8")
        model.add(title, text, mode)
        truth[title] = mode
    Library(db).add_paths([works])
    Terms(db).add(["Wren Aldane"])
    server = HTTPServer()
    server.start()
    try:
        model.serve(server, key=None)
        record = SourceStore(db).add(SourceConfig("memo", api, server.url_for("/").rstrip("/"),
                                                  {"model": "memo-1", **BIG_BUDGET}))
        for work in Library(db).works("text"):
            Consents(db).give(work, record)
        hub = EventHub()
        checked: list[Event] = []
        hub.subscribe(lambda e: checked.append(e) if e.name == "source_checked" else None)
        http = fast_client()
        try:
            scheduled_probe(db, "memo", http=http, hub=hub, stop=threading.Event())
        finally:
            http.close()
        # The per-work verdicts and cost, from a second, plain run (nothing is recorded twice).
        report = ModelProber(db, http=fast_client()).run(plan_run(db, Options(
            sources=("memo",), max_requests=100000, max_tokens=100_000_000)))
    finally:
        server.stop()
    titles = {w.id: w.title.title() for w in Library(db).works()}
    recorded = {titles[f.work_id] for f in Findings(db).all() if f.work_id is not None}
    memorised = {t for t, m in truth.items() if m == "memorised"}
    verdicts = {w["title"].title(): w["verdict"] for w in report.works}
    flagged = {t for t, v in verdicts.items() if v == "find"}
    cloze = {mode: _rate([w["cloze"] for w in report.works if truth[w["title"].title()] == mode]) for mode in MODES}
    return {
        "api": api, "works": len(truth), "state": checked[0].data["state"] if checked else "?",
        "recorded_precision": _share(recorded & memorised, recorded), "recorded_recall": _share(recorded & memorised,
                                                                                                  memorised),
        "verdict_precision": _share(flagged & memorised, flagged), "verdict_recall": _share(flagged & memorised,
                                                                                             memorised),
        "paraphrase": dict(Counter(v for t, v in verdicts.items() if truth[t] == "paraphrase")),
        "unrelated": dict(Counter(v for t, v in verdicts.items() if truth[t] == "unrelated")),
        "cloze": cloze, "requests_per_work": report.requests / len(truth),
        "tokens_per_work": report.tokens / len(truth),
    }


def image_run(folder: Path) -> dict[str, Any]:
    db = open_database(folder / "images" / "creatorwatch.sqlite3")
    model = picture_library(db, folder / "images" / "works", folder / "other.png")
    server = HTTPServer()
    server.start()
    try:
        model.serve(server, key=None)
        record = SourceStore(db).add(SourceConfig("pictures", "openai-images", server.url_for("/").rstrip("/"),
                                                  {"model": "memo-image-1"}))
        for work in Library(db).works("image"):
            Consents(db).give(work, record)
        report = ModelProber(db, http=fast_client()).run(plan_run(db, Options()))
    finally:
        server.stop()
    titles = {w.id: w.title for w in Library(db).works()}
    recorded = {titles[f.work_id] for f in Findings(db).all() if f.work_id is not None}
    return {"recorded": sorted(recorded), "expected": ["Harbour Lights"], "requests": report.requests, "works": 2}


def _share(hits: set[str], of: set[str]) -> float:
    return len(hits) / len(of) if of else 1.0


def _rate(clozes: list[dict[str, Any]]) -> str:
    asked = sum(c["asked"] for c in clozes)
    named = sum(c["named"] for c in clozes)
    chances = [c["chance"] for c in clozes if c["chance"]]
    chance = sum(chances) / len(chances) if chances else 0
    return f"{named}/{asked} (chance about {chance:.0%})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="2 works of each kind instead of 6")
    per_mode = 2 if parser.parse_args().quick else 6
    with tempfile.TemporaryDirectory(prefix="creatorwatch-probe-bench-") as tmp:
        folder = Path(tmp)
        rows = [text_run(folder, api, per_mode) for api in ("openai-compatible", "anthropic")]
        image = image_run(folder)
    print("| API | works | finds recorded: precision / recall | verdict 'find': precision / recall | "
          "paraphrased works called | unrelated works called | cloze named (memorised / paraphrase / unrelated) | "
          "requests per work | tokens per work |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['api']} | {r['works']} | {r['recorded_precision']:.2f} / {r['recorded_recall']:.2f} | "
              f"{r['verdict_precision']:.2f} / {r['verdict_recall']:.2f} | {r['paraphrase']} | {r['unrelated']} | "
              f"{r['cloze']['memorised']} / {r['cloze']['paraphrase']} / {r['cloze']['unrelated']} | "
              f"{r['requests_per_work']:.1f} | {r['tokens_per_work']:,.0f} |")
    print(f"\nopenai-images: recorded {image['recorded']} (expected {image['expected']}); "
          f"{image['requests']} requests for {image['works']} pictures (one is the 'in the style of' prompt)")
    ok = all(r["recorded_precision"] == r["recorded_recall"] == 1.0 for r in rows) and \
        image["recorded"] == image["expected"]
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
