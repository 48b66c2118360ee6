"""What Review says under the list about the one chosen find beyond its row: the page it was on (the row names only
the picture's own site) and why no copy of its material was kept (an export will say so too)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from creatorwatch.core.records.findings import Finding
from creatorwatch.core.watch.recapture import NO_COPY
from creatorwatch.ui.explain import link, page_apart, site_and_path, thing
from creatorwatch.ui.long_words import shortened


def details_html(finding: Finding) -> str:
    """"On the page: gallery.example/showcase · the picture itself", and the no-copy sentence; "" when neither."""
    lines = []
    page = page_apart(finding)
    if page:
        lines.append(f"On the page: {link(page, site_and_path(page))} \u00b7 "
                     f"{link(finding.candidate_url, f'the {thing(finding)} itself')}")
    why = finding.evidence.get(NO_COPY)
    if why:
        lines.append(escape(shortened(str(why))))
    return "<br>".join(lines)


class FindDetails(QLabel):
    """One or two short lines, with links that open in the browser (its page opens them: open_elsewhere.py)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("find-details")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.setContentsMargins(8, 2, 8, 0)
        self.setAccessibleName("About the chosen find")
        self.hide()

    def show_find(self, finding: Finding | None) -> None:
        html = details_html(finding) if finding is not None else ""
        self.setText(html)
        self.setVisible(bool(html))
