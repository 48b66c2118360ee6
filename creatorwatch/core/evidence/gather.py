"""Everything known about the matches being exported, read in one place so the report, the notice and the
bundle tell the same story."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any

import sqlite_utils

from creatorwatch.core.errors import NamesNothing
from creatorwatch.core.evidence.candidate_provenance import provenance_for
from creatorwatch.core.evidence.capture import Capture, captures_for
from creatorwatch.core.evidence.custody import CustodyEntry, history
from creatorwatch.core.library.works import Library, Work
from creatorwatch.core.net.redact import redact_url
from creatorwatch.core.records.findings import Finding, Findings


class UnknownMatch(NamesNothing):
    """A match id that is not recorded."""


@dataclass(frozen=True)
class MatchEvidence:
    finding: Finding
    work: Work | None  # None for likeness mentions, or when the work was taken out of the library
    captures: list[Capture]
    history: list[CustodyEntry]
    candidate_text: str  # the words the source gave for the candidate (description, prompt, page text)
    provenance: dict[str, Any] | None = None  # what the found file said about its origin (Content Credentials)
    notice: dict[str, Any] | None = None  # a takedown notice as the Lumen database recorded it; None for other finds

    @property
    def id(self) -> int:
        return self.finding.id

    @property
    def is_copy(self) -> bool:
        """A copy of a work in the library: what a copyright notice can cover. A voice likeness is not one: it
        sounds like the creator but copies none of their recordings, and a voice is not protected by copyright."""
        return self.work is not None and self.finding.kind != "voice"

    @property
    def infringing_urls(self) -> list[str]:
        """The page it appeared on and, when different, its own address and the media file itself."""
        urls = [self.finding.page_url] if self.finding.page_url else []
        for url in (self.finding.candidate_url, self.finding.media_url):
            if url and url not in urls:
                urls.append(url)
        return urls


def gather(db: sqlite_utils.Database, match_ids: list[int]) -> list[MatchEvidence]:
    """The evidence for each id, in the order given (each once). UnknownMatch names any id not recorded."""
    findings, library = Findings(db), Library(db)
    found: list[MatchEvidence] = []
    missing: list[int] = []
    for match_id in dict.fromkeys(match_ids):
        finding = findings.get(match_id)
        if finding is None:
            missing.append(match_id)
            continue
        work = library.get(finding.work_id) if finding.work_id is not None else None
        row = db.execute("SELECT text, meta FROM candidates WHERE id = ?", [finding.candidate_id]).fetchone()
        captures = captures_for(db, finding.candidate_url)
        shown = replace(finding, candidate_url=redact_url(finding.candidate_url),
                        media_url=redact_url(finding.media_url) if finding.media_url else None,
                        page_url=redact_url(finding.page_url) if finding.page_url else None)
        found.append(MatchEvidence(shown, work, captures, history(db, match_id), row[0] if row else "",
                                   provenance_for(db, [finding.candidate_id]).get(finding.candidate_id),
                                   _takedown_notice(row[1] if row else None)))
    if missing:
        listed = ", ".join(f"#{m}" for m in missing)
        raise UnknownMatch(f"No recorded match {listed}. See them with: creatorwatch matches")
    return found


def _takedown_notice(meta: str | None) -> dict[str, Any] | None:
    """The candidate's own record when it is a takedown notice (the Lumen source marks them "notice")."""
    try:
        recorded = json.loads(meta or "{}")
    except ValueError:
        return None
    return recorded if isinstance(recorded, dict) and recorded.get("kind") == "notice" else None
