"""A copy of the material for a find made by a rescan, as a check keeps one for its finds.

A rescan matches a remembered fingerprint, not the material itself, so its find has no copy yet. It gets one from
what is still there: a capture kept before for the same address, the file in the watched folder if unchanged, the
text the source gave, or the media fetched again through its source (when that source is still enabled), kept
only if it is still the very content that matched. When none can be had, the find's evidence says why in one
sentence, so a bundle never has a silent gap where the copy should be.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

import sqlite_utils

from creatorwatch.core.errors import CreatorWatchError, HttpError, Stopped
from creatorwatch.core.evidence.capture import (
    captures_for,
    keep_file_for_match,
    keep_for_match,
    keep_text_for_match,
    stage_capture,
)
from creatorwatch.core.evidence.exchange import StagedCapture
from creatorwatch.core.files.file_url import path_of_file_url
from creatorwatch.core.library.works import sha256_file
from creatorwatch.core.net.client import HttpClient
from creatorwatch.core.net.guard import is_private_url
from creatorwatch.core.records.findings import note_in_evidence
from creatorwatch.core.records.source_store import SourceStore
from creatorwatch.core.sources.registry import source_class
from creatorwatch.core.store.atomic import owned_temp_folder
from creatorwatch.core.store.db import transaction
from creatorwatch.core.watch.sweep import TEMP_PREFIXES

NO_COPY = "no_copy"  # the evidence key holding why a find has no copy of the material
NONE = "No copy of the material was kept: "
FOLDER_PREFIX = TEMP_PREFIXES[0]  # a check's: a folder a kill leaves behind is swept at the next start


@dataclass(frozen=True)
class Remembered:
    """What the data file still holds of a candidate a rescan found."""

    url: str
    source: str
    media_url: str | None
    sha256: str | None
    text: str


def keep_copies(db: sqlite_utils.Database, finds: Iterable[tuple[int, int]], http: HttpClient | None = None) -> None:
    """Give each new find (match id, candidate id) a copy of its candidate's material, or the reason it has none.
    Runs outside any transaction: fetching again may take a while, and holds no lock meanwhile."""
    by_candidate: dict[int, list[int]] = {}
    for match_id, candidate_id in finds:
        by_candidate.setdefault(candidate_id, []).append(match_id)
    if not by_candidate:
        return
    owned = http is None
    client = http or HttpClient(source="rescan")
    try:
        for candidate_id, match_ids in by_candidate.items():
            row = db.execute("SELECT url, source, media_url, sha256, text FROM candidates WHERE id = ?",
                             [candidate_id]).fetchone()
            if row is None:
                continue
            why = _keep_copy(db, Remembered(*row), client)
            if why:
                with transaction(db):
                    for match_id in match_ids:
                        note_in_evidence(db, match_id, NO_COPY, why)
    finally:
        if owned:
            client.close()


def _keep_copy(db: sqlite_utils.Database, c: Remembered, http: HttpClient) -> str | None:
    """Keep a copy of `c`'s material; None when one is kept (or was before), else why none could be."""
    if captures_for(db, c.url):
        return None
    path = path_of_file_url(c.url)
    if path is not None:
        with transaction(db):
            kept = keep_file_for_match(db, path, c.url, expected_sha256=c.sha256)
        return None if kept else NONE + "the file is no longer in the watched folder as it was when seen."
    if c.media_url:
        return _fetch_again(db, c, http)
    if c.text and c.sha256 == hashlib.sha256(c.text.encode()).hexdigest():
        with transaction(db):
            kept_text = keep_text_for_match(db, c.text, c.url)
        return None if kept_text else NONE + "the text it showed could not be written to disk."
    return NONE + "only the fingerprint of what it showed was remembered, not the material itself."


def _fetch_again(db: sqlite_utils.Database, c: Remembered, http: HttpClient) -> str | None:
    """Fetch the media again through its source, and keep it if it is still what matched."""
    assert c.media_url is not None
    found = SourceStore(db).get(c.source)
    if found is None or not found.config.enabled:
        state = "removed" if found is None else "disabled"
        return NONE + f"its source \"{c.source}\" is {state}, so the file was not fetched again."
    config = found.config
    address = config.base_url or config.settings.get("url") or source_class(config.type).DEFAULT_BASE_URL
    view = http.configured(source=f"{config.name} ({config.type})",
                           allow_private=bool(address) and is_private_url(address))
    with owned_temp_folder(FOLDER_PREFIX) as folder:
        try:
            staged = stage_capture(view.download(c.media_url, folder / "media"))
        except Stopped:
            return NONE + "the check was stopped before the file was fetched again."
        except (CreatorWatchError, OSError) as exc:
            said = f"HTTP {exc.status}" if isinstance(exc, HttpError) and exc.status else "it could not be reached"
            return NONE + f"the file could not be fetched again ({said})."
        if c.sha256 and sha256_file(folder / "media") != c.sha256:
            staged.discard()
            return NONE + "fetched again, the address now serves something other than what matched."
        return _keep_staged(db, staged, c.url)


def _keep_staged(db: sqlite_utils.Database, staged: StagedCapture, url: str) -> str | None:
    with transaction(db):
        kept = keep_for_match(db, staged, url)
    return None if kept else NONE + "the file fetched again could not be written to disk."
