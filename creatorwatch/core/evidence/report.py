"""The human-readable part of a bundle: for each match the work and the candidate side by side, the score and
the method in plain words, where and when the candidate was captured, and the timeline. report.html is this;
report.pdf (pdf.py) draws the same content."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

from creatorwatch import __version__
from creatorwatch.core.evidence.gather import MatchEvidence
from creatorwatch.core.evidence.manifest import FileEntry
from creatorwatch.core.evidence.picture_size import box_share, is_box, shown_size
from creatorwatch.core.evidence.probe_exchange import SHOWN_APART, ProbeExchange, exchange_html, is_probe
from creatorwatch.core.library.sniff import kind_and_format
from creatorwatch.core.net.guard import is_web_address
from creatorwatch.core.records.findings import Finding
from creatorwatch.core.records.mention_words import mention_terms
from creatorwatch.core.voice.score import SIMILARITY_AT_THRESHOLD
from creatorwatch.core.voice.short_speech import SHORT_SIMILARITY_AT_THRESHOLD
from creatorwatch.core.voice.stretches import STRETCH_SECONDS, STRETCH_SIMILARITY_AT_THRESHOLD
from creatorwatch.core.wording.audio_match import audio_figures
from creatorwatch.core.wording.picture_changes import picture_changes

DISCLAIMER = (
    "This evidence bundle records what CreatorWatch found and captured, and when. Every file in it is listed "
    "with its SHA-256 hash in manifest.json; `creatorwatch verify` shows whether anything changed since. It is "
    "a record of facts to support a takedown request or legal advice, not a legal opinion."
)

METHODS = {
    "image": (
        "Both pictures were reduced to a perceptual fingerprint of their overall shapes (PDQ), which survives "
        "resizing, re-compression, colour changes and small edits. Where it could, CreatorWatch then matched "
        "distinctive local details of the two pictures under one consistent geometric transform, which "
        "survives cropping, rotation and mirroring. A part of a picture too small or too smooth to have such "
        "details was compared by its layout: its thumbnail against every place of that size in the work's, "
        "counting only a near-perfect likeness of their shapes (such a match never scores above 0.7). A "
        "picture whose brightness is all but even, its design carried by colour, was also compared by its "
        "colours, projected on the axis they spread along, and a layout alone counts there only where the "
        "colours agree too. The outlined regions are the parts found in both."
    ),
    "audio": (
        "Both recordings were turned into landmarks: pairs of peaks in their spectrograms. The landmarks were "
        "compared at every alignment, allowing for changed speed and pitch; many landmarks agreeing at one "
        "consistent offset means the same recording is heard. The shaded stretches are the aligned parts."
    ),
    "text": (
        "Both texts were normalised (letter case, punctuation, spacing) and cut into overlapping runs of "
        "words. Runs found in both texts, in the same order, mark copied passages; the highlighted passages "
        "are where they were found."
    ),
    "voice": (
        "Your enrolled recordings and the candidate's speech were each turned into voice prints by a "
        "speaker-recognition network (GE2E, through Resemblyzer), which captures how a voice sounds, not what it "
        "says. Prints are compared with what every voice shares taken away (an average voice), so the "
        f"similarity counts what is the speaker's own: from {SIMILARITY_AT_THRESHOLD:.2f} up, the candidate "
        f"sounds like the same speaker. A longer recording is also compared in stretches of about "
        f"{STRETCH_SECONDS:.0f} s, since the voice may be only part of it (a stretch from "
        f"{STRETCH_SIMILARITY_AT_THRESHOLD:.3f} up), and a few seconds of speech is compared whole against a "
        f"line of its own (from {SHORT_SIMILARITY_AT_THRESHOLD:.3f} up). It does not mean one of your recordings "
        "was copied. "
        "The listed stretches of the candidate are those that sound most like you."
    ),
    "mention": (
        "The candidate names one of your watch terms: in its title, caption, prompt, description or its own "
        "text. This is a mention of a name, not a comparison with a work of yours."
    ),
}
REMOVED_WORK = "removed from your library since this find (add it to CreatorWatch again to name it here)"
SCORE_WORDS = (
    "The score says how sure the match is, from 0 (nothing in common) to 1 (certainly content of your work); it is "
    "not how much of your work was taken: the share of your picture, the seconds or the copied words below say "
    "that. CreatorWatch only reports matches above its alert line for each kind of work, which is set so that "
    "unrelated works very rarely reach it."
)


@dataclass(frozen=True)
class Figure:
    """A picture stored in the bundle at `path` and shown by the report."""

    path: str
    data: bytes
    caption: str


@dataclass(frozen=True)
class Excerpt:
    before: str
    marked: str
    after: str


@dataclass(frozen=True)
class Passage:
    """One copied passage in both versions, as runs of (text, differs); `work` is None when the work is private."""

    score: float
    words: int
    work: list[tuple[str, bool]] | None
    candidate: list[tuple[str, bool]]


@dataclass(frozen=True)
class ReportMatch:
    evidence: MatchEvidence
    work_figure: Figure | None = None
    candidate_figure: Figure | None = None
    work_excerpt: Excerpt | None = None
    candidate_excerpt: Excerpt | None = None
    files: list[FileEntry] = field(default_factory=list)  # this match's files in the bundle
    passages: list[Passage] = field(default_factory=list)  # text matches: the copied passages, both versions
    probe: ProbeExchange | None = None  # a model's answer to a probe: the prompt, its words and the original

    @property
    def shows_candidate(self) -> bool:
        return self.candidate_figure is not None or self.candidate_excerpt is not None or bool(self.passages)

    @property
    def shows_anything(self) -> bool:
        """False for e.g. a mention of a name: no work and nothing kept, so no empty side-by-side heading."""
        return self.shows_candidate or self.work_figure is not None or self.work_excerpt is not None


@dataclass(frozen=True)
class Report:
    created_at: str
    matches: list[ReportMatch]
    work_included: str  # "original" | "hash-and-preview"
    notice_copy: str = ""  # the name of the editable copy of the notice export saves beside the bundle
    bundle_names: dict[str, str] = field(default_factory=dict)  # an earlier bundle's SHA-256 → its name now
    bundle_name: str = ""  # this bundle's file name

    @property
    def notice_words(self) -> str:
        """How to fill in the notice without spoiling the bundle (a changed notice.txt fails `verify`)."""
        beside = f" export saved one beside this bundle as “{self.notice_copy}”," if self.notice_copy else ""
        return ("The draft notice (notice.txt) is part of this evidence and must stay as it is inside the bundle: "
                "any change to it makes “creatorwatch verify” report the bundle as changed. To complete and sign it, "
                f"use a copy:{beside} or copy notice.txt out of the bundle first.")

    @property
    def title(self) -> str:
        titles = list(dict.fromkeys(_work_title(m.evidence) for m in self.matches))
        return "Evidence bundle: " + "; ".join(titles[:3]) + (" …" if len(titles) > 3 else "")


def summary_rows(m: MatchEvidence) -> list[tuple[str, str]]:
    """The facts of one match, label and value, as both the HTML and the PDF show them."""
    f, work = m.finding, m.work
    rows = [("Match", f"#{f.id} ({_match_label(m)})")]
    if work is not None and not m.is_copy:
        rows += [("Sounds like", str(f.evidence.get("voice", "your voice"))),
                 ("Closest of your recordings", f"{work.title} (#{work.id})")]
    elif work is not None:
        rows += [("Your work", f"{work.title} (#{work.id}, {kind_and_format(work.kind, work.format)})"),
                 ("Work SHA-256", work.sha256), ("Work file", work.path.replace("\\", "/").rsplit("/", 1)[-1]),
                 ("In your library since", work.added_at)]
    elif f.term:
        named = mention_terms(f)
        rows.append(("Watch term named" if len(named) < 2 else "Watch terms named", ", ".join(named)))
    else:
        rows.append(("Your work", REMOVED_WORK))
    rows += [("Found at (URL)", f.candidate_url)]
    if f.page_url and f.page_url != f.candidate_url:
        rows.append(("On the page (URL)", f.page_url))
    if f.media_url and f.media_url != f.candidate_url:
        rows.append(("Media file (URL)", f.media_url))
    rows += [("Title there", f.title or "(none)"), ("Source", f.source), ("Found", f.found_at),
             ("Score", f"{f.score:.2f} of 1"), ("Your review", _review(f))]
    return rows


def _review(f: Finding) -> str:
    """The creator's decision, and for a licensed copy that the notice leaves it out (it is kept here as evidence)."""
    said = f.status + (f" ({f.reviewed_at})" if f.reviewed_at else "")
    return said + ("; you marked this use licensed, so the notice leaves it out" if f.status == "licensed" else "")


