"""A Lumen notice that names the creator is a public record of a takedown request someone sent to a service, not a
dataset or a model: a bundle of those alone holds a note on what they are and what the creator can do, in place of
an opt-out letter "to the maintainer of the dataset, model or service" (letters/lumen_note.txt)."""

from __future__ import annotations

from dataclasses import dataclass

from creatorwatch.core.evidence.gather import MatchEvidence
from creatorwatch.core.evidence.letter import render
from creatorwatch.core.records.mention_words import mention_terms
from creatorwatch.core.records.notice_details import NoticeDetails
from creatorwatch.core.wording.words import counted

# What the notice says of itself, as Lumen recorded it, in the order a reader wants it
FACTS = (
    ("notice_type", "Kind of notice"),
    ("sender_name", "Sent by"),
    ("principal_name", "On behalf of"),
    ("recipient_name", "Sent to"),
    ("date_sent", "Date sent"),
    ("date_received", "Date received"),
    ("action_taken", "Action taken"),
)


def is_takedown_notice(found: MatchEvidence) -> bool:
    return found.finding.type == "mention" and found.notice is not None


def wants_notice_note(matches: list[MatchEvidence]) -> bool:
    """True when every find is a takedown notice that names the creator: nothing to send, a note fits them."""
    return bool(matches) and all(is_takedown_notice(m) for m in matches)


@dataclass(frozen=True)
class NoticeFound:
    url: str
    facts: list[tuple[str, str]]
    found_at: str
    terms: list[str]


@dataclass(frozen=True)
class NoteContext:
    counted: str  # "1 takedown notice"
    whom: str  # "you or your works", or the person the creator acts for
    notices: list[NoticeFound]


def draft_notice_note(matches: list[MatchEvidence], details: NoticeDetails) -> str:
    by_url: dict[str, list[MatchEvidence]] = {}
    for m in matches:
        by_url.setdefault(m.finding.candidate_url, []).append(m)
    notices = [_notice(url, found) for url, found in by_url.items()]
    owner = details.on_behalf_of
    return render(
        "lumen_note.txt",
        NoteContext(
            counted=counted(len(notices), "takedown notice"),
            whom=f"{owner} or their works" if owner else "you or your works",
            notices=notices,
        ),
    )


def _notice(url: str, found: list[MatchEvidence]) -> NoticeFound:
    notice = found[0].notice or {}
    facts = [(label, str(notice[key])) for key, label in FACTS if notice.get(key) not in (None, "", [])]
    terms = list(dict.fromkeys(term for m in found for term in mention_terms(m.finding)))
    return NoticeFound(url, facts, found[0].finding.found_at, terms)
