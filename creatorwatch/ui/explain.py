"""A find explained in plain words: what was found, where, when, and why the score is what it is."""

from __future__ import annotations

from html import escape
from typing import Any
from urllib.parse import urlsplit

from creatorwatch.core.evidence.candidate_provenance import PROOF
from creatorwatch.core.evidence.picture_size import box_share
from creatorwatch.core.fingerprint.image_method import BESIDE, IN_HUE, IN_PAGE, OWN_PART
from creatorwatch.core.records.allowlist import site_of
from creatorwatch.core.records.findings import Finding
from creatorwatch.core.records.found_where import found_where, in_a_folder
from creatorwatch.core.records.mention_words import mention_terms, site_in_crawl
from creatorwatch.core.voice.lines import line_answered, shown
from creatorwatch.core.voice.store import DEFAULT_NAME
from creatorwatch.core.wording.audio_match import audio_figures
from creatorwatch.core.wording.picture_changes import picture_changes
from creatorwatch.core.wording.times import clock, local_date_time
from creatorwatch.core.wording.words import counted
from creatorwatch.ui.long_words import shortened


def whose_voice(finding: Finding) -> str:
    """The enrolled voice a voice match heard, as the creator would say it: "your voice" or "the voice “Ada”"."""
    name = finding.evidence.get("voice") or DEFAULT_NAME
    return "your voice" if name == DEFAULT_NAME else f"the voice “{name}”"


def _voice_likeness(finding: Finding, site: str, score: int) -> str:
    """A voice match says who is speaking, not what: the words may be new, so no stretch of a work is claimed."""
    e, voice = finding.evidence, whose_voice(finding)
    text = (f"A recording {site} sounds like {voice}. This is a likeness of the voice, not a copy of one of your "
            f"recordings: the words may be ones you never said.")
    stretch = e.get("stretch")
    if isinstance(stretch, dict):  # only part of it is the voice: the rest may be music or someone else
        text += (f" Of its {float(e.get('speech_seconds', 0)):.0f} s of speech, the stretch from "
                 f"{clock(float(stretch['start']))} to {clock(float(stretch['end']))} was compared with {voice} on "
                 f"its own: similarity {float(e.get('similarity', 0)):.2f} (from "
                 f"{shown(line_answered(e))} up, a stretch sounds like {voice}).")
    elif e.get("speech_seconds"):
        text += (f" {float(e['speech_seconds']):.0f} s of its speech were compared with {voice}: "
                 f"similarity {float(e.get('similarity', 0)):.2f} (from {shown(line_answered(e))} up, it "
                 f"sounds like {voice}).")
    starts = sorted(float(s["start"]) for s in e.get("segments", []) if "start" in s)
    if starts:
        text += (f" It sounds most like {voice} in the {'stretch' if len(starts) == 1 else 'stretches'} starting "
                 f"at {_listed([clock(t) for t in starts])} (marked below).")
    return text + f" Score {score}%."


def _model_probe(finding: Finding, subject: str, site: str, score: int) -> str:
    """A model asked directly: what it was asked, and how much of the work its answer gave back."""
    e, model = finding.evidence, finding.evidence.get("model") or "A model"
    if finding.kind == "image":
        return (f"Model generated a copy of your picture: {model} at {site}, asked for “{e.get('prompt', '')}”, "
                f"drew a picture {score}% alike to “{subject}”. The outlined areas correspond.")
    asked = "to quote the opening of" if e.get("probe") == "recall" else "to continue a passage of"
    tries = f" It did so in {e['reproduced_in']} of {e['tries']} tries." if e.get("tries") else ""
    return (f"Model reproduced your text: {model} at {site}, asked {asked} “{subject}”, answered with "
            f"{e.get('verbatim_words', 0)} of your words in a row ({e.get('matched_words', 0)} in runs of four or "
            f"more; highlighted).{tries} Score {score}%.")


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def why(finding: Finding, subject: str) -> str:
    """The sentence that says why this is a find; with the proof its own Content Credentials give, when they name
    the work as an ingredient."""
    ingredient = finding.evidence.get("ingredient") if finding.type == "match" else None
    if not isinstance(ingredient, dict):
        return _why(finding, subject)
    site = found_where(finding.candidate_url, finding.source)
    proof = (f"Its Content Credentials name “{subject}” as an ingredient it was made from"
             f"{' (“' + str(ingredient['title']) + '”)' if ingredient.get('title') else ''}: the same file, by its "
             f"SHA-256 — proof it was made from your work.")
    if finding.evidence.get("found_by") == PROOF:
        return f"A file {site} was made from “{subject}”. {proof}"
    return f"{_why(finding, subject)} {proof}"