def capture_rows(m: MatchEvidence) -> list[list[tuple[str, str]]]:
    """For each capture: when, requested and final URL, redirects, status, headers and file hashes."""
    out = []
    for capture in m.captures:
        local = capture.facts.get("file")
        if isinstance(local, dict):  # a file a folder source offered: no HTTP exchange, the file's own facts
            rows = [("Captured (UTC)", capture.captured_at), ("File as found", str(local.get("path", ""))),
                    ("Size", f"{local.get('size', '?')} bytes"),
                    ("Last modified (UTC)", str(local.get("modified", ""))),
                    ("Status changed (UTC)", str(local.get("changed", "")))]
            rows += [(f"SHA-256 {f['name']}", f["sha256"]) for f in capture.files]
            out.append(rows)
            continue
        if "probe" in capture.facts and not capture.facts.get("response"):
            # a model's answer: no web page was fetched, so no HTTP rows (the exchange section shows the call)
            rows = [("Captured (UTC)", capture.captured_at),
                    ("What was kept", str(capture.facts.get("note") or "A model's answer to a probe."))]
            rows += [(f"SHA-256 {f['name']}", f["sha256"]) for f in capture.files]
            out.append(rows)
            continue
        response = capture.facts.get("response") or {}
        rows = [("Captured (UTC)", capture.captured_at), ("Requested URL", str(response.get("requested_url", ""))),
                ("Final URL", str(response.get("final_url", ""))),
                ("Redirects", " → ".join(response.get("redirects") or []) or "none"),
                ("HTTP status", str(response.get("status", ""))),
                ("Content type", str(response.get("content_type", "")))]
        for name, value in response.get("headers", []):
            if name.lower() in ("server", "date", "last-modified", "etag", "content-length", "x-cache"):
                rows.append((f"Header {name}", str(value)))
        rows += [(f"SHA-256 {f['name']}", f["sha256"]) for f in capture.files]
        out.append(rows)
    return out


