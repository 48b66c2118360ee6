"""A find explained in plain words: what was found, where, when, and why the score is what it is."""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Any

from creatorwatch.core.allowlist import site_of
from creatorwatch.core.findings import Finding


def _clock(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}:{secs:02d}"


def _when(iso: str) -> str:
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%d %B %Y at %H:%M")
    except ValueError:
        return iso


def why(finding: Finding, subject: str) -> str:
    """The sentence that says why this is a find."""
    e: dict[str, Any] = finding.evidence
    site = site_of(finding.candidate_url) or finding.source
    score = round(finding.score * 100)
    if finding.type == "mention":
        return f"A page on {site} names {subject}, one of your watch terms."
    if finding.kind == "image":
        turn = e.get("transform", {}) or {}
        changes = [f"turned {turn['rotation_degrees']}°"] if turn.get("rotation_degrees") else []
        changes += ["mirrored"] if turn.get("flipped") else []
        how = f" It was {' and '.join(changes)}." if changes else ""
        method = f" Compared by {e['method']}." if e.get("method") else ""
        return f"A picture on {site} is {score}% alike to “{subject}”.{how}{method} The outlined areas correspond."
    if finding.kind == "audio":
        text = (f"A recording on {site} carries {e.get('matched_seconds', '?')} seconds of “{subject}”: "
                f"their {_clock(float(e.get('candidate_offset_s', 0)))} lines up with your "
                f"{_clock(float(e.get('work_offset_s', 0)))}.")
        if abs(float(e.get("speed_factor", 1)) - 1) > 0.005:
            text += f" It plays at {float(e['speed_factor']):.2f}× speed."
        if e.get("pitch_shift_semitones"):
            text += f" It is shifted by {e['pitch_shift_semitones']:+g} semitones."
        return text + f" Score {score}%."
    if finding.kind == "text":
        passages = e.get("passages", [])
        words = sum(int(p.get("matched_words", 0)) for p in passages)
        return (f"A text on {site} repeats {words} words of “{subject}” in {len(passages)} "
                f"{'passage' if len(passages) == 1 else 'passages'} (highlighted). Score {score}%.")
    return f"Something on {site} matches “{subject}” ({score}%)."


def explanation_html(finding: Finding, subject: str) -> str:
    url = escape(finding.candidate_url)
    return (f"<p style='font-size:110%'>{escape(why(finding, subject))}</p>"
            f"<p>Found by <b>{escape(finding.source)}</b> on {escape(_when(finding.found_at))}.<br>"
            f"Address: <a href='{url}'>{url}</a></p>")
