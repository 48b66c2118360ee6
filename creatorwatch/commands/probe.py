"""Commands for probing AI models: probe (or --dry-run to see every prompt and the cost first), and probe
enable / disable / enabled for the per-work consent that decides what may be sent."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

import sqlite_utils

from creatorwatch.commands.registry import WRONG_USAGE, Command, CommandAdder
from creatorwatch.commands.source_names import unknown_source
from creatorwatch.core.store.db import open_database
from creatorwatch.core.wording.words import counted
from creatorwatch.paths import Paths

PROBE_HELP = ("ask model endpoints (openai-compatible, anthropic, openai-images sources) whether they reproduce "
              "your works; --dry-run prints the prompts and the cost and sends nothing. Only works you enabled "
              "with 'probe enable' are sent (or those named with --work and --yes)")


def register(command: CommandAdder) -> None:
    p = command("probe", run_probe, PROBE_HELP)
    p.add_argument("--source", action="append", default=[], metavar="NAME", help="only this endpoint (repeatable)")
    p.add_argument("--work", action="extend", nargs="+", type=int, default=[], metavar="ID",
                   help="only these works (default: every work enabled for probing)")
    p.add_argument("--dry-run", action="store_true", help="print the prompts and the estimate; send nothing")
    p.add_argument("--yes", action="store_true",
                   help="probe the works named with --work this once, even if probing is not enabled for them")
    p.add_argument("--max-requests", type=_positive, metavar="N",
                   help="the run's budget of requests (default: the one --source's max_requests setting, else 60)")
    p.add_argument("--max-tokens", type=_positive, metavar="N",
                   help="the run's budget of tokens (default: the one --source's max_tokens setting, else 60000)")
    p.add_argument("--repeats", type=_positive, default=2, metavar="N",
                   help="how often each continuation and recall prompt is asked (temperature 0; default 2)")
    p.add_argument("--json", action="store_true")
    actions = p.add_subparsers(title="actions", metavar="ACTION")
    for name, run, text in (
        ("enable", run_enable, "agree to probing of these works: says what will be sent, and where"),
        ("disable", run_disable, "stop probing of these works"),
    ):
        a = _action(actions, name, run, text)
        a.add_argument("works", nargs="+", type=int, metavar="WORK_ID")
        a.add_argument("--source", action="append", default=[], metavar="NAME",
                       help="only for this endpoint (default: every model endpoint)")
    a = _action(actions, "enabled", run_enabled, "list the works enabled for probing, and on which endpoints")
    a.add_argument("--json", action="store_true")


def _action(actions: Any, name: str, run: Command, help_text: str) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = actions.add_parser(name, help=help_text, description=help_text)
    p.add_argument("--home", metavar="DIR", default=argparse.SUPPRESS, help="keep all data under DIR")
    p.set_defaults(run=run)
    return p


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"takes a whole number greater than 0, not {text!r}")
    return int(text)


# -- consent --

def run_enable(args: argparse.Namespace, paths: Paths) -> int:
    from creatorwatch.core.library.works import Library
    from creatorwatch.core.model_probe.fitting import enable_probing, endpoints_for, why_not_probed
    from creatorwatch.core.model_probe.prepare import ProbeRefused, model_sources

    db = open_database(paths.database)
    if unknown_source(db, args.source):
        return WRONG_USAGE
    sources = model_sources(db, tuple(args.source))
    library = Library(db)
    problems = unknown = 0
    for work_id in args.works:
        work = library.get(work_id)
        if work is None:
            print(f"creatorwatch: no work #{work_id} in the library", file=sys.stderr)
            unknown += 1
            continue
        if not endpoints_for(work, sources):
            print(f"creatorwatch: #{work.id} \u201c{work.title}\u201d {why_not_probed(work.kind)}", file=sys.stderr)
            problems += 1
            continue
        for consent in enable_probing(db, work, sources):
            print(f"enabled #{work.id} \u201c{work.title}\u201d on {consent.source}. {consent.statement}")
    if unknown:
        return WRONG_USAGE
    if problems and problems == len(args.works):
        raise ProbeRefused("Nothing was enabled.")
    return 1 if problems else 0


def run_disable(args: argparse.Namespace, paths: Paths) -> int:
    from creatorwatch.core.library.works import Library
    from creatorwatch.core.model_probe.consent import Consents

    db = open_database(paths.database)
    consents, library, unknown = Consents(db), Library(db), False
    for work_id in args.works:
        if library.get(work_id) is None:  # a removed work's consents went with it
            print(f"creatorwatch: no work #{work_id} in the library", file=sys.stderr)
            unknown = True
            continue
        names = args.source or [None]
        withdrawn = sum(consents.withdraw(work_id, name) for name in names)
        print(f"#{work_id}: probing disabled" + ("" if withdrawn else " (it was not enabled)"))
    return WRONG_USAGE if unknown else 0


def run_enabled(args: argparse.Namespace, paths: Paths) -> int:
    from creatorwatch.core.model_probe.consent import Consents

    store = Consents(open_database(paths.database))
    consents = store.all()
    lapsed = store.lapsed(consents)
    if args.json:
        print(json.dumps([vars(c) for c in consents], indent=2))
        return 0
    if not consents:
        print("No work is enabled for probing. Enable one with: creatorwatch probe enable WORK_ID")
    for c in consents:
        print(f"#{c.work_id} on {c.source} (since {c.given_at}): {c.statement}")
        if (c.work_id, c.source) in lapsed:  # as the window's "(agree again)"
            print(f"    Nothing is sent: {c.source} was removed or now points elsewhere. Enable it again to agree "
                  "to where it points now.")
    return 0


# -- probing --

def run_probe(args: argparse.Namespace, paths: Paths) -> int:
    from creatorwatch.core.model_probe.prepare import DEFAULT_REQUESTS, DEFAULT_TOKENS, Options, plan_run

    db = open_database(paths.database)
    if unknown_source(db, args.source):
        return WRONG_USAGE
    requests, tokens = _source_budget(db, args.source) or (DEFAULT_REQUESTS, DEFAULT_TOKENS)
    options = Options(tuple(args.source), tuple(args.work), args.yes or args.dry_run,
                      args.max_requests or requests, args.max_tokens or tokens, args.repeats)
    plan = plan_run(db, options)
    if args.dry_run:
        _print_dry_run(plan, args.json)
        return 0
    if not plan.probes:
        print("Nothing to probe: " + ("; ".join(plan.notes) if plan.notes else
              "no work is enabled for probing. Enable one with: creatorwatch probe enable WORK_ID"),
              file=sys.stderr)
        return 1 if plan.notes else 0
    _print_before(plan)
    from creatorwatch.core.model_probe.run import ModelProber

    report = ModelProber(db, cache=paths.cache).run(plan)
    if args.json:
        print(json.dumps(report.as_json(), indent=2, default=str))
    else:
        _print_report(report, plan)
    return 1 if report.failed else 0


def _source_budget(db: sqlite_utils.Database, names: list[str]) -> tuple[int, int] | None:
    """One endpoint named: its own budget (`sources set NAME --set max_requests=N --set max_tokens=N`), the one
    its scheduled probes keep to."""
    from creatorwatch.core.records.source_store import SourceStore
    from creatorwatch.core.watch.scheduled_probe import budget_of

    source = SourceStore(db).get(names[0]) if len(names) == 1 else None
    return budget_of(source) if source is not None else None


def _budget_line(plan: Any) -> str:
    o = plan.options
    return f"budget {counted(o.max_requests, 'request')}, {_tokens(o.max_tokens)}"


def _tokens(n: int) -> str:
    """As counted() says it, with the thousands marked: "1 token", "60,000 tokens"."""
    return f"{n:,} {'token' if n == 1 else 'tokens'}"


def _print_before(plan: Any) -> None:
    out = sys.stderr
    for note in plan.notes:
        print(f"  {note}", file=out)
    for where in plan.destinations():
        print(f"sending to {where}", file=out)
    for where in plan.standing_by():
        print(f"only if an endpoint before it fails and leaves budget, sending to {where}", file=out)
    left = sum(len(s.left_out) for s in plan.sources)
    extra = (f"; {left} more would not fit, sent only with what a failing endpoint leaves unspent" if left else "")
    print(f"estimate: {plan.estimate.describe()} ({_budget_line(plan)}){extra}", file=out, flush=True)


def _print_dry_run(plan: Any, as_json: bool) -> None:
    left = sum(len(s.left_out) for s in plan.sources)
    if as_json:
        probes = [{"source": s.name, "work_id": p.work_id, "kind": p.kind, "key": p.key, "repeat": p.repeat,
                   "prompt": p.prompt, "system": p.ask.system if p.ask else "",
                   "max_tokens": p.ask.max_tokens if p.ask else None, "likely_tokens": p.likely_tokens,
                   "most_tokens": p.most_tokens} for s in plan.sources for p in s.probes]
        estimate = plan.estimate
        print(json.dumps({"dry_run": True, "sent": 0, "probes": probes, "left_out": left, "notes": plan.notes,
                          "destinations": plan.destinations(), "standing_by": plan.standing_by(),
                          "estimate": {"requests": estimate.requests, "likely_tokens": estimate.likely_tokens,
                                       "most_tokens": estimate.most_tokens},
                          "budget": {"requests": plan.options.max_requests, "tokens": plan.options.max_tokens}},
                         indent=2))
        return
    for s in plan.sources:
        print(f"{s.name} ({s.record.config.type}, model {s.record.config.settings.get('model', '?')}):")
        for p in s.probes:
            title = plan.titles.get(p.work_id, "your style")
            try_text = f", try {p.repeat}" if p.kind in ("continuation", "recall") else ""
            print(f"  #{p.work_id} \u201c{title}\u201d \u2014 {p.kind}{try_text}:")
            for line in p.prompt.splitlines() or [""]:
                print(f"      {line}")
        if s.left_out:
            print(f"  ({len(s.left_out)} more prompts would not fit the budget)")
    for note in plan.notes:
        print(f"note: {note}")
    if not plan.probes and not plan.notes:  # as the real run says it, not a bare "0 requests"
        print("Nothing to probe: no work is enabled for probing. Enable one with: creatorwatch probe enable "
              "WORK_ID (or name works with --work)")
    for where in plan.destinations():
        print(f"would send to {where}")
    for where in plan.standing_by():
        print(f"only if an endpoint before it fails and leaves budget, would send to {where}")
    print(f"estimate: {plan.estimate.describe()} ({_budget_line(plan)}). Dry run: nothing was sent.")


def _print_report(report: Any, plan: Any) -> None:
    for w in report.works:
        head = f"#{w['work_id']} \u201c{w['title']}\u201d on {w['source']} ({w['model']})"
        if w["verdict"] == "find":
            line = (f"REPRODUCED: {w['verbatim_words']} words verbatim, score {w['score']:.2f} "
                    f"(by {w['best_probe']})")
        elif w["verdict"] == "partial":
            line = (f"partial: retells or follows the text in places ({w['matched_words']} words in shared runs, "
                    f"{w['verbatim_words']} in a row); not recorded as a find")
        else:
            line = "nothing of it reproduced"
        cloze = w["cloze"]
        if cloze["asked"]:
            chance = f" (a blind guess gets about {cloze['chance']:.0%} right)" if cloze["chance"] else ""
            line += f"; names: {cloze['named']} of {cloze['asked']} blanked-out names filled in{chance}"
        print(f"{head}: {line}")
        for error in w["errors"]:
            print(f"    {error}")
    for f in report.finds:
        print(f"recorded match #{f['id']}: work #{f['work_id']} ({f['kind']}, score {f['score']:.2f}) [{f['source']}]")
    for s in report.sources:
        if s.error:
            print(s.error, file=sys.stderr)
    works = len({(w["source"], w["work_id"]) for w in report.works}) or 1
    print(f"Spent {counted(report.requests, 'request')} and {_tokens(report.tokens)} ({_budget_line(plan)}); about "
          f"{report.requests / works:.1f} requests and {report.tokens / works:,.0f} tokens per work.")
    if report.finds:
        print("Review them with: creatorwatch matches --status new")
