"""A DMCA notice draft, filled from the creator's details: every element 17 U.S.C. §512(c)(3)(A) requires,
with anything still missing marked [FILL IN …], left for the creator to check and sign. A draft, not advice.
The wording is creatorwatch/resources/letters/dmca_notice.txt; this module fills it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from urllib.parse import unquote, urlsplit

from creatorwatch.core.evidence.gather import MatchEvidence
from creatorwatch.core.evidence.letter import PUT_ADDRESS, render, today_of
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
    context = NoticeContext(
        date=today_of(today), recipient=recipient, sender=details,
        works=list({m.work.id: m.work for m in copies if m.work}.values()),
        copies=[_copy_found(m) for m in copies],
        mentions=[address_of(m.finding.candidate_url) for m in matches if m.work is None and m.finding.type != "match"],
        voices=[address_of(m.finding.candidate_url) for m in matches if m.work is not None and not m.is_copy],
        removed=[address_of(m.finding.candidate_url) for m in matches
                 if m.work is None and m.finding.type == "match"],
        licensed_out=any(m.is_copy and m.finding.status == "licensed" for m in matches),
    )
    listed = [url for copy in context.copies for url in copy.urls] + context.mentions + context.voices + context.removed
    return render("dmca_notice.txt", replace(context, local=any(url.startswith(PUT_ADDRESS[:-1]) for url in listed)))


def is_local(url: str) -> bool:
    """An address on the creator's own disk (a watched folder's file:///…): no host can act on it, and it shows a
    stranger the creator's folders."""
    return url.strip().lower().startswith("file:")  # by its scheme alone: a malformed web address is no file


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
    local: bool = False  # found as a file on the creator's disk (a watched folder): `urls` holds the placeholder


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
    licensed_out: bool = False  # a copy the creator marked licensed was chosen and left out

    local: bool = False  # some address is a file on the creator's disk: the notice says to fill in its web address


def _copy_found(m: MatchEvidence) -> CopyFound:
    """A copy found as a file on the creator's disk is named by a placeholder, never by its path: the path is the
    file's provenance (the report keeps it), not an address a host can act on."""
    web = [url for url in m.infringing_urls if not is_local(url)]
    urls = web or [address_of(m.finding.candidate_url)]
    return CopyFound(title=m.work.title if m.work else "", url=urls[0], urls=urls, found_at=m.finding.found_at,
                     captured_at=m.captures[-1].captured_at if m.captures else "", held=_held(m),
                     check=check_line(m.finding.status), local=not web)


def address_of(url: str) -> str:
    """`url` as a notice may show it: a file on the creator's disk becomes the placeholder to replace, naming only
    the file (which copy it is), not the folders it is in."""
    if not is_local(url):
        return url
    name = unquote(urlsplit(url).path).rstrip("/").rsplit("/", 1)[-1]
    return PUT_ADDRESS[:-1] + f" — CreatorWatch found it as the file “{name}” on your computer]"


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
