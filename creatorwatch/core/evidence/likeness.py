"""A report draft for voice likenesses: a voice that sounds like the creator copies none of their recordings, so a
bundle of those alone gets an impersonation / synthetic-media report to send the service, not a DMCA notice."""

from __future__ import annotations

import textwrap
from datetime import datetime

from creatorwatch.core.evidence.gather import MatchEvidence
from creatorwatch.core.evidence.letter import WIDTH, closing, indented, opening
from creatorwatch.core.records.allowlist import site_of
from creatorwatch.core.records.notice_details import NoticeDetails
from creatorwatch.core.voice.store import DEFAULT_NAME
from creatorwatch.core.wording.times import clock_tenths
from creatorwatch.core.wording.times import utc_minute as when
from creatorwatch.core.wording.words import counted

BEFORE_SENDING = [
    "Before you send it",
    "- This is not a copyright (DMCA) notice. A voice that sounds like yours copies none of your recordings, and a",
    "  copyright notice covers copies. Services deal with this as impersonation, or as synthetic (AI-made) media",
    "  that imitates a real person.",
    "- Where to send it: the service's own report form for impersonation, or for synthetic or manipulated media.",
    "  It is usually behind \"Report\" next to the recording, or in the service's help pages under impersonation,",
    "  privacy or AI-generated content.",
    "- The law differs from place to place. Rights over your own voice and likeness (right of publicity,",
    "  personality rights, privacy, and newer laws on AI imitations of real people) are not the same from one",
    "  country, or one US state, to the next. This draft does not say which law applies to you and is not legal",
    "  advice; a lawyer where you live can tell you.",
]
REQUEST = (
    "I am reporting {count} on your service that {imitate} {whose}, made without permission. The words may be "
    "ones {who} never said, but the voice is presented as {owner}. I ask you to review {it} under your rules on "
    "impersonation and on synthetic or manipulated media, and to remove {it} or disable access to {it}."
)
HOW_FOUND = (
    "CreatorWatch, a monitoring tool, compared the speech in each recording with recordings of {whose}, using a "
    "speaker-recognition model that captures how a voice sounds, not the words said. It reports a voice only above "
    "a line at which, in its tests, at most 1 in 100 recordings of other speakers were wrongly reported as the same "
    "voice. A find above that line is evidence that {whose} was imitated, not proof on its own."
)
COMPARE = "For comparison, {whose} can be heard in {these}, which I can send on request: {titles}."


def wants_likeness_report(matches: list[MatchEvidence]) -> bool:
    """True when the findings hold voice likenesses and no copy of a work: the report, not a DMCA notice, is what
    fits them. Any copy keeps the DMCA notice (which lists voice likenesses apart)."""
    return not any(m.is_copy for m in matches) and any(_is_voice(m) for m in matches)


def draft_likeness_report(matches: list[MatchEvidence], details: NoticeDetails, recipient: str = "",
                          today: datetime | None = None) -> str:
    """The report text: what was found, where, when, how sure, and the seconds that sound like the creator."""
    voices = [m for m in matches if _is_voice(m)]
    whose = f"the voice of {details.on_behalf_of}" if details.on_behalf_of else "my voice"
    one = len(voices) == 1
    request = REQUEST.format(count=counted(len(voices), "recording"), imitate="imitates" if one else "imitate",
                             whose=whose, who="they" if details.on_behalf_of else "I",
                             owner="theirs" if details.on_behalf_of else "mine",
                             it="it" if one else "them")
    lines = [
        *opening(f"DRAFT — REPORT OF AN IMITATION OF {whose.upper()} (impersonation / synthetic media)",
                 BEFORE_SENDING, "report",
                 recipient or "[FILL IN: the service’s report form or contact for impersonation or synthetic media]",
                 today),
        *textwrap.wrap(request, WIDTH),
        "",
        "1. What was found, and where:",
    ]
    for number, m in enumerate(voices, 1):
        lines += _found(number, m, whose)
    lines += ["2. How it was found:", *indented(HOW_FOUND.format(whose=whose)), ""]
    titles = list(dict.fromkeys(f"\"{m.work.title}\"" for m in voices if m.work is not None))
    if titles:
        these = "this recording" if len(titles) == 1 else "these recordings"
        lines += [*indented(COMPARE.format(whose=whose, these=these, titles=", ".join(titles))), ""]
    others = [m for m in matches if not _is_voice(m)]
    if others:
        lines.append("   Not part of this report (other finds in the same evidence bundle):")
        lines += [f"       {m.finding.candidate_url} — {_other(m)}" for m in others]
        lines.append("")
    lines += closing(details, f"{whose[0].upper() + whose[1:]} was used here without permission. To the best of my "
                     "knowledge the information in this report is accurate.",
                     "captured copies, SHA-256 hashes and capture times")
    return "\n".join(lines) + "\n"


def _is_voice(m: MatchEvidence) -> bool:
    return m.finding.type == "match" and m.finding.kind == "voice"


def _found(number: int, m: MatchEvidence, whose: str) -> list[str]:
    """One recording: where, when, how sure, and which seconds sound most like the creator."""
    f, e = m.finding, m.finding.evidence
    name = str(e.get("voice") or DEFAULT_NAME)
    heard = whose if name == DEFAULT_NAME else f"{whose} (\"{name}\")"
    lines = [f"   Recording {number}: {f.candidate_url}"]
    if f.media_url and f.media_url != f.candidate_url:
        lines.append(f"      The recording itself: {f.media_url}")
    lines.append(f"      On: {site_of(f.candidate_url) or f.source}" + (f", titled \"{f.title}\"" if f.title else ""))
    captured = f"; a copy was captured {when(m.captures[-1].captured_at)}" if m.captures else ""
    lines.append(f"      Found: {when(f.found_at)}{captured}")
    sure = f"      How sure: it sounds like {heard}, score {round(f.score * 100)}%"
    if "similarity" in e:
        over = f", over {float(e['speech_seconds']):.0f} s of its speech" if e.get("speech_seconds") else ""
        sure += f" (voice similarity {float(e['similarity']):.2f} of 1{over})"
    lines.append(sure)
    stretches = sorted((s for s in e.get("segments", []) if "start" in s and "end" in s), key=lambda s: s["start"])
    if stretches:
        lines.append(f"      The seconds that sound most like {whose}:")
        lines += [f"        {clock_tenths(float(s['start']))} to {clock_tenths(float(s['end']))}"
                  + (f" (similarity {float(s['similarity']):.2f})" if "similarity" in s else "") for s in stretches]
    return [*lines, ""]


def _other(m: MatchEvidence) -> str:
    if m.finding.type == "mention":
        return "it names me; it was not compared with my voice"
    return "a find about a work no longer in my library"
