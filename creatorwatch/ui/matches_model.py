"""Every match and mention as one Qt table model (one object per row, never a widget per row), with its filter."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from operator import attrgetter
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from creatorwatch.core.records.allowlist import site_of
from creatorwatch.core.records.findings import Finding
from creatorwatch.core.records.mention_words import mention_terms, site_in_crawl
from creatorwatch.core.wording.words import listed
from creatorwatch.ui.elide_cells import ELIDE_ROLE
from creatorwatch.ui.explain import page_apart, whose_voice
from creatorwatch.ui.rows_model import RowsTableModel
from creatorwatch.ui.theme import is_dark

Index = QModelIndex | QPersistentModelIndex
STATUS_WORDS = {"new": "New", "confirmed": "Confirmed", "dismissed": "Dismissed", "licensed": "Licensed"}
# (on a light list, on a dark one): each readable on its background. Confirmed is the creator's own "yes, a copy",
# in violet — red read as a problem, the colour used for errors elsewhere.
STATUS_COLOURS = {"new": ("#2f6cc9", "#7aa7ff"), "confirmed": ("#7b3fb8", "#c9a4f2"),
                  "dismissed": ("#6f737b", "#9a9ea6"), "licensed": ("#23824a", "#5fcf8c")}
KIND_WORDS = {"image": "Image copy", "audio": "Audio copy", "text": "Text copy", "voice": "Voice likeness"}


def status_colour(status: str) -> QColor:
    """The colour a find's status is written in, for the theme in use now (asked at each paint, so a switch of
    theme shows at once)."""
    light, dark = STATUS_COLOURS.get(status, STATUS_COLOURS["dismissed"])
    return QColor(dark if is_dark() else light)


# Short enough for the What column ("Model reproduced your text" showed as "Model …r text"); the find's own
# explanation says the rest.
PROBE_WORDS = {"model probe": "Text copy by a model", "image probe": "Image copy by a model"}


def where(url: str) -> str:
    """The Where column: a web find's site; a file's own name first, then its folder ("img-2.png in dump")."""
    if url.startswith("file:"):
        path = PurePosixPath(unquote(urlsplit(url).path))
        return f"{path.name} in {path.parent.name}" if path.parent.name else path.name
    return site_of(url) or url


def place(finding: Finding) -> str:
    """The Where column of a find: a model asked directly is named with the passage it went on from ("llama3,
    from “8 Again, a…”"), so the finds of one probe run, all at one address, can be told apart at a glance."""
    e = finding.evidence
    if finding.type != "match" or e.get("found_by") not in PROBE_WORDS:
        return where(finding.candidate_url)
    model = str(e.get("model") or site_of(finding.candidate_url) or "a model")
    if e.get("probe") == "recall":
        return f"{model}: quoted the opening"
    if e.get("probe") == "continuation":
        words = str(e.get("original") or "").split()
        start = " ".join(words[:3])
        while len(start) > 14 and " " in start:  # long words: fewer of them, so the column shows them whole
            start = start.rsplit(" ", 1)[0]
        return f"{model}, from \u201c{start[:14]}\u2026\u201d" if words else f"{model}: continued"
    if finding.kind == "image":
        return f"{model}: drew \u201c{str(e.get('prompt') or '')[:40]}\u201d"
    return model


def what(finding: Finding) -> str:
    if finding.type == "match" and finding.evidence.get("found_by") in PROBE_WORDS:
        return PROBE_WORDS[finding.evidence["found_by"]]
    if finding.type == "mention" and site_in_crawl(finding):
        return "Site in a crawl"
    return KIND_WORDS.get(finding.kind or "", "Copy") if finding.type == "match" else "Mention"


def _status_rank(finding: Finding) -> int:
    """New first, then confirmed, dismissed, licensed; anything else last."""
    return tuple(STATUS_WORDS).index(finding.status) if finding.status in STATUS_WORDS else len(STATUS_WORDS)


class MatchesModel(RowsTableModel):
    HEADERS = ("Found", "What", "Your work or name", "Where", "Source", "Score", "Status")

    def __init__(self) -> None:
        super().__init__()
        self._titles: dict[int, str] = {}
        self._row_of: dict[int, int] = {}
        self._loaded: set[int] = set()
        self.statuses: frozenset[str] = frozenset({"new"})  # shown statuses (empty: every status)
        self.type = ""  # "match", "mention" or "" for both
        self.words = ""  # search words, lower case
        self.ai_only = False  # only finds whose file says it was made by AI
        self.provenance: dict[int, tuple[bool, str]] = {}  # candidate id → (labelled as AI-made, one line)

    def set_findings(self, findings: list[Finding], work_titles: dict[int, str]) -> None:
        self._titles = dict(work_titles)
        self._loaded = {f.id for f in findings}
        self.set_rows(findings)

    def set_filter(self, statuses: Iterable[str], type_: str, words: str) -> None:
        """Show finds with one of `statuses` (none: every status), of `type_` ("" for both), holding the words."""
        self.statuses, self.type, self.words = frozenset(statuses), type_, words.strip().lower()
        self.refresh()

    def set_provenance(self, headlines: dict[int, tuple[bool, str]]) -> None:
        self.provenance = dict(headlines)
        self.refresh()

    def provenance_line(self, f: Finding) -> str:
        return self.provenance.get(f.candidate_id, (False, ""))[1]

    def accepts(self, f: Finding) -> bool:
        if (self.statuses and f.status not in self.statuses) or (self.type and f.type != self.type):
            return False
        if self.ai_only and not self.provenance.get(f.candidate_id, (False, ""))[0]:
            return False
        if not self.words:
            return True
        haystack = f"{f.candidate_url} {f.page_url or ''} {f.title} {f.source} {self.subject(f)}".lower()
        return all(word in haystack for word in self.words.split())

    def rows_reordered(self) -> None:
        self._row_of = {f.id: row for row, f in enumerate(self._rows)}

    def sort_key(self, column: int) -> Callable[[Finding], Any]:
        return (attrgetter("found_at"), what, lambda f: self.subject(f).lower(), attrgetter("candidate_url"),
                attrgetter("source"), attrgetter("score"), _status_rank)[column]

    def finding_at(self, row: int) -> Finding:
        return self._rows[row]

    def row_of(self, finding_id: int) -> int | None:
        """The find's row, or None when it is not shown (filtered out, or not loaded)."""
        return self._row_of.get(finding_id)

    def holds(self, finding_id: int) -> bool:
        """Whether the find is loaded, shown or not."""
        return finding_id in self._loaded

    def subject(self, finding: Finding) -> str:
        if finding.type == "mention":
            crawl = site_in_crawl(finding)  # a crawl find found the creator's site, not a page naming them
            return crawl[0] if crawl else listed([f"“{term}”" for term in mention_terms(finding)])
        if finding.kind == "voice":  # a voice is heard, not a work copied: the work is only the closest sample
            voice = whose_voice(finding)
            return voice[0].upper() + voice[1:]
        return self._titles.get(finding.work_id or -1, "(removed from the library)")

    def set_status(self, finding_ids: Iterable[int], status: str, reviewed_at: str | None = None) -> None:
        """Show a decision already written to the data file (a find the filter no longer shows leaves the list)."""
        ids = set(finding_ids)
        self._all = [dataclasses.replace(f, status=status, reviewed_at=reviewed_at) if f.id in ids else f
                     for f in self._all]
        self.refresh()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        f = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (f.found_at[:16].replace("T", " "), what(f), self.subject(f),
                    place(f), f.source,
                    f"{round(f.score * 100)}%" if f.type == "match" else "named",
                    STATUS_WORDS.get(f.status, f.status))[column]
        if role == Qt.ItemDataRole.ForegroundRole and column == 6:
            return status_colour(f.status)
        if role == ELIDE_ROLE and column == 3 and f.candidate_url.startswith("file:"):
            return Qt.TextElideMode.ElideRight  # a file's name: its start and middle tell finds apart
        if role == Qt.ItemDataRole.ToolTipRole:
            heard = f"Sounds like {whose_voice(f)}: a likeness of the voice, not a copy\n" if f.kind == "voice" else ""
            page = page_apart(f)
            whole = {2: f"{self.subject(f)}\n", 3: f"{place(f)}\n", 4: f"Found by {f.source}\n"}.get(column, "")
            return whole + heard + (f"{f.title}\n{f.candidate_url}" if f.title else f.candidate_url) + (
                f"\nOn the page: {page}" if page else "")
        if role == Qt.ItemDataRole.AccessibleTextRole:
            subject = whose_voice(f) if f.kind == "voice" else self.subject(f)
            return f"{what(f)} of {subject} on {site_of(f.candidate_url)}, {STATUS_WORDS.get(f.status)}"
        return None
