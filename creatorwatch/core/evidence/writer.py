"""Writes a bundle ZIP safely: every member hashed as it goes in and checked for stored tokens, the manifest
last, all into a partial file (core/store/atomic.py) renamed into place — an interrupted export leaves no half file,
and a killed one leaves a partial the next start recognises and removes."""

from __future__ import annotations

import contextlib
import dataclasses
import gzip
import hashlib
import zipfile
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from creatorwatch import __version__
from creatorwatch.core.evidence.manifest import TIMESTAMP, UNLISTED, FileEntry, Manifest
from creatorwatch.core.net.redact import check_no_secrets
from creatorwatch.core.store.atomic import AtomicFile

# Already compressed: stored as is (deflating them again costs time and saves nothing).
_STORED = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".heic", ".mp3", ".m4a", ".aac", ".ogg", ".opus", ".flac",
           ".mp4", ".webm", ".zip", ".gz", ".pdf", ".docx")
_CHUNK = 1024 * 1024


class BundleWriter:
    """Use as a context manager: add files, `finish()`, then `place()`; on success the ZIP appears at `target`,
    otherwise nothing does. Between finish and place the finished bytes wait at `partial` (to be hashed, and
    the export recorded as pending, before the file appears)."""

    def __init__(self, target: Path, secrets: Iterable[str] = ()) -> None:
        self.target = target
        self.secrets = [s for s in secrets if s]
        self.files: list[FileEntry] = []
        self._file: AtomicFile | None = None
        self._zip: zipfile.ZipFile | None = None

    @property
    def partial(self) -> Path:
        assert self._file is not None
        return self._file.partial

    def __enter__(self) -> BundleWriter:
        self._file = AtomicFile(self.target)
        self._zip = zipfile.ZipFile(self._file.handle, "w", allowZip64=True)
        return self

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        assert self._zip is not None and self._file is not None
        if kind is not None:
            with contextlib.suppress(OSError):  # a full disk fails the ZIP's closing writes too: the partial goes
                self._zip.close()
        self._file.discard()  # nothing when place() ran

    @property
    def placed(self) -> bool:
        return self._file is not None and self._file.committed

    def place(self) -> None:
        """Rename the finished bundle into place (durably)."""
        assert self._file is not None
        self._file.commit()

    def add_bytes(self, path: str, data: bytes, role: str) -> FileEntry:
        self._check(path)
        check_no_secrets(path, data, self.secrets)
        assert self._zip is not None
        self._zip.writestr(self._info(path), data)
        return self._listed(path, role, len(data), hashlib.sha256(data).hexdigest())

    def add_file(self, path: str, source: Path, role: str) -> FileEntry:
        self._check(path)
        if self.secrets:
            self._scan_file(path, source)
        assert self._zip is not None
        digest, size = hashlib.sha256(), 0
        with source.open("rb") as src, self._zip.open(self._info(path), "w", force_zip64=True) as dest:
            while chunk := src.read(_CHUNK):
                digest.update(chunk)
                dest.write(chunk)
                size += len(chunk)
        return self._listed(path, role, size, digest.hexdigest())

    def finish(self, matches: list[int], work_included: str,
               timestamp: Callable[[bytes], bytes | None] | None = None,
               addresses: list[dict[str, Any]] | None = None) -> Manifest:
        """Write manifest.json (and timestamp.tsr when `timestamp` returns a token) and close the ZIP."""
        assert self._zip is not None
        manifest = Manifest(app_version=__version__, created_at=datetime.now(UTC).isoformat(timespec="seconds"),
                            files=list(self.files), matches=matches, work_included=work_included,
                            trusted_timestamp=timestamp is not None, addresses=addresses or [])
        raw = manifest.to_bytes()
        token = timestamp(raw) if timestamp else None
        if timestamp and not token:  # none was granted: the manifest must not claim one
            manifest = dataclasses.replace(manifest, trusted_timestamp=False)
            raw = manifest.to_bytes()
        self._zip.writestr(self._info("manifest.json"), raw)
        if token:
            self._zip.writestr(self._info(TIMESTAMP), token)
        self._zip.close()
        assert self._file is not None
        self._file.sync()
        return manifest

    def _listed(self, path: str, role: str, size: int, sha256: str) -> FileEntry:
        entry = FileEntry(path, role, size, sha256)
        self.files.append(entry)
        return entry

    def _check(self, path: str) -> None:
        if path in UNLISTED or any(f.path == path for f in self.files):
            raise ValueError(f"bundle path {path!r} used twice")

    def _info(self, path: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(path, datetime.now(UTC).timetuple()[:6])
        info.compress_type = zipfile.ZIP_STORED if path.lower().endswith(_STORED) else zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        info.create_system = 3  # the same bytes on every system, so that verify can demand them (zip_layout.py)
        return info

    def _scan_file(self, path: str, source: Path) -> None:
        """Stored tokens are searched in the file's bytes, and inside it too when it is a gzip (the WARC)."""
        with source.open("rb") as handle:
            self._scan_stream(path, handle)
        if source.name.endswith(".gz"):
            with gzip.open(source, "rb") as handle:
                self._scan_stream(path, handle)

    def _scan_stream(self, path: str, handle: IO[bytes] | gzip.GzipFile) -> None:
        overlap, tail = max(len(s) for s in self.secrets), b""
        while chunk := handle.read(_CHUNK):
            check_no_secrets(path, tail + chunk, self.secrets)
            tail = chunk[-overlap:]
