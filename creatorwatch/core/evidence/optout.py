"""A request draft for mentions: a dataset, model card or AI output that names the creator shows no copy, so a bundle
of those alone gets a request to the maintainer or service to remove their works and name and honour an opt-out."""

from __future__ import annotations

import re
import textwrap
from datetime import datetime

from creatorwatch.core.evidence.gather import MatchEvidence
from creatorwatch.core.evidence.letter import WIDTH, closing, indented, opening
from creatorwatch.core.records.allowlist import site_of
from creatorwatch.core.records.notice_details import NoticeDetails
from creatorwatch.core.records.terms import term_pattern
from creatorwatch.core.wording.times import utc_minute as when
from creatorwatch.core.wording.words import counted

AROUND = 70  # characters shown either side of the matched words
BEFORE_SENDING = [
    "This is not a copyright (DMCA) notice. These finds name you, your works or your characters; none was compared "
    "with a work of yours, so none shows a copy, and a copyright notice covers copies. This asks the people who run "
    "the dataset, model or service to take your works and your name out of their training data and outputs, and "
    "to respect your opt-out from now on.",
    "Where to send it: the contact, or the removal or opt-out form, that the dataset or model names on its page "
    "(its card or README). If it names none: its discussion or issue page, or the service's own form for removing "
    "content or personal data, usually in its help pages under \"Report\", \"Privacy\" or \"Contact\". Where a "
    "dataset runs its own opt-out process, use it as well, and keep a copy of everything you send.",
    "The law differs from place to place. Whether they must do what you ask depends on where you and they are: "
    "data-protection and privacy laws (some give a right to have personal data about you erased, or to object to "
    "its use), copyright and its exceptions for text and data mining, and personality rights are not the same from "
    "one country, or one US state, to the next. This draft asks; it does not say which law applies to you and is "
    "not legal advice. A lawyer, or the data-protection authority where you live, can tell you.",
]
REQUEST = (
    "I am writing about {count} in your data or on your service that {name} {them} or {their} works. I ask you to:"
)
ASKS = [
    "remove {works} from the training data you hold or publish, and from every new version of it;",
    "stop using them to train or fine-tune models, and stop your models or service making outputs that use {their} "
    "name to imitate {their} work (for example, asked for \"in the style of\" {them});",
    "record {their} opt-out, so that {works} are left out of any future collection and training;",
    "confirm in writing what you have done.",
]
HOW_FOUND = (
    "CreatorWatch, a monitoring tool, read the title and description each place gives (a dataset or model card, a "
    "listing, the prompt or caption of an AI output) and looked there, as whole words, for {their} names, the "
    "titles of {their} works and {their} characters. A find shows that these words appear there. It was not "
    "compared with the works themselves, so on its own it does not show which of them were used: I ask you to "
    "check your data for them."
)
TO_WHOM = "[FILL IN: the maintainer’s contact, or the removal / opt-out form of the dataset, model or service]"
STATEMENT = (
    "{who} not given permission for {their} works or name to be used to train AI models or to make outputs in {their} "
    "name. To the best of my knowledge the information in this request is accurate."
)
WORKS_LINE = ("So that you can find them in your data, {their} works include: [FILL IN: the titles of the works and "
              "where they are published (website, portfolio, shop)]")


def wants_optout_request(matches: list[MatchEvidence]) -> bool:
    """True when the findings hold mentions and neither a copy of a work nor a voice likeness: the request, not a
    DMCA notice, is what fits them. A copy keeps the DMCA notice; a voice likeness the likeness report."""
    return (any(m.finding.type == "mention" for m in matches)
            and not any(m.is_copy or m.finding.kind == "voice" for m in matches))


def draft_optout_request(matches: list[MatchEvidence], details: NoticeDetails, recipient: str = "",
                         today: datetime | None = None) -> str:
    """The request text: what was found, where, when, and the exact words that name the creator there."""
    mentions = [m for m in matches if m.finding.type == "mention"]
    places = {m.finding.candidate_url: [n for n in mentions if n.finding.candidate_url == m.finding.candidate_url]
              for m in mentions}
    owner = details.on_behalf_of
    words = {"them": owner or "me", "their": "their" if owner else "my",
             "works": f"the works and the name of {owner}" if owner else "my works and my name"}
    one = len(places) == 1
    request = REQUEST.format(count=counted(len(places), "place"), name="names" if one else "name", **words)
    notes = ["Before you send it"]
    for point in BEFORE_SENDING:
        notes += textwrap.wrap(point, WIDTH, initial_indent="- ", subsequent_indent="  ")
    lines = [
        *opening(f"DRAFT — REQUEST TO REMOVE {words['works'].upper()} FROM AI TRAINING DATA AND OUTPUTS (opt-out)",
                 notes, "request", recipient or TO_WHOM, today),
        *textwrap.wrap(request, WIDTH),
        *(line for number, ask in enumerate(ASKS, 1)
          for line in textwrap.wrap(ask.format(**words), WIDTH, initial_indent=f"   {number}) ",
                                    subsequent_indent="      ")),
        "",
        "1. What was found, and where:",
    ]
    for number, found in enumerate(places.values(), 1):
        lines += _found(number, found)
    lines += ["2. How it was found:", *indented(HOW_FOUND.format(**words)), "",
              *indented(WORKS_LINE.format(**words)), ""]
    others = [m for m in matches if m.finding.type != "mention"]
    if others:
        lines.append("   Not part of this request (other finds in the same evidence bundle):")
        lines += [f"       {m.finding.candidate_url} — a find about a work no longer in my library" for m in others]
        lines.append("")
    lines += closing(details, STATEMENT.format(who=f"{owner} has" if owner else "I have", their=words["their"]),
                     "what was found, where and when, with SHA-256 hashes")
    return "\n".join(lines) + "\n"


def _found(number: int, mentions: list[MatchEvidence]) -> list[str]:
    """One place: where, when, the watch terms it names, and where they stand in its words (one quote for terms
    named together)."""
    first, f = mentions[0], mentions[0].finding
    terms = list(dict.fromkeys(m.finding.term for m in mentions if m.finding.term))
    captured = f"; a copy was captured {when(first.captures[-1].captured_at)}" if first.captures else ""
    lines = [f"   Place {number}: {f.candidate_url}",
             f"      On: {site_of(f.candidate_url) or f.source}" + (f", titled \"{f.title}\"" if f.title else ""),
             f"      Found: {when(f.found_at)}{captured}",
             "      The words matched: " + ", ".join(f"\"{t}\"" for t in terms)]
    quotes: list[str] = []
    for term in terms:
        words, quote = _as_written(f.title, first.candidate_text, term)
        if quote and not any(words in q for q in quotes):
            quotes.append(quote)
    for quote in quotes:
        lines += textwrap.wrap(f"As written there: \"{quote}\"", WIDTH, initial_indent="      ",
                               subsequent_indent="        ")
    return [*lines, ""]


def _as_written(title: str, text: str, term: str) -> tuple[str, str]:
    """(the words as written, the words around them on one line) where the candidate first names `term`, by the
    monitor's rule (whole words, any case, joined by spaces, "_" or "-"). Its description comes first: sources
    such as Hugging Face begin it with the title, which has no words around it."""
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