def evidence_rows(m: MatchEvidence, shown: list[Passage] | None = None) -> list[tuple[str, str]]:
    """The figures of the match in plain words; `shown` are the copied passages the report quotes, whose words
    (counted as a reader counts them) the rows give too, so the two never disagree."""
    words = {"pdq_distance": "Fingerprint distance (0 = identical, of 256)", "method": "Method",
             "transform": "Transform", "inliers": "Matching local details",
             "candidate_offset_s": "Starts in the candidate at", "work_offset_s": "Starts in your work at",
             "matched_seconds": "Seconds that match", "aligned_stretch_s": "Aligned stretch (s)",
             "speed_factor": "Speed factor", "pitch_shift_semitones": "Pitch shift (semitones)",
             "matching_hashes": "Matching landmarks", "matched_words": "Words in copied passages",
             "similarity": f"Voice similarity ({SIMILARITY_AT_THRESHOLD:.2f} sounds like you)",
             "stretch": "The stretch that sounds like you (s)",
             "speech_seconds": "Seconds of speech compared",
             "enrolled_speech_seconds": "Seconds of your speech enrolled", "enrolled_works": "Enrolled works",
             "segments": "Stretches that sound most like you (s)",
             "layout_correlation": "Layout correlation (of 1)", "shape_correlation": "Shape correlation (of 1)",
             "candidate_words": "Words in the candidate", "no_copy": "Copy of the material",
             "longest_run_words": "Longest run copied word for word (words)",
             "candidate_share_copied": "Share of the candidate that is copied (of 1)",
             "matched_area": "Area the matching details themselves span, as a share of your picture (of 1; "
                             "the part the copy shows is outlined)"}
    rows = []
    audio = _audio_values(m)
    for key, value in m.finding.evidence.items():
        if key in SHOWN_APART and is_probe(m):
            continue  # the exchange section shows them side by side
        if key in audio:  # worked out and rounded as the window says them
            rows.append((words[key], audio[key]))
        elif key == "speed_measured_within":
            continue  # the speed's row says whether it is a bound ("1.15 or faster")
        elif key == "passages" and isinstance(value, list):
            rows.append(("Copied passages", _passages_words(value, shown)))
        elif key == "longest_run_words" and shown and isinstance(value, int):
            # the run lies within a quoted passage: no more of a reader's words than the passage's copied ones
            rows.append((words[key], _plain_value(min(value, max(p.words for p in shown)))))
        elif key == "work_box" and m.finding.kind == "image" and is_box(value):
            rows.append(("Share of your picture the copy shows (of 1)", _plain_value(round(box_share(value), 3))))
        elif key == "transform" and m.finding.kind == "image" and isinstance(value, dict):
            changes = ", ".join(picture_changes(value)) or "neither turned nor mirrored"
            rows.append(("How the copy was changed", changes))
            size = shown_size(m)
            if size is not None:
                rows.append(("Size the copy shows your picture at, in pixels (1 = its own size)", _plain_value(size)))
        elif key.endswith("_span") or key.endswith("_box"):
            continue  # positions inside the files: the side-by-side section shows them
        elif key == "pdq_distance" and not _by_whole_picture(m, value):
            continue  # the whole picture's fingerprint did not make this match (its local details did): its
            # distance (256, "as different as can be", when unusable) would contradict the score
        else:
            rows.append((words.get(key, key.replace("_", " ")), _plain_value(value)))
    return rows