def _why(finding: Finding, subject: str) -> str:
    e: dict[str, Any] = finding.evidence
    site = found_where(finding.candidate_url, finding.source)
    score = round(finding.score * 100)
    if finding.type == "mention":
        crawl = site_in_crawl(finding)
        if crawl is not None:  # the watch term only matched the site's address: the site is what was found
            return f"Your site {crawl[0]} is in {crawl[1]}, raw material of many AI training sets."
        page = "A file" if in_a_folder(finding.candidate_url) else "A page"
        named = len(mention_terms(finding))
        return f"{page} {site} names {subject}, {'one of your watch terms' if named < 2 else 'your watch terms'}."
    if finding.kind == "voice":
        return _voice_likeness(finding, site, score)
    if e.get("found_by") in ("model probe", "image probe"):
        return _model_probe(finding, subject, site_of(finding.candidate_url) or finding.source, score)
    if finding.kind == "image":
        changes = picture_changes(e.get("transform", {}) or {})
        how = f" It was {' and '.join(changes)}." if changes else ""
        method = f" Compared by {_plain_method(str(e['method']))}." if e.get("method") else ""
        return f"A picture {site} is {score}% alike to “{subject}”.{how}{method} The outlined areas correspond."
    if finding.kind == "audio":
        said = audio_figures(e)  # the report's figures, rounded alike
        text = (f"A recording {site} carries {counted(said.matched_seconds, 'second')} of “{subject}”: "
                f"their {said.candidate_at} lines up with your {said.work_at}.")
        if abs(said.speed - 1) > 0.005:
            bound = f" or {'faster' if said.speed > 1 else 'slower'}" if said.at_least else ""
            text += f" It plays at {said.speed:.2f}× speed{bound}."
        if semitones := said.semitones:  # whole steps, or a resample's
            size = abs(semitones)
            amount = counted(int(size), "semitone") if size.is_integer() else f"{size} semitones"
            bound = "at least " if said.pitch_at_least() else ""
            text += f" It sounds {bound}about {amount} {'higher' if semitones > 0 else 'lower'}."
        return text + f" Score {score}%."
    if finding.kind == "text":
        passages = e.get("passages", [])
        words = sum(int(p.get("matched_words", 0)) for p in passages)
        return (f"A text {site} repeats {words} words of “{subject}” in {len(passages)} "
                f"{'passage' if len(passages) == 1 else 'passages'} (highlighted). Score {score}%.")
    return f"Something {site} matches “{subject}” ({score}%)."


_METHODS = {  # the start of each picture method as the engine records it, and how the window says it
    "whole-picture hash": "its overall look (a fingerprint of the whole picture that survives resizing and "
                          "recolouring)",
    "local features": "matching details that line up under one consistent move (a crop, a change of size, a turn)",
    "whole picture (thumbnail)": "its whole look in miniature (a smooth picture has few details to compare)",
    "layout": "its layout: a small version slid over your work's (a part too small or smooth for details)",
}


_ALSO = {  # what the engine adds to a method, and how the window says it
    IN_PAGE: "of the picture found inside the page",
    IN_HUE: "by its colours, since its brightness is all but even",
    BESIDE: "of the part of the picture beside another of your works",
    OWN_PART: "looked at again on its own part of the picture, beside another of your works",
}


def _plain_method(method: str) -> str:
    """How a picture was compared, in words a creator reads without a glossary; the evidence keeps the
    technical name (the report's methods paragraph explains it)."""
    plain = next((plain for start, plain in _METHODS.items() if method.startswith(start)), method)
    return ", ".join([plain, *(said for added, said in _ALSO.items() if added in method and plain != method)])


THING = {"image": "picture", "audio": "recording", "voice": "recording", "text": "text"}  # what a find's file is
FRACTIONS = ((1 / 4, "a quarter of"), (1 / 3, "a third of"), (1 / 2, "half"), (2 / 3, "two thirds of"),
             (3 / 4, "three quarters of"), (2.0, "twice"), (3.0, "three times"))


def page_apart(finding: Finding) -> str | None:
    """The page a find was on, when that is not its own address (a picture's page): the creator wants to see
    where it was posted, and a takedown names the page."""
    return finding.page_url if finding.page_url and finding.page_url != finding.candidate_url else None


def site_and_path(url: str) -> str:
    """An address as a person reads it, its site and path ("gallery.example/posts/harbour"), long ones cut in
    the middle."""
    try:
        parts = urlsplit(url)
    except ValueError:  # a malformed address a server sent, kept by an older version: shown as it is
        return shortened(url)
    text = (parts.netloc + parts.path).rstrip("/") + (f"?{parts.query}" if parts.query else "")
    return shortened(text or url)


def link(url: str, text: str) -> str:
    """A link that shows `text` and, on hovering, the whole address it opens."""
    return f"<a href='{escape(url)}' title='{escape(url)}'>{escape(text)}</a>"


def thing(finding: Finding) -> str:
    """What the find's own file is, in a button or a link: "picture", "recording", "text"."""
    return THING.get(finding.kind or "", "file")


def size_sentence(size: float, work_box: object = None) -> str:
    """How large the copy shows the picture, in pixels of the two files (evidence.picture_size's figure), said as a
    creator would: "at about half its size", "at its own size", "at about 1.6 times its size"."""
    part = "your picture" if box_share(work_box) > 0.98 else "the outlined part of your picture"
    if abs(size - 1) <= 0.05:
        return f"The copy shows {part} at its own size."
    named = next((words for share, words in FRACTIONS if abs(size / share - 1) <= 0.06), None)
    if named:
        return f"The copy shows {part} at about {named} its size."
    if size < 1:
        percent = round(size * 20) * 5 if size >= 0.1 else max(1, round(size * 100))
        return f"The copy shows {part} at about {percent} % of its size."
    return f"The copy shows {part} at about {size:.1f} times its size."


def explanation_html(finding: Finding, subject: str) -> str:
    """Long names and addresses cut short (the link still goes to the whole address): one word of 240 letters
    made the dialog wider than the screen. A find on a page names the page first, its own address beneath."""
    address = link(finding.candidate_url, shortened(finding.candidate_url, 100))
    page = page_apart(finding)
    where = (f"On the page: {link(page, site_and_path(page))}<br>The {thing(finding)} itself: {address}" if page
             else f"Address: {address}")
    return (f"<p style='font-size:110%'>{escape(shortened(why(finding, subject)))}</p>"
            f"<p>Found by <b>{escape(shortened(finding.source))}</b> on {escape(local_date_time(finding.found_at))}."
            f"<br>{where}</p>")
