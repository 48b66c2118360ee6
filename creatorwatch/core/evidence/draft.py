"""Which draft a set of finds gets, for the bundle and for `takedown draft` alike: a DMCA notice for copies of works,
a likeness report for a voice imitated with no work copied, an opt-out request for mentions alone, a note (nothing
to send) for takedown notices in the Lumen database that name the creator, and a notice to the model's provider for
copies a probed AI model made (provider_notice.py)."""

from __future__ import annotations

from creatorwatch.core.evidence.gather import MatchEvidence
from creatorwatch.core.evidence.likeness import draft_likeness_report, wants_likeness_report
from creatorwatch.core.evidence.lumen_note import draft_notice_note, wants_notice_note
from creatorwatch.core.evidence.notice import draft_notice
from creatorwatch.core.evidence.optout import draft_optout_request, wants_optout_request
from creatorwatch.core.evidence.provider_notice import draft_provider_notice, wants_provider_notice
from creatorwatch.core.records.notice_details import NoticeDetails


def draft_to_send(matches: list[MatchEvidence], details: NoticeDetails, recipient: str = "") -> str:
    if wants_likeness_report(matches):
        return draft_likeness_report(matches, details, recipient)
    if wants_provider_notice(matches):
        return draft_provider_notice(matches, details, recipient)
    if wants_notice_note(matches):  # takedown notices that name the creator: nothing to send, a note on them
        return draft_notice_note(matches, details)
    if wants_optout_request(matches):
        return draft_optout_request(matches, details, recipient)
    return draft_notice(matches, details, recipient)