def _by_whole_picture(m: MatchEvidence, distance: Any) -> bool:
    """Whether the whole picture's fingerprint (PDQ, or its thumbnail for a smooth picture) made this match, so its
    distance is a figure of the match; not for one made by local details or a layout, nor an unusable hash."""
    method = str(m.finding.evidence.get("method", ""))
    return method.startswith("whole") and isinstance(distance, int | float) and distance < 256


def _audio_values(m: MatchEvidence) -> dict[str, str]:
    """An audio match's seconds, positions, speed and pitch, worked out and rounded as the window's words do
    (audio_match.py)."""
    if m.finding.kind != "audio" or m.finding.type != "match":
        return {}
    said = audio_figures(m.finding.evidence)
    return {"matched_seconds": str(said.matched_seconds), "aligned_stretch_s": f"{said.stretch_seconds:g}",
            "candidate_offset_s": said.candidate_at, "work_offset_s": said.work_at,
            "speed_factor": said.speed_value(), "pitch_shift_semitones": said.pitch_value()}


def _passages_words(found: list[Any], shown: list[Passage] | None = None) -> str:
    """"2 passages: 105 copied words (passage score 0.73); 40 copied words (passage score 0.55)" — never raw data;
    the words as the quoted passages count them, when the report quotes them."""
    counted = [(p.words, p.score) for p in shown] if shown else [
        (int(p.get("matched_words", 0)), float(p.get("score", 0))) for p in found if isinstance(p, dict)]
    parts = [f"{words} copied words (passage score {score:.2f})" for words, score in counted]
    more = len([p for p in found if isinstance(p, dict)]) - len(parts) if shown else 0
    said = "; ".join(parts) + (f"; {more} more not quoted" if more > 0 else "")
    total = len(parts) + max(more, 0)
    return f"{total} {'passage' if total == 1 else 'passages'}: " + said if parts else "none"


def passage_score_words(rm: ReportMatch) -> str:
    """Why the match's score can be above every passage's: it is the highest of several readings of the whole
    find ("Score 0.67" above "Passage 1: … score 0.38" read as a contradiction). "" when it is a passage's."""
    best = max((p.score for p in rm.passages), default=0.0)
    score = rm.evidence.finding.score
    if not rm.passages or score <= best + 0.005:
        return ""
    return (f"Each passage's own score counts its words matched in context. The match's score ({score:.2f}) is the "
            "highest of several readings of the whole find: each passage's own score, the longest run copied word "
            "for word, and the share of the candidate that comes from your work; so it can be higher than any one "
            "passage's.")


