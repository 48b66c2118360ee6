"""For a find made by probing an AI model, the report shows the exchange itself: what the model was asked, what it
answered and the creator's original, side by side, with the words it repeated verbatim marked in both — so a reader
sees the model reproduce the text, not only a score."""

from __future__ import annotations

import html
from dataclasses import dataclass

from creatorwatch.core.evidence.gather import MatchEvidence
from creatorwatch.core.fingerprint.text_align import align

PROBE_FINDS = ("model probe", "image probe")
SHOWN_APART = ("prompt", "system", "reply", "original")  # shown here, so not again among the raw facts

Runs = list[tuple[str, bool]]  # (text, inside the verbatim run)


@dataclass(frozen=True)
class ProbeExchange:
    model: str
    at: str
    endpoint: str
    system: str
    prompt: str
    reply: Runs | None  # None for a picture (shown beside the work above)
    original: Runs | None  # None when the creator's text is kept out of the bundle
    verbatim_words: int


def is_probe(m: MatchEvidence) -> bool:
    return m.finding.evidence.get("found_by") in PROBE_FINDS


def probe_exchange(m: MatchEvidence, private: bool) -> ProbeExchange | None:
    """The exchange of a probe find (None for any other find); `private` leaves the creator's original out."""
    if not is_probe(m):
        return None
    e = m.finding.evidence
    reply = str(e.get("reply") or "")
    original = str(e.get("original") or "")
    text = m.finding.kind == "text" and bool(reply)
    original_span = (0, 0)
    if text and original:
        original_span = align(reply, original).truth_span
    return ProbeExchange(
        str(e.get("model") or ""), str(e.get("at") or m.finding.found_at), str(e.get("endpoint") or ""),
        str(e.get("system") or ""), str(e.get("prompt") or ""),
        _marked(reply, e.get("candidate_span")) if text else None,
        None if private or not text or not original else _marked(original, original_span),
        int(e.get("verbatim_words") or 0))


def _marked(text: str, span: object) -> Runs:
    try:
        start, end = (int(v) for v in span)  # type: ignore[attr-defined]
    except (TypeError, ValueError):
        return [(text, False)]
    if not 0 <= start < end <= len(text):
        return [(text, False)]
    return [(part, inside) for part, inside in ((text[:start], False), (text[start:end], True), (text[end:], False))
            if part]


def plain_marked(runs: Runs) -> str:
    """The runs as plain text with the verbatim run between [[ and ]] (the PDF's way of marking)."""
    return "".join(f"[[{t}]]" if inside else t for t, inside in runs)


def exchange_rows(x: ProbeExchange) -> list[tuple[str, str]]:
    """The exchange as label and value rows, for the PDF."""
    rows = [("Model", x.model), ("Asked at (UTC)", x.at), ("Endpoint", x.endpoint)]
    if x.system:
        rows.append(("System prompt", x.system))
    rows.append(("The prompt", x.prompt))
    if x.reply is not None:
        rows.append(("The model's words", plain_marked(x.reply)))
        rows.append(("Your original", plain_marked(x.original) if x.original is not None else
                     "(your text is not included in this bundle)"))
    return rows


def exchange_note(x: ProbeExchange) -> str:
    if x.reply is None:
        return "The model was asked for a picture with the prompt below; the picture it made is shown beside your work."
    return (f"The model was asked the prompt on the left. In its answer, {x.verbatim_words} words in a row are the "
            "same as your original: they are marked in both (in the PDF, between [[ and ]]).")


def exchange_html(x: ProbeExchange) -> str:
    e = html.escape
    asked = (f"<p class='meta'>System prompt: {e(x.system)}</p>" if x.system else "") + \
        f"<p class='excerpt'>{e(x.prompt)}</p>"
    parts = ["<h3>What the model was asked, and what it answered</h3>",
             f"<p>{e(exchange_note(x))}</p>",
             f"<p class='meta'>{e(x.model)} at {e(x.endpoint)}, {e(x.at)}</p>",
             "<table class='side probe'><tr><th>The prompt</th>"]
    if x.reply is not None:
        parts.append("<th>The model's words</th><th>Your original</th>")
    parts.append(f"</tr><tr><td>{asked}</td>")
    if x.reply is not None:
        original = _runs(x.original) if x.original is not None else \
            "<em>(your text is not included in this bundle)</em>"
        parts.append(f"<td class='excerpt'>{_runs(x.reply)}</td><td class='excerpt'>{original}</td>")
    parts.append("</tr></table>")
    return "".join(parts)


def _runs(runs: Runs) -> str:
    return "".join(f"<mark>{html.escape(t)}</mark>" if inside else html.escape(t) for t, inside in runs)
