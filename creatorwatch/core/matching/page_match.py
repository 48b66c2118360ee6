"""`match` given a web page's address: the page's own words and every picture and recording on it, as the `page`
source reads them, so a creator who pastes a gallery's or a blog post's address meets the finds a check of that
page would make (its HTML was matched as one text, tags and all, and its pictures never looked at)."""

from __future__ import annotations

import logging
import tempfile
from dataclasses import replace
from pathlib import Path

from creatorwatch.core.errors import SourceError, UnreadableMedia
from creatorwatch.core.matching.match import Match, Matcher
from creatorwatch.core.net.download import fetch_to_file
from creatorwatch.core.sources.html_extract import HEAD_BYTES, extract, looks_like_html

MOST_MEDIA = 40  # pictures and recordings of one page downloaded and matched, in page order
log = logging.getLogger(__name__)


def is_page(path: Path) -> bool:
    """Whether the downloaded file is an HTML page (by its first kilobytes, whatever the address ends in)."""
    with path.open("rb") as handle:
        return looks_like_html(handle.read(HEAD_BYTES))


def page_matches(matcher: Matcher, page: Path, url: str) -> list[Match]:
    """The works the page at `url` (downloaded to `page`) copies, in its words or in a picture or recording on
    it, best first, one per work; each picture's or recording's match says where it was (evidence "media_url")."""
    extracted = extract(page.read_text(encoding="utf-8", errors="replace"), url)
    found = _text_matches(matcher, extracted.text)
    for media in (extracted.images + extracted.audio)[:MOST_MEDIA]:
        found += [replace(m, evidence={**m.evidence, "media_url": media}) for m in _media_matches(matcher, media)]
    best: dict[int, Match] = {}
    for match in sorted(found, key=lambda m: -m.score):
        best.setdefault(match.work.id, match)
    return list(best.values())


def _text_matches(matcher: Matcher, words: str) -> list[Match]:
    if not words.strip():
        return []
    with tempfile.TemporaryDirectory(prefix="creatorwatch-page-") as folder:
        text = Path(folder) / "page.txt"
        text.write_text(words, encoding="utf-8")
        return matcher.match_file(text)


def _media_matches(matcher: Matcher, media: str) -> list[Match]:
    """A picture or recording of the page, matched; none when it cannot be downloaded or read (the page's own
    line says what was found; a broken image on a page is no error of the page's)."""
    try:
        path = fetch_to_file(media)
    except SourceError as exc:
        log.info("a file on the page could not be downloaded: %s (%s)", media, exc)
        return []
    try:
        return matcher.match_file(path)
    except (UnreadableMedia, OSError) as exc:
        log.info("a file on the page could not be read: %s (%s)", media, exc)
        return []
    finally:
        path.unlink(missing_ok=True)