def _plain_value(value: Any) -> str:
    """A value as a reader would write it: lists joined with commas, pairs as "name value", numbers rounded."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        value += 0.0  # -0.0 reads as "0", not "-0"
        return f"{value:.3g}" if abs(value) < 1000 else f"{value:.0f}"
    if isinstance(value, dict):
        return "; ".join(f"{str(k).replace('_', ' ')} {_plain_value(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return ", ".join(_plain_value(v) for v in value) or "none"
    return str(value)


def method_text(m: MatchEvidence) -> str:
    kind = "mention" if m.finding.type == "mention" else (m.finding.kind or "")
    return METHODS.get(kind, "The candidate was compared with your work.") + " " + SCORE_WORDS


def timeline_rows(m: MatchEvidence, names: dict[str, str] | None = None,
                  this_bundle: str = "") -> list[tuple[str, str]]:
    """What happened to the match, oldest first. An earlier bundle is named as it is called now (`names`: its
    SHA-256 → its name now): a later export to the same name kept it as "… (earlier 1).zip", and the timeline
    named a file no longer there; one not found is described without a name."""
    def said(detail: dict[str, Any]) -> str:
        return ", ".join(f"{k}: {_plain_value(v)}" for k, v in detail.items()
                         if k != "sha256" and v not in (None, ""))

    rows = []
    for number, e in enumerate(m.history):
        detail = e.detail
        if e.action == "exported" and detail.get("bundle"):
            later = [x for x in m.history[number + 1:] if x.action == "exported"]
            detail = {**detail, "bundle": _bundle_now(detail, names or {}, this_bundle, later)}
        rows.append((e.at, f"{e.action.replace('_', ' ')}" + (f" — {said(detail)}" if said(detail) else "")))
    return rows


def _bundle_now(detail: dict[str, Any], names: dict[str, str], this_bundle: str, later: list[Any]) -> str:
    written = str(detail.get("bundle"))
    now = names.get(str(detail.get("bundle_sha256", "")))
    if now and now != written:
        return f"{now} (saved as {written}; renamed when a newer bundle was saved under that name)"
    if now or (written != this_bundle and not any(x.detail.get("bundle") == written for x in later)):
        return written
    return f"an earlier bundle first saved as {written}, no longer under that name"


def work_words(report: Report) -> str:
    """What the bundle holds of the creator's own works, true for what is in it."""
    if all(rm.evidence.work is None for rm in report.matches):  # mentions, or copies of works since removed
        if all(rm.evidence.finding.type != "match" for rm in report.matches):
            return "No work of yours is in this bundle: its finds name you or your works; none is a copy."
        return ("No work of yours is in this bundle: the work its finds copy was removed from your library, so it "
                "cannot be named or shown here. Add it to CreatorWatch again to name it in a new bundle.")
    if report.work_included == "original":
        left_out = list(dict.fromkeys(
            rm.evidence.work.title for rm in report.matches
            if rm.evidence.work is not None and not any(f.role == "work" for f in rm.files)))
        if not left_out:
            return "Your original work files are included."
        named = ", ".join(f"“{title}”" for title in left_out)
        return (f"Your original work files are included, except {named}: "
                f"{'its file was' if len(left_out) == 1 else 'their files were'} no longer where "
                f"{'it was' if len(left_out) == 1 else 'they were'} added, or had changed since, so only the "
                "SHA-256 recorded when it was added is given.")
    return "For privacy, only the hash and a reduced preview of your works are included."


def render_html(report: Report) -> str:
    """The report as one self-contained HTML page; pictures are referenced by their path in the bundle."""
    e = html.escape
    parts = [f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{e(report.title)}</title>",
             f"<style>{_CSS}</style></head><body>",
             f"<h1>{e(report.title)}</h1>",
             f"<p class='meta'>Made {e(report.created_at)} by CreatorWatch {e(__version__)}. {e(work_words(report))}"
             "</p>",
             f"<p class='note'>{e(DISCLAIMER)}</p>", f"<p class='note'>{e(report.notice_words)}</p>"]
    for rm in report.matches:
        m = rm.evidence
        parts.append(f"<section><h2>Match #{m.id}: {e(_work_title(m))}</h2>")
        parts.append(_table(summary_rows(m)))
        parts.append(side_by_side_html(rm))
        if rm.probe is not None:
            parts.append(exchange_html(rm.probe))
        parts.append(f"<h3>How it was matched</h3><p>{e(method_text(m))}</p>{_table(evidence_rows(m, rm.passages))}")
        captures = capture_rows(m)
        parts.append("<h3>Capture</h3>" + ("".join(_table(rows) for rows in captures) if captures else
                     "<p>No capture of the candidate's content was kept for this match.</p>"))
        parts.append(f"<h3>Timeline (UTC)</h3>{_table(timeline_rows(m, report.bundle_names, report.bundle_name))}")
        if rm.files:
            parts.append("<h3>Files in this bundle for this match</h3>" + _table(
                [(f.path, f"{f.role}, {f.size} bytes, SHA-256 {f.sha256}") for f in rm.files]))
        parts.append("</section>")
    parts.append("</body></html>")
    return "\n".join(parts)


def side_by_side_title(rm: ReportMatch) -> str:
    if rm.shows_candidate:
        return "Side by side: your work (left) and the candidate (right)"
    return "Your work (no copy of the candidate was kept to show beside it)"


