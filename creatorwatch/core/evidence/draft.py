"""Which draft a set of finds gets, for the bundle and for `takedown draft` alike: a DMCA notice for copies of works,
a likeness report for a voice imitated with no work copied."""

from __future__ import annotations

from creatorwatch.core.evidence.gather import MatchEvidence
from creatorwatch.core.evidence.likeness import draft_likeness_report, wants_likeness_report
from creatorwatch.core.evidence.notice import NoticeDetails, draft_notice


def draft_to_send(matches: list[MatchEvidence], details: NoticeDetails, recipient: str = "") -> str:
    drafter = draft_likeness_report if wants_likeness_report(matches) else draft_notice
    return drafter(matches, details, recipient)
