"""report.pdf: the report's content drawn with fpdf2 — pure Python, so bundles are complete wherever the core
runs (the CLI, the headless scheduler, a worker thread) with no browser and no Qt. Text uses a Unicode font
found on the system, and for Chinese, Japanese or Korean titles and quotes a wide fallback font when the system has
one; characters neither can draw are shown as "?" and report.html keeps them exactly."""

from __future__ import annotations

import io
import os
import re
from functools import lru_cache
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import MethodReturnValue, WrapMode, XPos, YPos

from creatorwatch import __version__
from creatorwatch.core.evidence.probe_exchange import exchange_note, exchange_rows
from creatorwatch.core.evidence.report import (
    DISCLAIMER,
    Excerpt,
    Figure,
    Report,
    ReportMatch,
    capture_rows,
    evidence_rows,
    method_text,
    passage_score_words,
    passage_words,
    side_by_side_title,
    summary_rows,
    timeline_rows,
    work_gap,
    work_words,
)

# Unicode TrueType fonts, in order of preference, on Linux, macOS and Windows.
_FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "/System/Library/Fonts", "/Library/Fonts",
              os.path.join(os.environ.get("WINDIR", r"C:\Windows"), "Fonts"))
_FONT_NAMES = ("DejaVuSans.ttf", "NotoSans-Regular.ttf", "LiberationSans-Regular.ttf", "Arial Unicode.ttf",
               "arial.ttf", "Arial.ttf", "segoeui.ttf", "FreeSans.ttf")
# Fonts with Chinese, Japanese and Korean characters, which the fonts above lack (Debian fonts-droid-fallback,
# fonts-wqy-microhei, fonts-noto-cjk; Windows; macOS).
_WIDE_FONT_NAMES = ("DroidSansFallbackFull.ttf", "DroidSansFallback.ttf", "wqy-microhei.ttc", "NotoSansCJK-Regular.ttc",
                    "msyh.ttc", "msgothic.ttc", "Arial Unicode.ttf", "Hiragino Sans GB.ttc")
# Typographic characters the built-in font lacks, in plain form.
_PLAIN = str.maketrans({"—": "-", "–": "-", "→": "->", "…": "...", "“": '"', "”": '"', "‘": "'", "’": "'",
                        "•": "*", "§": "§"})
LABEL_W = 48.0
LABEL_MAX_W = 60.0
FIGURE_MAX_H = 90.0
# a long word's parts: each runs up to and including a separator of a URL or a path (the last may have none)
_SEPARATED = re.compile(r"[^/?&=_.-]*[/?&=_.-]+|[^/?&=_.-]+")
PASSAGES_TITLE = "The copied passages: your work, then the candidate"
NEW_PAGE_BELOW = 0.6  # a further match starts a new page when less than 40% of this one is left


@lru_cache(maxsize=1)
def find_unicode_font() -> Path | None:
    """The first Unicode TrueType font found on this system, or None (then the PDF uses a built-in font)."""
    return _first_font(_FONT_NAMES)


@lru_cache(maxsize=1)
def find_wide_font() -> Path | None:
    """A font with Chinese, Japanese and Korean characters, or None."""
    return _first_font(_WIDE_FONT_NAMES)


def _first_font(names: tuple[str, ...]) -> Path | None:
    for name in names:
        for folder in _FONT_DIRS:
            base = Path(folder)
            if not base.is_dir():
                continue
            direct = base / name
            if direct.is_file():
                return direct
            found = next(base.rglob(name), None)
            if found is not None:
                return found
    return None


def bold_sibling(font: Path) -> Path | None:
    """The bold face shipped beside a regular font (DejaVuSans-Bold.ttf, NotoSans-Bold.ttf, arialbd.ttf...)."""
    stem = font.stem.removesuffix("-Regular")
    for name in (f"{stem}-Bold{font.suffix}", f"{stem}bd{font.suffix}", f"{stem}b{font.suffix}"):
        if (font.parent / name).is_file():
            return font.parent / name
    return None


