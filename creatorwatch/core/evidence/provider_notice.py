"""A notice draft for finds made by probing an AI model: the model itself produced the copy when asked, so the
letter goes to whoever runs the model (not to a site hosting a file) and says who (the operator, the model and its
version), what (the work, and the words or picture the model gave back) and where the exchange can be repeated
(endpoint, model, prompt, parameters, UTC time, and the WARC records in the evidence bundle). A draft, not advice."""

from __future__ import annotations

import textwrap
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from creatorwatch.core.evidence.gather import MatchEvidence
from creatorwatch.core.net.guard import is_private_url
from creatorwatch.core.records.notice_details import NoticeDetails

PROBE_FINDS = ("model probe", "image probe")
WIDTH = 110
MOST_QUOTED_WORDS = 160
OPERATORS = {  # who runs the well-known endpoints; any other address is named as it is, for the creator to fill in
    "api.openai.com": "OpenAI", "api.anthropic.com": "Anthropic", "api.mistral.ai": "Mistral AI",
    "api.groq.com": "Groq", "api.together.xyz": "Together AI", "openrouter.ai": "OpenRouter",
    "api.deepseek.com": "DeepSeek", "router.huggingface.co": "Hugging Face",
}
BEFORE_SENDING = [
    "This is a notice to the provider of an AI model. When CreatorWatch asked the model about your work, the model "
    "itself gave back your words (or a copy of your picture): the copy is in the model's output, not in a file on "
    "a website, so a hosting service's takedown form does not fit it. It asks the provider to stop the model "
    "reproducing your work and to tell you what your work was trained on.",
    "Where to send it: the provider's copyright or legal contact (OpenAI, Anthropic, Mistral and the others name one "
    "in their terms or help pages; some have a form for copyright complaints about outputs). For a router that "
    "passes requests on to other companies' models (OpenRouter, Hugging Face's router), send it to the model's "
    "maker as well. For a model running on your own computer, send it to whoever publishes the model's weights.",
    "Anyone can check the finds: the exchange below can be sent again to the same endpoint, and the evidence bundle "
    "holds each request and answer exactly as they were (WARC records) with their SHA-256 hashes. Models change: an "
    "answer may differ later, which does not undo what was recorded. The law on AI training and outputs differs from "
    "place to place and is still being decided; this draft is not legal advice.",
]
ASKS = [
    "stop {models} from reproducing my work{s}, for example by filtering outputs that repeat {it} or by removing "
    "{it} from the model;",
    "tell me whether my work{s} {are} in the data the model was trained or fine-tuned on, and remove {them} from "
    "that data and from every future version of the model;",
    "confirm in writing what you have done.",
]
STATEMENT = (
    "I have not licensed my work{s} for training this model or for reproduction in its outputs. To the best of my "
    "knowledge the information in this notice is accurate, and I am the owner of the copyright in the work{s} named, "
    "or authorized to act for the owner."
)


def is_probe_find(m: MatchEvidence) -> bool:
    return m.is_copy and m.finding.evidence.get("found_by") in PROBE_FINDS


def wants_provider_notice(matches: list[MatchEvidence]) -> bool:
    """True when every copy among the findings was made by a model that was probed (and there is one): the notice
    goes to the model's provider. Copies found on websites keep the hosting notice."""
    copies = [m for m in matches if m.is_copy]
    return bool(copies) and all(is_probe_find(m) for m in copies)


def operator(endpoint: str) -> str:
    """Who runs the endpoint, in words: a known service by name, a local model as such, else its address."""
    host = (urlsplit(endpoint).hostname or "").lower()
    if host in OPERATORS:
        return f"{OPERATORS[host]} ({host})"
    if endpoint and is_private_url(endpoint):
        return f"a model run on my own computer or network ({host}); the provider is whoever publishes its weights"
    return f"the operator of {host}" if host else "[FILL IN: who runs the model]"


def draft_provider_notice(matches: list[MatchEvidence], details: NoticeDetails, recipient: str = "",
                          today: datetime | None = None) -> str:
    """The notice text for the probe finds in `matches` (other findings are listed apart, not claimed)."""
    finds = [m for m in matches if is_probe_find(m)]
    models = sorted({str(m.finding.evidence.get("model") or "the model") for m in finds})
    endpoints = sorted({str(m.finding.evidence.get("endpoint") or "") for m in finds})
    works = {m.work.id: m.work for m in finds if m.work}
    plural = len(works) != 1
    words = {"s": "s" if plural else "", "it": "them" if plural else "it", "them": "them" if plural else "it",
             "are": "are" if plural else "is", "models": " and ".join(models)}
    to = recipient or f"[FILL IN: the copyright or legal contact of {'; '.join(operator(e) for e in endpoints)}]"
    lines = [
        "DRAFT — NOTICE TO AN AI MODEL PROVIDER: YOUR MODEL REPRODUCES MY WORK",
        "Check every statement, complete anything marked [FILL IN …], and sign before sending.",
        "",
        *(line for note in BEFORE_SENDING for line in [*textwrap.wrap(note, WIDTH), ""]),
        "------------------------------------------------------------ the notice starts here",
        "",
        f"Date: {(today or datetime.now(UTC)).strftime('%Y-%m-%d')}",
        f"To: {to}",
        "",
        "Hello,",
        "",
        *_wrap(f"I am writing because {words['models']}, which you provide, reproduced my copyrighted "
               f"work{words['s']} when asked, as set out below. I ask you to:", ""),
        *(line for ask in ASKS for line in _wrap("- " + ask.format(**words), "   ", "     ")),
        "",
        "1. Who: the model and who runs it",
    ]
    for endpoint in endpoints:
        mine = [m for m in finds if str(m.finding.evidence.get("endpoint") or "") == endpoint]
        versions = sorted({str(m.finding.evidence.get("model_version") or "") for m in mine} - {""})
        lines += [f"   Provider:  {operator(endpoint)}",
                  f"   Endpoint:  {endpoint or '[not recorded]'}",
                  f"   Model:     {', '.join(sorted({str(m.finding.evidence.get('model') or '?') for m in mine}))}"
                  + (f" (version reported by the endpoint: {', '.join(versions)})" if versions else ""), ""]
    lines.append(f"2. What: my work{words['s']}, and what the model gave back")
    for work in works.values():
        lines.append(f"   - \"{work.title}\" ({work.kind}, {work.format}); SHA-256 of my file: {work.sha256}")
    for m in finds:
        lines += ["", *_what(m)]
    lines += ["", "3. Where the exchange can be repeated and checked"]
    for m in finds:
        lines += [*_where(m), ""]
    others = [m for m in matches if not is_probe_find(m)]
    if others:
        lines.append("   Not part of this notice (found elsewhere, not in this model's answers):")
        lines += [f"       {m.finding.candidate_url}" for m in others]
        lines.append("")
    lines += _closing(details, STATEMENT.format(**words))
    return "\n".join(lines) + "\n"


