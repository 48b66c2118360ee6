"""A request draft for mentions: a dataset, model card or AI output that names the creator shows no copy, so a bundle
of those alone gets a request to the maintainer or service to remove their works and name and honour an opt-out.
The wording is creatorwatch/resources/letters/optout_request.txt; this module fills it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from creatorwatch.core.evidence.gather import MatchEvidence
from creatorwatch.core.evidence.letter import render, today_of
from creatorwatch.core.records.allowlist import site_of
from creatorwatch.core.records.mention_words import mention_terms
from creatorwatch.core.records.notice_details import NoticeDetails
from creatorwatch.core.records.terms import term_pattern
from creatorwatch.core.wording.words import counted

AROUND = 70  # characters shown either side of the matched words


def wants_optout_request(matches: list[MatchEvidence]) -> bool:
    """True when the findings hold mentions and neither a copy of a work nor a voice likeness: the request, not a
    DMCA notice, is what fits them. A copy keeps the DMCA notice; a voice likeness the likeness report."""
    return (any(_asked_about(m) for m in matches)
            and not any(m.is_copy or m.finding.kind == "voice" for m in matches))


def _asked_about(found: MatchEvidence) -> bool:
    """A mention the request is about: a takedown notice that names the creator is no dataset or model to ask."""
    return found.finding.type == "mention" and found.notice is None


def draft_optout_request(matches: list[MatchEvidence], details: NoticeDetails, recipient: str = "",
                         today: datetime | None = None) -> str:
    """The request text (letters/optout_request.txt): what was found, where, when, and the exact words that name
    the creator there."""
    mentions = [m for m in matches if _asked_about(m)]
    places = {_where(m): [n for n in mentions if _where(n) == _where(m)] for m in mentions}
    owner = details.on_behalf_of
    return render("optout_request.txt", OptOutContext(
        date=today_of(today), recipient=recipient, sender=details,
        me=owner or "me", my="their" if owner else "my",
        works=f"the works and the name of {owner}" if owner else "my works and my name",
        places_counted=counted(len(places), "place"), places=[_place(found) for found in places.values()],
        others=[(_where(m), _other(m)) for m in matches if not _asked_about(m)],
    ))


def _other(found: MatchEvidence) -> str:
    if found.notice is not None:
        return "a takedown notice in the Lumen database that names me: a record of a request sent to a service"
    return "a find about a work no longer in my library"


def _where(found: MatchEvidence) -> str:
    """The page a find was on, for the request to cite (a source may have read it through an API address), else its
    own address."""
    return found.finding.page_url or found.finding.candidate_url


@dataclass(frozen=True)
class Place:
    """One place that names the creator: where, when, the watch terms it names, and their words around them."""

    url: str  # the page that names the creator
    own_url: str  # the address it was read from, when that is not the page ("" when it is)
    site: str
    title: str
    found_at: str
    captured_at: str  # the latest capture; "" when none was kept
    terms: list[str]
    quotes: list[str]  # one quote for terms named together


@dataclass(frozen=True)
class OptOutContext:
    date: str
    recipient: str  # "" leaves [FILL IN: …] for the maintainer's contact
    sender: NoticeDetails
    me: str  # "me", or the owner the sender acts for
    my: str  # "my" or "their"
    works: str  # "my works and my name", or the owner's
    places_counted: str  # "2 places"
    places: list[Place]
    others: list[tuple[str, str]]  # (address, why it is not part of the request) for the bundle's other finds


def _place(mentions: list[MatchEvidence]) -> Place:
    first, f = mentions[0], mentions[0].finding
    terms = list(dict.fromkeys(term for m in mentions for term in mention_terms(m.finding)))
    quotes: list[str] = []
    for term in terms:
        words, quote = _as_written(f.title, first.candidate_text, term)
        if quote and not any(words in q for q in quotes):
            quotes.append(quote)
    url = _where(first)
    return Place(url=url, own_url=f.candidate_url if f.candidate_url != url else "", site=site_of(url) or f.source,
                 title=f.title, found_at=f.found_at,
                 captured_at=first.captures[-1].captured_at if first.captures else "", terms=terms, quotes=quotes)


def _as_written(title: str, text: str, term: str) -> tuple[str, str]:
    """(the words as written, the words around them on one line) where the candidate first names `term`, by the
    monitor's rule (core/records/terms.py: whole words, any case, joined by spaces, "_", "-" or ".", a long name
    also run together). Its description comes first: sources such as Hugging Face begin it with the title, which
    has no words around it."""
    pattern = term_pattern(term)
    for where in (text.removeprefix(title) if title else text, text, title):
        found = pattern.search(where)
        if found is not None:
            break
    else:
        return "", ""
    start, end = max(0, found.start() - AROUND), min(len(where), found.end() + AROUND)
    if start > 0 and (space := re.search(r"\s", where[start:found.start()])):
        start += space.end()  # begin on a whole word
    if end < len(where) and (spaces := list(re.finditer(r"\s", where[found.end():end]))):
        end = found.end() + spaces[-1].start()  # end on a whole word
    quote = ("…" if start > 0 else "") + " ".join(where[start:end].split()) + ("…" if end < len(where) else "")
    return " ".join(found.group().split()), quote
