"""A report draft for voice likenesses: a voice that sounds like the creator copies none of their recordings, so a
bundle of those alone gets an impersonation / synthetic-media report to send the service, not a DMCA notice.
The wording is creatorwatch/resources/letters/likeness_report.txt; this module fills it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from creatorwatch.core.evidence.gather import MatchEvidence
from creatorwatch.core.evidence.letter import render, today_of
from creatorwatch.core.records.allowlist import site_of
from creatorwatch.core.records.notice_details import NoticeDetails
from creatorwatch.core.voice.lines import line_answered, shown
from creatorwatch.core.voice.store import DEFAULT_NAME
from creatorwatch.core.wording.times import clock_tenths
from creatorwatch.core.wording.words import counted


def wants_likeness_report(matches: list[MatchEvidence]) -> bool:
    """True when the findings hold voice likenesses and no copy of a work: the report, not a DMCA notice, is what
    fits them. Any copy keeps the DMCA notice (which lists voice likenesses apart)."""
    return not any(m.is_copy for m in matches) and any(_is_voice(m) for m in matches)


def draft_likeness_report(matches: list[MatchEvidence], details: NoticeDetails, recipient: str = "",
                          today: datetime | None = None) -> str:
    """The report text (letters/likeness_report.txt): what was found, where, when, how sure, and the seconds that
    sound like the creator."""
    voices = [m for m in matches if _is_voice(m)]
    whose = f"the voice of {details.on_behalf_of}" if details.on_behalf_of else "my voice"
    return render("likeness_report.txt", LikenessContext(
        date=today_of(today), recipient=recipient, sender=details, whose=whose,
        one=len(voices) == 1, recordings_counted=counted(len(voices), "recording"),
        voices=[_voice(m, whose) for m in voices],
        works=list(dict.fromkeys(m.work.title for m in voices if m.work is not None)),
        others=[(m.finding.candidate_url, _other(m)) for m in matches if not _is_voice(m)],
    ))


@dataclass(frozen=True)
class Voice:
    """One recording that sounds like the creator: where, when, how sure, and which seconds sound most like them."""

    url: str
    media_url: str  # the recording itself, when not the page; else ""
    site: str
    title: str
    found_at: str
    captured_at: str  # the latest capture; "" when none was kept
    heard: str  # whose voice it sounds like, with the enrolled voice's name when there are several
    percent: int
    similarity: str  # " (voice similarity 0.62, where 0.50 sounds like you, over 31 s of its speech)", or ""
    stretches: list[str]  # "0:01.6 to 0:04.0 (similarity 0.90)"


@dataclass(frozen=True)
class LikenessContext:
    date: str
    recipient: str  # "" leaves [FILL IN: …] for the service's report form
    sender: NoticeDetails
    whose: str  # "my voice", or the voice of the owner the sender acts for
    one: bool  # a single recording
    recordings_counted: str  # "3 recordings"
    voices: list[Voice]
    works: list[str]  # titles of the creator's recordings the voices were compared with
    others: list[tuple[str, str]]  # (address, why it is not part of the report)


def _voice(m: MatchEvidence, whose: str) -> Voice:
    f, e = m.finding, m.finding.evidence
    name = str(e.get("voice") or DEFAULT_NAME)
    page = f.page_url or f.candidate_url  # a recording found on a page is named with that page
    recording = next((url for url in (f.media_url, f.candidate_url) if url and url != page), "")
    return Voice(url=page, media_url=recording, site=site_of(page) or f.source, title=f.title, found_at=f.found_at,
                 captured_at=m.captures[-1].captured_at if m.captures else "",
                 heard=whose if name == DEFAULT_NAME else f"{whose} (\"{name}\")", percent=round(f.score * 100),
                 similarity=_similarity(e), stretches=_stretches(e))


def _similarity(e: dict[str, Any]) -> str:
    if "similarity" not in e:
        return ""
    over = f", over {float(e['speech_seconds']):.0f} s of its speech" if e.get("speech_seconds") else ""
    line = shown(line_answered(e))
    stretch = e.get("stretch")
    if isinstance(stretch, dict):  # only part of it is the voice, compared on its own against a line of its own
        start, end = (clock_tenths(float(stretch[key])) for key in ("start", "end"))
        over = f", over its speech from {start} to {end}"
    return f" (voice similarity {float(e['similarity']):.2f}, where {line} sounds like you{over})"


def _stretches(e: dict[str, Any]) -> list[str]:
    """The seconds that sound most like the creator, in the order they come."""
    stretches = sorted((s for s in e.get("segments", []) if "start" in s and "end" in s), key=lambda s: s["start"])
    return [f"{clock_tenths(float(s['start']))} to {clock_tenths(float(s['end']))}"
            + (f" (similarity {float(s['similarity']):.2f})" if "similarity" in s else "") for s in stretches]


def _is_voice(m: MatchEvidence) -> bool:
    return m.finding.type == "match" and m.finding.kind == "voice"


def _other(m: MatchEvidence) -> str:
    if m.finding.type == "mention":
        return "it names me; it was not compared with my voice"
    return "a find about a work no longer in my library"

