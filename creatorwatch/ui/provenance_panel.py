"""A find's Content Credentials as a panel: who made it with what, whether the file says it was made by AI, who
signed it and whether the signature holds, and what it was made from, with any of the creator's own works among
the ingredients called out, because that is the find saying itself that it was made from their work."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QLabel, QSizePolicy, QVBoxLayout, QWidget

from creatorwatch.core.optout.provenance import signed_by

TITLE = "Content Credentials"
FLAG = "#c62828"


def provenance_html(found: dict[str, Any] | None, work_titles: dict[int, str] | None = None) -> str:
    """The panel's text; "" when the find has no recorded provenance at all."""
    if not found:
        return ""
    c2pa, xmp = found.get("c2pa") or {}, found.get("xmp") or {}
    titles = work_titles or {}
    rows: list[tuple[str, str]] = []
    if c2pa.get("present"):
        state = c2pa.get("state")
        if state == "invalid":
            problems = "; ".join(str(p) for p in (c2pa.get("problems") or [])[:3]) or "the signature does not hold"
            verdict = f"<b style='color:{FLAG}'>Present but invalid</b>: {escape(problems)}"
        elif state == "trusted":
            verdict = "<b>Valid</b>, from a signer on a trust list"
        else:
            verdict = "<b>Valid</b>: the file is unchanged since it was signed (the signer is not on a trust list)"
        rows.append(("Signature", verdict))
        rows.append(("Generator", escape(str(c2pa.get("generator") or "not named"))))
        rows.append(("Signed by", escape(signed_by(c2pa) or "not named")
                     + (f"<br><small>{escape(str(c2pa['signed_at']))}</small>" if c2pa.get("signed_at") else "")))
    else:
        rows.append(("Signature", "none: this copy carries no Content Credentials"))
    sources = [*(c2pa.get("digital_source_types") or []), *(xmp.get("digital_source_type") or [])]
    if sources:
        named = ", ".join(dict.fromkeys(str(s).rstrip("/").rsplit("/", 1)[-1] for s in sources))
        label = " — <b>made by AI</b>" if found.get("ai_generated") else ""
        rows.append(("Digital source type", escape(named) + label))
    ingredients = c2pa.get("ingredients") or []
    if ingredients:
        rows.append(("Ingredients", "<br>".join(_ingredient(i, titles) for i in ingredients[:20])
                     + (f"<br>… and {len(ingredients) - 20} more" if len(ingredients) > 20 else "")))
    if found.get("mining_prohibited"):
        rows.append(("AI training", "the file says it is <b>not allowed</b>"))
    if xmp.get("problem"):
        rows.append(("XMP", escape(f"could not be read: {xmp['problem']}")))
    # each name above its entry, not beside it: a table's second column left the words a few of them wide
    return "".join(f"<p style='margin-top:0; margin-bottom:6px'><i>{escape(k)}</i><br>{v}</p>" for k, v in rows)


def _ingredient(ingredient: dict[str, Any], titles: dict[int, str]) -> str:
    name = escape(str(ingredient.get("title") or "untitled"))
    relation = escape(str(ingredient.get("relationship") or ""))
    text = f"{name}" + (f" <small>({relation})</small>" if relation else "")
    work_id = ingredient.get("work_id")
    if work_id is None:
        return text
    how = "the same file (SHA-256)" if ingredient.get("matched_by") == "hash" else "its thumbnail matches"
    work = escape(titles.get(int(work_id)) or f"work #{work_id}")
    return f"{text}<br><b style='color:{FLAG}'>⚠ your work “{work}” — {how}: proof it was made from it</b>"


class ProvenancePanel(QGroupBox):
    """Hidden until a find with recorded provenance is shown. Its words wrap to whatever width the panel is given
    (a share of the window, see `readable_widths`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(TITLE, parent)
        self.setObjectName("provenance-panel")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.text.setAccessibleName(TITLE)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addStretch(1)
        self.readable_widths()
        self.hide()

    def readable_widths(self) -> None:
        """Never a sliver (about 24 letters a line), and on a wide screen no wider than lines stay easy to follow
        (about 70)."""
        letters = self.text.fontMetrics().averageCharWidth()
        margins = self.contentsMargins().left() + self.contentsMargins().right() + 24
        self.setMinimumWidth(24 * letters + margins)
        self.setMaximumWidth(70 * letters + margins)

    def show_provenance(self, found: dict[str, Any] | None, work_titles: dict[int, str] | None = None) -> None:
        html = provenance_html(found, work_titles)
        self.text.setText(html)
        self.setVisible(bool(html))