def side_by_side_html(rm: ReportMatch) -> str:
    e = html.escape
    if not rm.shows_anything:
        return ""
    parts = [f"<h3>{e(side_by_side_title(rm))}</h3>"]
    if rm.passages:
        why = f" {e(passage_score_words(rm))}" if passage_score_words(rm) else ""
        parts.append("<p>The copied passages, quoted from both versions. Words that differ between the two are "
                     f"<span class='differs'>marked</span>.{why}</p><table class='side'><tr><th>Your work</th>"
                     "<th>The candidate</th></tr>")
        for p in rm.passages:
            mine = _runs_html(p.work) if p.work is not None else "<em>(your text is not included in this bundle)</em>"
            parts.append(f"<tr><td class='excerpt'>{mine}</td><td class='excerpt'>{_runs_html(p.candidate)}</td></tr>"
                         f"<tr><td colspan='2' class='meta'>{e(passage_words(p))}</td></tr>")
        parts.append("</table>")
        return "".join(parts)
    parts.append("<table class='side'><tr><th>Your work</th><th>The candidate</th></tr><tr>")
    gap = f"<p class='meta'>{e(work_gap(rm))}</p>" if work_gap(rm) else ""
    for figure, excerpt, said in ((rm.work_figure, rm.work_excerpt, gap),
                                  (rm.candidate_figure, rm.candidate_excerpt, "")):
        parts.append(f"<td>{_figure_html(figure)}{_excerpt_html(excerpt)}{said}</td>")
    parts.append("</tr></table>")
    return "".join(parts)


def work_gap(rm: ReportMatch) -> str:
    """Why the work's side of a copy is empty: the work was removed from the library ("" when nothing to say)."""
    m = rm.evidence
    if m.work is None and m.finding.type == "match" and rm.work_figure is None and rm.work_excerpt is None:
        return "Your work is not shown: it was removed from your library after this find."
    return ""


def passage_words(p: Passage) -> str:
    """"35 copied words; this passage's own score 0.38" — labelled apart from the match's score."""
    return f"{p.words} copied {'word' if p.words == 1 else 'words'}; this passage's own score {p.score:.2f}"


def _runs_html(runs: list[tuple[str, bool]]) -> str:
    e = html.escape
    return "“" + " ".join(f"<span class='differs'>{e(t)}</span>" if d else e(t) for t, d in runs) + "”"


def _match_label(m: MatchEvidence) -> str:
    if m.finding.type == "mention":
        return "likeness mention"
    return "voice likeness" if m.finding.kind == "voice" else f"{m.finding.kind} match"


def _work_title(m: MatchEvidence) -> str:
    if m.work is not None and not m.is_copy:
        return f"voice like “{m.work.title}”"
    if m.work is not None:
        return m.work.title
    return f"mention of “{m.finding.term}”" if m.finding.term else "a removed work"


def _table(rows: list[tuple[str, str]]) -> str:
    e = html.escape
    body = "".join(f"<tr><th>{e(k)}</th><td>{_value_html(v)}</td></tr>" for k, v in rows)
    return f"<table class='facts'>{body}</table>"


def _value_html(value: str) -> str:
    """A web address as a link a reader can follow (a lawyer checks the page); anything else as text. Only http(s):
    an address a hostile page chose (javascript:, data:) stays plain text."""
    text = html.escape(value)
    if is_web_address(value) and not any(c.isspace() for c in value):  # a malformed one stays text too
        return f"<a href='{text}' rel='noreferrer'>{text}</a>"
    return text


def _figure_html(figure: Figure | None) -> str:
    if figure is None:
        return ""
    e = html.escape
    return f"<figure><img src='{e(figure.path)}' alt='{e(figure.caption)}'><figcaption>{e(figure.caption)}" \
           "</figcaption></figure>"


def _excerpt_html(excerpt: Excerpt | None) -> str:
    if excerpt is None:
        return ""
    e = html.escape
    return f"<p class='excerpt'>…{e(excerpt.before)}<mark>{e(excerpt.marked)}</mark>{e(excerpt.after)}…</p>"


_CSS = """
body { font-family: sans-serif; margin: 2em auto; max-width: 60em; color: #222; }
h1 { font-size: 1.5em; } h2 { border-top: 2px solid #ccc; padding-top: .6em; }
.meta { color: #555; } .note { background: #f4f4f4; padding: .6em; }
table.facts { border-collapse: collapse; margin: .5em 0 1em; }
table.facts th { text-align: left; vertical-align: top; padding: 2px 12px 2px 0; white-space: nowrap; }
table.facts td { font-family: monospace; word-break: break-all; }
table.side { width: 100%; table-layout: fixed; } table.side td { vertical-align: top; }
figure { margin: 0; } img { max-width: 100%; border: 1px solid #ccc; }
mark { background: #ffe08a; } .differs { background: #ffd0c8; text-decoration: underline; }
.excerpt { font-family: serif; white-space: pre-wrap; }
"""
