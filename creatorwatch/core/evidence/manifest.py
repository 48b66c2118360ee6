"""The bundle's table of contents: format and app version, when it was made, and every file with its role,
size and SHA-256 — what verify checks the bundle against. manifest.json lists every file in the ZIP except
itself and timestamp.tsr (a trusted timestamp over manifest.json's own hash, so it cannot be listed in it)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

from creatorwatch.core.errors import CreatorWatchError

FORMAT = "CreatorWatch evidence bundle"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
TIMESTAMP = "timestamp.tsr"
UNLISTED = frozenset({MANIFEST, TIMESTAMP})


class ManifestError(CreatorWatchError):
    """manifest.json is missing or cannot be read as a manifest."""


class ManifestChanged(ManifestError):
    """manifest.json is a CreatorWatch manifest whose seal no longer matches: the bundle was altered, which is a
    different thing to tell a creator than a file that never was a bundle."""


@dataclass(frozen=True)
class FileEntry:
    path: str
    role: str  # manifest roles: report, report-pdf, notice, custody, work, work-preview, candidate, page, warc, …
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    app_version: str
    created_at: str
    files: list[FileEntry]
    matches: list[int] = field(default_factory=list)
    work_included: str = "original"  # "original" | "hash-and-preview"
    trusted_timestamp: bool = False  # the bundle carries timestamp.tsr over this manifest: its removal shows
    # where each match was found: {"match", "candidate_url", "page_url", "media_url"}, sealed with the files, so a
    # notice drawn from the bundle can name the page a picture was on as well as the picture's own address
    addresses: list[dict[str, Any]] = field(default_factory=list)
    format: str = FORMAT
    format_version: int = FORMAT_VERSION

    def to_bytes(self) -> bytes:
        data: dict[str, Any] = {
            "format": self.format, "format_version": self.format_version, "app_version": self.app_version,
            "created_at": self.created_at, "matches": self.matches, "work_included": self.work_included,
            "files": [asdict(f) for f in self.files]}
        if self.addresses:
            data["addresses"] = self.addresses
        if self.trusted_timestamp:
            data["trusted_timestamp"] = True
        data["seal"] = seal(data)
        return json.dumps(data, indent=2, ensure_ascii=False).encode("utf-8")

    @classmethod
    def from_bytes(cls, raw: bytes) -> Manifest:
        try:
            data: dict[str, Any] = json.loads(raw)
            if data.get("format") != FORMAT:
                raise ManifestError("manifest.json does not describe a CreatorWatch evidence bundle")
            if data.get("seal") != seal(data):
                raise ManifestChanged("manifest.json was changed after the bundle was made (its seal does not match)")
            if int(data["format_version"]) > FORMAT_VERSION:
                raise ManifestError(
                    f"this bundle uses format version {data['format_version']}, newer than this CreatorWatch "
                    f"reads ({FORMAT_VERSION}); install the newer version to verify it")
            files = [FileEntry(str(f["path"]), str(f["role"]), int(f["size"]), str(f["sha256"]).lower())
                     for f in data["files"]]
            return cls(app_version=str(data["app_version"]), created_at=str(data["created_at"]), files=files,
                       matches=[int(m) for m in data.get("matches", [])],
                       work_included=str(data.get("work_included", "original")),
                       trusted_timestamp=data.get("trusted_timestamp") is True,
                       addresses=[dict(a) for a in data.get("addresses", [])],
                       format_version=int(data["format_version"]))
        except ManifestError:  # its subclass ManifestChanged too
            raise
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ManifestError(f"manifest.json cannot be read ({type(exc).__name__}: {exc})") from None


def seal(data: dict[str, Any]) -> str:
    """SHA-256 of the manifest's content without its seal: any accidental change to manifest.json shows.
    (Anyone can recompute it; only a trusted timestamp also shows a deliberate rewrite of the manifest.)"""
    canonical = json.dumps({k: v for k, v in data.items() if k != "seal"}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