class _ReportPdf(FPDF):
    def __init__(self, font: Path | None, wide: Path | None = None) -> None:
        super().__init__(format="A4")
        self.set_auto_page_break(auto=True, margin=15)
        self.running_head = ""  # which bundle this is, repeated at the top of every page after the first
        self.lost = False  # a character had to be replaced
        self.unicode = font is not None
        if font is not None:
            self.add_font("Report", "", str(font))
            self.family = "Report"
            bold = bold_sibling(font)  # labels and headings stand out from values, as with the built-in font
            if bold is not None:
                self.add_font("Report", "B", str(bold))
            self.bold = "B" if bold is not None else ""
            self._cmap = set(getattr(self.fonts["report"], "cmap", {}))
            if wide is not None:  # drawn in its regular face inside bold headings too
                self.add_font("Wide", "", str(wide))
                self.set_fallback_fonts(["wide"], exact_match=False)
                self._cmap |= set(getattr(self.fonts["wide"], "cmap", {}))
        else:
            self.family = "Helvetica"
            self.bold = "B"

    def clean(self, text: str) -> str:
        """Only characters the font can draw; others become "?" and set `lost`."""
        if self.unicode:
            kept = "".join(c if ord(c) in self._cmap or c in "\n\t" else "?" for c in text)
        else:
            text = text.translate(_PLAIN)
            kept = text.encode("latin-1", "replace").decode("latin-1")
        self.lost = self.lost or kept != text
        return kept

    def at_separators(self, text: str, width: float) -> str:
        """`text` with line breaks put into each word too long for a line (a long URL or path), after its "/",
        "?", "&", "=", "-", "_" or "." where they fall, so a reader sees where the address's parts end and copies
        it whole; fpdf2 alone would cut it at whatever letter reached the margin. Text without such a word is
        returned as it was, to be wrapped at spaces as usual. Measured in the current font."""
        room = width - 2 * self.c_margin - 0.5  # what multi_cell leaves for text, less a rounding margin
        if all(self.get_string_width(word) <= room for word in text.split()):
            return text
        return "\n".join(self._broken_line(line, room) for line in text.split("\n"))

    def _broken_line(self, line: str, room: float) -> str:
        lines: list[str] = []
        current = ""
        for word in line.split(" "):
            joined = f"{current} {word}" if current else word
            if self.get_string_width(joined) <= room:
                current = joined
                continue
            if self.get_string_width(word) <= room:  # a word that fits a line of its own starts one
                lines.append(current)
                current = word
                continue
            current = f"{current} " if current else ""
            for part in _SEPARATED.findall(word):
                if current.strip() and self.get_string_width(current + part) > room:
                    lines.append(current.rstrip(" "))
                    current = ""
                for letter in part:  # a part longer than a line on its own is cut where the line is full
                    if current and self.get_string_width(current + letter) > room:
                        lines.append(current)
                        current = ""
                    current += letter
        lines.append(current)
        return "\n".join(line for line in lines if line)

    def header(self) -> None:
        """Pages printed or sent apart still say which bundle they belong to."""
        if self.page_no() == 1 or not self.running_head:
            return
        self.set_font(self.family, "", 7.5)
        self.set_text_color(85)
        width = self.w - self.l_margin - self.r_margin
        head = self.clean(self.running_head)
        while len(head) > 1 and self.get_string_width(head) > width:
            head = head[:-2] + "…" if self.unicode else head[:-4] + "..."
        self.set_y(5)
        self.cell(0, 4, head, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0)
        self.set_y(max(self.get_y() + 2, self.t_margin))

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.family, "", 8)
        self.set_text_color(85)
        self.cell(0, 6, self.clean(f"CreatorWatch evidence bundle — page {self.page_no()} of {{nb}}"), align="C")
        self.set_text_color(0)

    def heading(self, text: str, size: float, keep: float = 3 * 4.3) -> None:
        """A heading kept on the same page as the first `keep` mm of what it introduces."""
        self.set_font(self.family, self.bold, size)
        if self.will_page_break(size * 0.5 + keep):  # never a heading alone at the foot of a page
            self.add_page()
        self.multi_cell(0, size * 0.5, self.clean(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1.5)

    def paragraph(self, text: str, size: float = 9.5) -> None:
        self.set_font(self.family, "", size)
        text = self.at_separators(self.clean(text), self.w - self.l_margin - self.r_margin)
        self.multi_cell(0, 4.8, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(2)

    def facts(self, rows: list[tuple[str, str]]) -> None:
        self.set_font(self.family, self.bold, 8.5)
        # labels on one line where they can be (a timestamp in a wide bold font is wider than LABEL_W)
        label_w = min(max([LABEL_W] + [self.get_string_width(self.clean(k)) + 3 for k, _ in rows]), LABEL_MAX_W)
        width = self.w - self.l_margin - self.r_margin - label_w
        for label, value in rows:
            label = self.clean(label)
            self.set_font(self.family, "", 8.5)
            value = self.at_separators(self.clean(value), width)
            self.set_font(self.family, self.bold, 8.5)
            wrapped = self.multi_cell(label_w, 4.3, label, dry_run=True, output=MethodReturnValue.LINES)
            lines = len(wrapped) if isinstance(wrapped, list) else 1
            self.set_font(self.family, "", 8.5)
            said = self.multi_cell(width, 4.3, value, align="L", wrapmode=WrapMode.WORD, dry_run=True,
                                   output=MethodReturnValue.LINES)
            row = max(lines, len(said) if isinstance(said, list) else 1) * 4.3
            if self.will_page_break(row if row < 60 else lines * 4.3):  # a row kept whole unless it is long
                self.add_page()
            self.set_font(self.family, self.bold, 8.5)
            top = self.get_y()
            self.multi_cell(label_w, 4.3, label, align="L", new_x=XPos.RIGHT, new_y=YPos.TOP)
            self.set_font(self.family, "", 8.5)
            # whole words where they fit (a hash stays on one line); a URL longer than the line is broken after
            # its slashes and other separators (at_separators), and only a part with none is cut anywhere
            self.multi_cell(width, 4.3, value, align="L", wrapmode=WrapMode.WORD, new_x=XPos.LMARGIN,
                            new_y=YPos.NEXT)
            if self.get_y() > top:  # no page break inside the value: keep clear of a long label
                self.set_y(max(self.get_y(), top + lines * 4.3))
        self.ln(2)


def render_pdf(report: Report) -> bytes:
    """The report as PDF bytes; its document title is the report's title (which names the works). The
    built-in font is used when it can show every character (fast, nothing embedded), else a Unicode font, and a
    wide one beside it only for characters the Unicode font lacks (loading one takes a moment)."""
    pdf = _render(report, None)
    font = find_unicode_font() if pdf.lost else None
    if font is not None:
        pdf = _render(report, font)
    wide = find_wide_font() if font is not None and pdf.lost else None
    if wide is not None:
        _close_fonts(pdf)
        pdf = _render(report, font, wide)
    try:
        return bytes(pdf.output())
    finally:
        _close_fonts(pdf)


def _close_fonts(pdf: _ReportPdf) -> None:
    """fpdf2 reads font files lazily and leaves them open; a bundle is made many times in one session."""
    for font in pdf.fonts.values():
        ttfont = getattr(font, "ttfont", None)
        if ttfont is not None:
            ttfont.close()


def _render(report: Report, font: Path | None, wide: Path | None = None) -> _ReportPdf:
    pdf = _ReportPdf(font, wide)
    pdf.set_title(pdf.clean(report.title))
    pdf.set_creator(f"CreatorWatch {__version__}")
    pdf.set_subject("Evidence bundle report")
    pdf.running_head = f"{report.title} — made {report.created_at}"
    pdf.add_page()
    pdf.heading(report.title, 15)
    pdf.paragraph(f"Made {report.created_at} by CreatorWatch {__version__}. {work_words(report)}")
    pdf.paragraph(DISCLAIMER, 8.5)
    pdf.paragraph(report.notice_words, 8.5)
    for number, rm in enumerate(report.matches):
        # the first match starts under the title; a further one goes on below a rule while there is room for
        # its facts, else on a new page (a page per match left most pages a few lines long)
        if number and pdf.get_y() > pdf.h * NEW_PAGE_BELOW:
            pdf.add_page()
        elif number:
            pdf.ln(3)
            pdf.set_draw_color(170)
            pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
            pdf.ln(5)
        else:
            pdf.ln(2)
        _match(pdf, rm, report)
    return pdf


def _match(pdf: _ReportPdf, rm: ReportMatch, report: Report) -> None:
    m = rm.evidence
    pdf.heading(f"Match #{m.id}", 13)
    pdf.facts(summary_rows(m))
    if rm.passages:  # one after the other on the page, not left and right as report.html has them
        pdf.heading(PASSAGES_TITLE, 11)
        _passages(pdf, rm)
    elif rm.shows_anything:
        pdf.heading(side_by_side_title(rm), 11, keep=_side_by_side_height(pdf, rm))
        _side_by_side(pdf, rm)
    if rm.probe is not None:
        pdf.heading("What the model was asked, and what it answered", 11)
        pdf.paragraph(exchange_note(rm.probe), 8.5)
        pdf.facts(exchange_rows(rm.probe))
    pdf.heading("How it was matched", 11)
    pdf.paragraph(method_text(m))
    pdf.facts(evidence_rows(m, rm.passages))
    pdf.heading("Capture", 11)
    captures = capture_rows(m)
    for rows in captures:
        pdf.facts(rows)
    if not captures:
        pdf.paragraph("No capture of the candidate's content was kept for this match.")
    pdf.heading("Timeline (UTC)", 11)
    pdf.facts(timeline_rows(m, report.bundle_names, report.bundle_name))
    if rm.files:
        pdf.heading("Files in this bundle for this match", 11)
        pdf.facts([(f.path.rsplit("/", 1)[-1], f"{f.role}, {f.size} bytes, SHA-256 {f.sha256}") for f in rm.files])


def _side_by_side_height(pdf: _ReportPdf, rm: ReportMatch) -> float:
    """How tall the pictures (with their captions) will be, so their heading moves to the next page with them."""
    half = (pdf.w - pdf.l_margin - pdf.r_margin - 6) / 2
    tallest = 0.0
    for figure, excerpt in ((rm.work_figure, rm.work_excerpt), (rm.candidate_figure, rm.candidate_excerpt)):
        height = _figure_height(figure, half) + 9 if figure is not None else 0.0
        if excerpt is not None:
            pdf.set_font(pdf.family, "", 8.5)
            lines = pdf.multi_cell(half, 4.2, pdf.clean(_excerpt_text(excerpt)), dry_run=True,
                                   output=MethodReturnValue.LINES)
            height += 4.2 * (len(lines) if isinstance(lines, list) else 1)
        tallest = max(tallest, height)
    # never more than a fresh page holds under a heading, or it would be pushed on alone to a page of its own
    return min(tallest or 3 * 4.3, pdf.h - pdf.t_margin - pdf.b_margin - 20)


def _excerpt_text(excerpt: Excerpt) -> str:
    return f"…{excerpt.before}[[{excerpt.marked}]]{excerpt.after}…"


def _side_by_side(pdf: _ReportPdf, rm: ReportMatch) -> None:
    half = (pdf.w - pdf.l_margin - pdf.r_margin - 6) / 2
    if pdf.will_page_break(_side_by_side_height(pdf, rm)):
        pdf.add_page()
    top = pdf.get_y()
    bottom = top
    for column, (figure, excerpt) in enumerate(((rm.work_figure, rm.work_excerpt),
                                                (rm.candidate_figure, rm.candidate_excerpt))):
        x = pdf.l_margin + column * (half + 6)
        pdf.set_xy(x, top)
        if figure is not None:
            bottom = max(bottom, _figure(pdf, figure, x, top, half))
        if excerpt is not None:
            pdf.set_xy(x, max(top, pdf.get_y()))
            pdf.set_font(pdf.family, "", 8.5)
            pdf.multi_cell(half, 4.2, pdf.clean(_excerpt_text(excerpt)),
                           new_x=XPos.LEFT, new_y=YPos.NEXT)
            bottom = max(bottom, pdf.get_y())
        if column == 0 and work_gap(rm):  # the left half left blank says why
            pdf.set_xy(x, top)
            pdf.set_font(pdf.family, "", 8.5)
            pdf.multi_cell(half, 4.2, pdf.clean(work_gap(rm)), new_x=XPos.LEFT, new_y=YPos.NEXT)
            bottom = max(bottom, pdf.get_y())
    pdf.set_xy(pdf.l_margin, bottom + 3)
    if rm.work_excerpt or rm.candidate_excerpt:
        pdf.paragraph("Copied passages are shown between [[ and ]].", 8)


def _passages(pdf: _ReportPdf, rm: ReportMatch) -> None:
    """Each copied passage as your version, then the candidate's, with the words that differ underlined."""
    pdf.paragraph("The copied passages, quoted from both versions. Words that differ between the two are underlined."
                  + (f" {passage_score_words(rm)}" if passage_score_words(rm) else ""), 8.5)
    for number, p in enumerate(rm.passages, 1):
        pdf.set_font(pdf.family, pdf.bold, 9)
        pdf.multi_cell(0, 4.6, pdf.clean(f"Passage {number}: {passage_words(p)}"),
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        for label, runs in (("Your work", p.work), ("The candidate", p.candidate)):
            pdf.set_font(pdf.family, pdf.bold, 8.5)
            pdf.write(4.4, pdf.clean(f"{label}: "))
            if runs is None:
                pdf.set_font(pdf.family, "", 8.5)
                pdf.write(4.4, "(your text is not included in this bundle)")
            else:
                pdf.set_font(pdf.family, "", 8.5)
                pdf.write(4.4, pdf.clean("“"))
                for index, (text, differs) in enumerate(runs):
                    pdf.set_font(pdf.family, "U" if differs else "", 8.5)
                    pdf.write(4.4, pdf.clean(text))
                    pdf.set_font(pdf.family, "", 8.5)
                    pdf.write(4.4, " " if index < len(runs) - 1 else "")
                pdf.write(4.4, pdf.clean("”"))
            pdf.ln(6)
        pdf.ln(1)


def _figure_height(figure: Figure, width: float) -> float:
    from PIL import Image

    with Image.open(io.BytesIO(figure.data)) as im:
        return min(width * im.height / im.width, FIGURE_MAX_H)


def _figure(pdf: _ReportPdf, figure: Figure, x: float, top: float, width: float) -> float:
    from PIL import Image

    with Image.open(io.BytesIO(figure.data)) as im:
        ratio = im.height / im.width
    height = min(width * ratio, FIGURE_MAX_H)
    pdf.image(io.BytesIO(figure.data), x=x, y=top, w=height / ratio, h=height)
    pdf.set_xy(x, top + height + 1)
    pdf.set_font(pdf.family, "", 7.5)
    pdf.multi_cell(width, 3.6, pdf.clean(figure.caption), new_x=XPos.LEFT, new_y=YPos.NEXT)
    return pdf.get_y()
