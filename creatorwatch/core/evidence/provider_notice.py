"""A notice draft for finds made by probing an AI model: the model itself produced the copy when asked, so the
letter goes to whoever runs the model (not to a site hosting a file) and says who (the operator, the model and its
version), what (the work, and the words or picture the model gave back) and where the exchange can be repeated
(endpoint, model, prompt, parameters, UTC time, and the WARC records in the evidence bundle). A draft, not advice.
The wording is creatorwatch/resources/letters/provider_notice.txt; this module fills it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from creatorwatch.core.evidence.gather import MatchEvidence
from creatorwatch.core.evidence.letter import render, today_of
from creatorwatch.core.library.works import Work
from creatorwatch.core.net.guard import is_private_url
from creatorwatch.core.records.notice_details import NoticeDetails

PROBE_FINDS = ("model probe", "image probe")
MOST_QUOTED_WORDS = 160
OPERATORS = {  # who runs the well-known endpoints; any other address is named as it is, for the creator to fill in
    "api.openai.com": "OpenAI", "api.anthropic.com": "Anthropic", "api.mistral.ai": "Mistral AI",
    "api.groq.com": "Groq", "api.together.xyz": "Together AI", "openrouter.ai": "OpenRouter",
    "api.deepseek.com": "DeepSeek", "router.huggingface.co": "Hugging Face",
}


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
    """The notice text (letters/provider_notice.txt) for the probe finds in `matches` (other findings are listed
    apart, not claimed)."""
    finds = [m for m in matches if is_probe_find(m)]
    addresses = sorted({_said(m, "endpoint") for m in finds})
    works = list({m.work.id: m.work for m in finds if m.work}.values())
    return render("provider_notice.txt", ProviderNoticeContext(
        date=today_of(today), recipient=recipient, sender=details,
        operators=[operator(address) for address in addresses],
        models=" and ".join(sorted({_said(m, "model") or "the model" for m in finds})),
        plural=len(works) != 1, works=works,
        endpoints=[_endpoint(address, [m for m in finds if _said(m, "endpoint") == address]) for address in addresses],
        exchanges=[_exchange(m) for m in finds],
        others=[m.finding.candidate_url for m in matches if not is_probe_find(m)],
    ))


@dataclass(frozen=True)
class Endpoint:
    """One endpoint the finds were made at: who runs it, and the models (and versions) it answered as."""

    provider: str  # operator(address)
    address: str  # "" when not recorded
    models: list[str]
    versions: list[str]  # the versions the endpoint reported; empty when none


@dataclass(frozen=True)
class Exchange:
    """One probe find: what the model was asked and gave back, and the facts to send the same request again."""

    match_id: int
    title: str  # the work's title; "" when the find has no work
    picture: bool  # a picture the model generated (else words it gave back)
    probe: str  # "recall", "continuation" or another probe's name: what the model was asked to do
    prompt: str
    system: str  # the system prompt; "" when none was sent
    score: float
    kept_name: str  # the generated picture as kept in the bundle; "" when none was kept
    kept_sha256: str
    verbatim_words: str  # "?" when not recorded
    matched_words: str
    reproduced_in: str
    tries: str  # "" when the probe was asked once
    reproduced: str  # the model's words that repeat the work, at most MOST_QUOTED_WORDS (middle cut as "[…]")
    at: str  # when it was asked (UTC)
    endpoint: str
    model: str
    version: str  # "" when the endpoint reported none
    params: str  # "temperature 0, max_tokens 320"; "" when not recorded
    warcs: list[tuple[str, str]]  # (path in the bundle, SHA-256) of each request-and-answer record kept


@dataclass(frozen=True)
class ProviderNoticeContext:
    date: str
    recipient: str  # "" leaves [FILL IN: …] for the provider's copyright or legal contact
    sender: NoticeDetails
    operators: list[str]  # who runs each endpoint, in words
    models: str  # "memo-1 and memo-2"
    plural: bool  # more than one work named (or none)
    works: list[Work]
    endpoints: list[Endpoint]
    exchanges: list[Exchange]
    others: list[str]  # addresses of the other findings (not part of the notice)


def _said(m: MatchEvidence, key: str) -> str:
    return str(m.finding.evidence.get(key) or "")


def _endpoint(address: str, finds: list[MatchEvidence]) -> Endpoint:
    return Endpoint(provider=operator(address), address=address,
                    models=sorted({_said(m, "model") or "?" for m in finds}),
                    versions=sorted({_said(m, "model_version") for m in finds} - {""}))


def _exchange(m: MatchEvidence) -> Exchange:
    e = m.finding.evidence
    pictures = [f for c in m.captures for f in c.files if f.get("role") == "candidate"]
    params: dict[str, Any] = e["params"] if isinstance(e.get("params"), dict) else {}
    return Exchange(
        match_id=m.id, title=m.work.title if m.work else "", picture=m.finding.kind == "image",
        probe=str(e.get("probe")), prompt=str(e.get("prompt", "")), system=_said(m, "system"), score=m.finding.score,
        kept_name=pictures[0]["name"] if pictures else "", kept_sha256=pictures[0]["sha256"] if pictures else "",
        verbatim_words=str(e.get("verbatim_words", "?")), matched_words=str(e.get("matched_words", "?")),
        reproduced_in=str(e.get("reproduced_in")), tries=str(e.get("tries") or ""), reproduced=_reproduced(e),
        at=str(e.get("at", m.finding.found_at)), endpoint=str(e.get("endpoint", "")), model=str(e.get("model", "")),
        version=_said(m, "model_version"), params=", ".join(f"{k} {v}" for k, v in params.items()),
        warcs=[(f"matches/{m.id}/capture-{c.id}/{f['name']}", f["sha256"]) for c in m.captures for f in c.files
               if f.get("role") == "warc"],
    )


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
