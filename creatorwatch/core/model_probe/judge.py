"""What a model's answers show: each reply aligned with the creator's true words, the tries of one question
taken together, and per work a verdict — reproduced (a find), retold in part (partial) or not at all.

Name cloze is reported as a rate against chance, never as a find: guessing a name proves little on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from creatorwatch.core.fingerprint.text_align import VERBATIM_FIND, Alignment, align
from creatorwatch.core.fingerprint.text_normalise import canonical_words
from creatorwatch.core.model_probe.passages import character_names
from creatorwatch.core.model_probe.plan import Probe
from creatorwatch.core.model_probe.record import Find, candidate_url
from creatorwatch.core.sources.model_endpoint import Answer

if TYPE_CHECKING:
    from creatorwatch.core.model_probe.prepare import RunPlan, SourcePlan

KIND_WORDS = {"continuation": "continued a passage of", "recall": "quoted the opening of"}


@dataclass(frozen=True)
class Judged:
    probe: Probe
    reply: str
    model: str
    version: str
    alignment: Alignment | None = None
    named: bool | None = None  # cloze: the reply gave the masked name
    answer: Answer | None = None
    error: str | None = None
    offset: int | None = None  # where the alignment's passage starts in the work (None: the passage asked about)


def judge_text(probe: Probe, answer: Answer, work_text: str) -> Judged:
    """The reply aligned with the passage asked about; or, where it repeats a long run of the work from elsewhere
    (a model asked to go on from one page that recites another), with the whole work."""
    if probe.kind == "cloze":
        named = re.search(rf"(?<!\w){re.escape(probe.truth)}(?!\w)", answer.text, re.IGNORECASE) is not None
        return Judged(probe, answer.text, answer.model, answer.version, named=named, answer=answer)
    asked = align(answer.text, probe.truth)
    if asked.verbatim_words < VERBATIM_FIND and work_text:
        anywhere = align(answer.text, work_text)
        if anywhere.verbatim_words >= VERBATIM_FIND:
            return Judged(probe, answer.text, answer.model, answer.version, anywhere, answer=answer, offset=0)
    return Judged(probe, answer.text, answer.model, answer.version, asked, answer=answer)


def _best(tries: list[Judged]) -> Judged | None:
    aligned = [t for t in tries if t.alignment is not None]
    if not aligned:
        return None
    return max(aligned, key=lambda t: (t.alignment.verbatim_words, t.alignment.score))  # type: ignore[union-attr]


def text_find(sp: SourcePlan, tries: list[Judged], plan: RunPlan, line: float) -> Find | None:
    """The find for one question asked one or more times, if its best answer reproduced the work."""
    best = _best(tries)
    if best is None or best.answer is None or best.alignment is None or best.alignment.verdict(line) != "find":
        return None
    probe, a, answer = best.probe, best.alignment, best.answer
    work = plan.works[probe.work_id]
    reproduced = sum(1 for t in tries if t.alignment is not None and t.alignment.verdict(line) == "find")
    answered = [t for t in tries if t.answer is not None]
    offset = best.offset if best.offset is not None else probe.truth_offset
    work_span = [offset + a.truth_span[0], offset + a.truth_span[1]] if offset >= 0 else [0, 0]
    original = probe.truth if best.offset is None else work.text[a.truth_span[0] : a.truth_span[1]]
    facts = {"probe": probe.kind, "prompt": probe.prompt, "system": probe.ask.system if probe.ask else "",
             "model": answer.model, "model_version": answer.version, "params": answer.params,
             "endpoint": answer.exchange.url, "at": answer.exchange.facts()["at"], "reply": answer.text,
             "original": original, "tries": len(answered), "reproduced_in": reproduced,
             "input_tokens": answer.input_tokens, "output_tokens": answer.output_tokens}
    evidence: dict[str, Any] = {
        **facts, "found_by": "model probe", "verbatim_words": a.verbatim_words, "matched_words": a.matched_words,
        "overlap": round(a.overlap, 3), "score": round(a.score, 4), "truth_words": a.truth_words,
        "candidate_span": list(a.reply_span), "work_span": work_span,
        "passages": [{"score": round(a.score, 4), "matched_words": a.verbatim_words, "rare_words": a.matched_words,
                      "candidate_span": list(a.reply_span), "work_span": work_span}],
    }
    title = f"{answer.model} {KIND_WORDS.get(probe.kind, 'reproduced')} \u201c{work.title}\u201d"
    return Find(sp.name, probe.work_id, "text", a.score if a.score > 0 else 0.0,
                candidate_url(answer.exchange, answer.model, probe.key, probe.work_id), title, answer.text,
                evidence, [t.answer.exchange for t in answered if t.answer is not None], answer.text.encode("utf-8"),
                "candidate.txt", facts)


def tally(sp: SourcePlan, judged: list[Judged], plan: RunPlan, line: float) -> list[dict[str, Any]]:
    """Per work asked on this endpoint: the verdict, the best run, the cloze rate against chance, the cost."""
    rows = []
    for work_id in dict.fromkeys(j.probe.work_id for j in judged):
        mine = [j for j in judged if j.probe.work_id == work_id]
        best = _best(mine)
        verdicts = {j.alignment.verdict(line) for j in mine if j.alignment is not None}
        verdict = next((v for v in ("find", "partial") if v in verdicts), "none")
        cloze = [j for j in mine if j.named is not None]
        names = _names(plan.works[work_id].text) if work_id in plan.works else []  # a picture's have no text
        answers = [j.answer for j in mine if j.answer is not None]
        rows.append({
            "source": sp.name, "work_id": work_id, "title": _title(plan, work_id),
            "model": answers[0].model if answers else sp.record.config.settings.get("model", ""),
            "verdict": verdict,
            "verbatim_words": best.alignment.verbatim_words if best and best.alignment else 0,
            "matched_words": best.alignment.matched_words if best and best.alignment else 0,
            "score": round(best.alignment.score, 4) if best and best.alignment else 0.0,
            "best_probe": best.probe.kind if best else None,
            "cloze": {"asked": len(cloze), "named": sum(1 for j in cloze if j.named),
                      "rate": round(sum(1 for j in cloze if j.named) / len(cloze), 3) if cloze else None,
                      "chance": round(1 / len(names), 3) if names else None},
            "requests": len(answers), "tokens": sum(a.input_tokens + a.output_tokens for a in answers),
            "errors": [j.error for j in mine if j.error],
        })
    return rows


def _names(text: str) -> list[str]:
    """The character names of a text work, whose cloze is scored against the chance of guessing one."""
    words = canonical_words(text)
    return character_names(text, words, [text[int(s):int(e)] for s, e in zip(words.starts, words.ends, strict=True)])


def _title(plan: RunPlan, work_id: int) -> str:
    """A text's or a picture's title; the prompt for pictures in the creator's style asks about no one work (0)."""
    if work_id in plan.works:
        return plan.works[work_id].title
    return plan.titles.get(work_id) or f"pictures in the style of {plan.author or 'the artist'}"
