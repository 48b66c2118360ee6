"""A DMCA notice draft, filled from the creator's details: every element 17 U.S.C. §512(c)(3)(A) requires,
with anything still missing marked [FILL IN …], left for the creator to check and sign. A draft, not advice."""

from __future__ import annotations

from datetime import UTC, datetime

from creatorwatch.core.evidence.gather import MatchEvidence
from creatorwatch.core.records.notice_details import NoticeDetails

GOOD_FAITH = (
    "I have a good faith belief that use of the material in the manner complained of is not authorized by "
    "the copyright owner, its agent, or the law."
)
ACCURACY = (
    "The information in this notification is accurate, and under penalty of perjury, I am the owner, or am "
    "authorized to act on behalf of the owner, of an exclusive right that is allegedly infringed."
)


def draft_notice(matches: list[MatchEvidence], details: NoticeDetails, recipient: str = "",
                 today: datetime | None = None) -> str:
    """The notice text. Likeness mentions and voice likenesses (no copied work) are listed apart: a DMCA notice
    covers copies. (A bundle of voice likenesses alone gets likeness.py's report instead, and one of mentions alone
    optout.py's request.)"""
    date = (today or datetime.now(UTC)).strftime("%Y-%m-%d")
    copies = [m for m in matches if m.is_copy]
    lines = [
        "DRAFT — NOTIFICATION OF CLAIMED COPYRIGHT INFRINGEMENT",
        "under the Digital Millennium Copyright Act, 17 U.S.C. § 512(c)(3)",
        "Check every statement, complete anything marked [FILL IN …], and sign before sending.",
        "",
        f"Date: {date}",
        f"To: {recipient or '[FILL IN: the designated copyright agent of the service hosting the material]'}",
        "",
        "Dear Copyright Agent,",
        "",
        "I am writing to notify you of material on your service that infringes copyright I own"
        + (f" or that {details.on_behalf_of} owns and I am authorized to act for." if details.on_behalf_of else "."),
        "",
        "1. The copyrighted work(s) infringed — 17 U.S.C. § 512(c)(3)(A)(ii):",
    ]
    for work in {m.work.id: m.work for m in copies if m.work}.values():
        lines.append(f"   - \"{work.title}\" ({work.kind}, {work.format}); SHA-256 of my file: {work.sha256}")
    if not copies:
        lines.append("   [FILL IN: the work(s) — none of the selected findings is a copy of a work in your library]")
    lines += ["", "2. The infringing material, and where to find it — 17 U.S.C. § 512(c)(3)(A)(iii):"]
    for m in copies:
        captured = f", captured {m.captures[-1].captured_at}" if m.captures else ""
        lines.append(f"   - copy of \"{m.work.title if m.work else ''}\" found {m.finding.found_at}{captured}:")
        lines += [f"       {url}" for url in m.infringing_urls]
    lines += ["   I ask that you remove this material or disable access to it.", ""]
    mentions = [m for m in matches if m.work is None]
    if mentions:
        lines.append("   Not part of this notice (these name me but were not compared with a work of mine):")
        lines += [f"       {m.finding.candidate_url}" for m in mentions]
        lines.append("")
    voices = [m for m in matches if m.work is not None and not m.is_copy]
    if voices:
        lines.append("   Not part of this notice (these sound like my voice but copy no recording of mine; report them")
        lines.append("   to the service as impersonation or misuse of my voice or likeness instead):")
        lines += [f"       {m.finding.candidate_url}" for m in voices]
        lines.append("")
    lines += [
        "3. My contact information — 17 U.S.C. § 512(c)(3)(A)(iv):",
        f"   Name:      {details.name or '[FILL IN: your full legal name]'}",
        f"   Address:   {details.address or '[FILL IN: your postal address]'}",
        f"   Telephone: {details.phone or '[FILL IN: your telephone number]'}",
        f"   Email:     {details.email or '[FILL IN: your email address]'}",
        "",
        "4. Statement of good faith — 17 U.S.C. § 512(c)(3)(A)(v):",
        f"   {GOOD_FAITH}",
        "",
        "5. Statement of accuracy, under penalty of perjury — 17 U.S.C. § 512(c)(3)(A)(vi):",
        f"   {ACCURACY}",
        "",
        "6. Signature — 17 U.S.C. § 512(c)(3)(A)(i):",
        "   Signed (physical or electronic signature): ______________________________",
        f"   Name: {details.name or '[FILL IN]'}        Date: ____________",
        "",
        *evidence_lines(copies),
    ]
    return "\n".join(lines) + "\n"


def evidence_lines(copies: list[MatchEvidence]) -> list[str]:
    """What the evidence bundle made with this notice holds for each copy — only what is really there."""
    if not copies:
        return []
    lines = ["Evidence (in the evidence bundle made with this notice; every file is listed with its SHA-256 hash):"]
    for m in copies:
        title = m.work.title if m.work else "my work"
        held = [f"a comparison of \"{title}\" and the material (report.pdf)"]
        for capture in m.captures:
            kept = next((f for f in capture.files if f.get("role") == "candidate"), None)
            if kept is not None:
                held.append(f"the material as captured {capture.captured_at} ({kept['name']}, "
                            f"SHA-256 {kept['sha256']})")
        if not m.captures:
            held.append("no copy of the material itself (only its address and when it was found)")
        lines.append(f"   - {m.finding.candidate_url}: " + "; ".join(held))
    return lines