def _what(m: MatchEvidence) -> list[str]:
    e = m.finding.evidence
    title = m.work.title if m.work else "my work"
    if m.finding.kind == "image":
        pictures = [f for c in m.captures for f in c.files if f.get("role") == "candidate"]
        kept = f" (kept as {pictures[0]['name']}, SHA-256 {pictures[0]['sha256']})" if pictures else ""
        return _wrap(f"- Asked for \u201c{e.get('prompt', '')}\u201d, the model generated a picture that matches "
                     f"\u201c{title}\u201d (score {m.finding.score:.2f} of 1){kept}.", "   ", "     ")
    asked = {"recall": "to quote the opening of", "continuation": "to continue a passage of"}.get(
        str(e.get("probe")), "about")
    tries = f", in {e.get('reproduced_in')} of {e.get('tries')} tries" if e.get("tries") else ""
    out = _wrap(f"- Asked {asked} \u201c{title}\u201d, the model gave back {e.get('verbatim_words', '?')} of my "
                f"words in a row ({e.get('matched_words', '?')} words in passages it shares with my text{tries}). "
                "The words it reproduced, exactly as it gave them:", "   ", "     ")
    return out + _wrap(f"\u201c{_reproduced(e)}\u201d", "       ", "       ")


def _reproduced(e: dict[str, Any]) -> str:
    reply = str(e.get("reply") or "")
    try:
        start, end = (int(v) for v in e.get("candidate_span") or (0, 0))
    except (TypeError, ValueError):
        start, end = 0, 0
    quoted = reply[start:end] if 0 <= start < end <= len(reply) else reply
    words = quoted.split()
    if len(words) > MOST_QUOTED_WORDS:
        half = MOST_QUOTED_WORDS // 2
        words = [*words[:half], "[…]", *words[-half:]]
    return " ".join(words)


def _where(m: MatchEvidence) -> list[str]:
    e = m.finding.evidence
    params: dict[str, Any] = e["params"] if isinstance(e.get("params"), dict) else {}
    said = ", ".join(f"{k} {v}" for k, v in params.items()) or "[not recorded]"
    rows = [f"   Match #{m.id} (\u201c{m.work.title if m.work else ''}\u201d):",
            f"     Asked at (UTC):  {e.get('at', m.finding.found_at)}",
            f"     Endpoint:        {e.get('endpoint', '')}",
            f"     Model:           {e.get('model', '')}"
            + (f" (version {e['model_version']})" if e.get("model_version") else ""),
            f"     Parameters:      {said}"]
    if e.get("system"):
        rows += _wrap(f"System prompt:   {e['system']}", "     ", "                      ")
    rows += _wrap(f"Prompt:          {e.get('prompt', '')}", "     ", "                      ")
    for capture in m.captures:
        for f in capture.files:
            if f.get("role") == "warc":
                rows.append(f"     Request and answer: matches/{m.id}/capture-{capture.id}/{f['name']} in the evidence "
                            f"bundle (WARC), SHA-256 {f['sha256']}")
    if not any(f.get("role") == "warc" for c in m.captures for f in c.files):
        rows.append("     Request and answer: not kept (only the facts above)")
    return rows


def _wrap(text: str, indent: str, rest: str | None = None) -> list[str]:
    return textwrap.wrap(" ".join(text.split()), WIDTH, initial_indent=indent,
                         subsequent_indent=indent if rest is None else rest, break_long_words=False,
                         break_on_hyphens=False) or [indent]


def _closing(details: NoticeDetails, statement: str) -> list[str]:
    return [
        "4. Who I am, and how to reach me:",
        f"   Name:       {details.name or '[FILL IN: your full name]'}",
        *([f"   Acting for: {details.on_behalf_of}"] if details.on_behalf_of else []),
        f"   Email:      {details.email or '[FILL IN: your email address]'}",
        *([f"   Address:    {details.address}"] if details.address else []),
        *([f"   Telephone:  {details.phone}"] if details.phone else []),
        "",
        "5. Statement:",
        *_wrap(statement, "   "),
        "",
        "   Signed: ______________________________",
        f"   Name: {details.name or '[FILL IN]'}        Date: ____________",
    ]
