"""A DMCA notice draft, filled from the creator's details: every element 17 U.S.C. §512(c)(3)(A) requires,
with anything still missing marked [FILL IN …], left for the creator to check and sign. A draft, not advice.
The wording is creatorwatch/resources/letters/dmca_notice.txt; this module fills it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from creatorwatch.core.evidence.gather import MatchEvidence
from creatorwatch.core.evidence.letter import render, today_of
from creatorwatch.core.evidence.unconfirmed import check_line
from creatorwatch.core.library.works import Work
from creatorwatch.core.records.notice_details import NoticeDetails


def draft_notice(matches: list[MatchEvidence], details: NoticeDetails, recipient: str = "",
                 today: datetime | None = None) -> str:
    """The notice text (letters/dmca_notice.txt). Copies the creator marked licensed are left out: it is not
    sworn against a licensee. Likeness mentions and voice likenesses (no copied work) are listed apart: a DMCA notice
    covers copies. (A bundle of voice likenesses alone gets likeness.py's report instead, and one of mentions alone
    optout.py's request.)"""
    copies = [m for m in matches if m.is_copy and m.finding.status != "licensed"]  # a licensed use is not sworn to
    return render("dmca_notice.txt", NoticeContext(
        date=today_of(today), recipient=recipient, sender=details,
        works=list({m.work.id: m.work for m in copies if m.work}.values()),
        copies=[_copy_found(m) for m in copies],
        mentions=[m.finding.candidate_url for m in matches if m.work is None and m.finding.type != "match"],
        voices=[m.finding.candidate_url for m in matches if m.work is not None and not m.is_copy],
        removed=[m.finding.candidate_url for m in matches if m.work is None and m.finding.type == "match"],
    ))


@dataclass(frozen=True)
class CopyFound:
    """One copy as the notice names it: where it is, when it was found and captured, and what the bundle holds."""

    title: str
    url: str
    urls: list[str]  # the page and, when different, the media file
    found_at: str
    captured_at: str  # the latest capture; "" when none was kept
    held: list[str]  # what the evidence bundle made with the notice holds for it
    check: str  # why the creator should check it before signing (not confirmed, or dismissed); "" when confirmed


@dataclass(frozen=True)
class NoticeContext:
    date: str
    recipient: str  # "" leaves [FILL IN: …] for the copyright agent
    sender: NoticeDetails
    works: list[Work]  # the works copied, each once
    copies: list[CopyFound]
    mentions: list[str]  # addresses that name the creator (not part of the notice)
    voices: list[str]  # addresses that sound like the creator's voice (not part of the notice)
    removed: list[str]  # copies of a work since taken out of the library: it can no longer be named (not part)


def _copy_found(m: MatchEvidence) -> CopyFound:
    return CopyFound(title=m.work.title if m.work else "", url=m.finding.candidate_url, urls=m.infringing_urls,
                     found_at=m.finding.found_at, captured_at=m.captures[-1].captured_at if m.captures else "",
                     held=_held(m), check=check_line(m.finding.status))


def _held(m: MatchEvidence) -> list[str]:
    """What the evidence bundle made with the notice holds for one copy — only what is really there."""
    title = m.work.title if m.work else "my work"
    held = [f"a comparison of \"{title}\" and the material (report.pdf)"]
    for capture in m.captures:
        kept = next((f for f in capture.files if f.get("role") == "candidate"), None)
        if kept is not None:
            held.append(f"the material as captured {capture.captured_at} ({kept['name']}, SHA-256 {kept['sha256']})")
    if not m.captures:
        held.append("no copy of the material itself (only its address and when it was found)")
    return held
