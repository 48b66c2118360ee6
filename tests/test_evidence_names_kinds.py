"""The takedown notice and the report name what each work is the way a creator would: "plain text" for a plain
text work (its stored format only repeats its kind, which read "(text, text)"), "image, PNG" for a picture."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pypdf
import sqlite_utils

from creatorwatch.core.evidence.bundle import export_bundle
from creatorwatch.core.library.sniff import kind_and_format
from tests.test_evidence_report_pdf import finds  # noqa: F401  (a picture and a story, each copied and found)


def test_the_notice_and_report_say_plain_text_not_text_text(
    finds: tuple[sqlite_utils.Database, dict[str, int]], tmp_path: Path  # noqa: F811
) -> None:
    db, found = finds
    ids = list(found.values())

    with zipfile.ZipFile(export_bundle(db, ids, tmp_path / "bundle.zip").path) as z:
        notice = z.read("notice.txt").decode()
        page = z.read("report.html").decode()
        pdf = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(z.read("report.pdf"))).pages)

    assert '"The lantern keeper" (plain text); SHA-256' in notice
    assert '"Harbour study" (image, PNG); SHA-256' in notice
    for shown in (notice, page, pdf):
        assert "text, text" not in shown
    assert "The lantern keeper (#" in pdf and ", plain text)" in pdf


def test_a_format_that_says_more_than_the_kind_is_kept() -> None:
    assert kind_and_format("text", "PDF") == "text, PDF"
    assert kind_and_format("text", "Word document") == "text, Word document"
    assert kind_and_format("audio", "WAV") == "audio, WAV"
    assert kind_and_format("text", "text") == "plain text"
