"""Check an evidence bundle: recompute every file's SHA-256, make sure the manifest lists exactly the files
present, validate the trusted timestamp if there is one, check the ZIP's own bytes (zip_layout.py), and name
every file that changed, appeared or went.

Only a regular file is opened (a pipe or /dev/zero would never end), and no member is inflated past what it can
honestly hold: the manifest and the timestamp past their caps, a listed file past the size its entry records."""

from __future__ import annotations

import hashlib
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from creatorwatch.core.errors import UnreadableMedia
from creatorwatch.core.evidence.manifest import (
    MANIFEST,
    TIMESTAMP,
    UNLISTED,
    Manifest,
    ManifestChanged,
    ManifestError,
)
from creatorwatch.core.evidence.timestamp import TrustRoots, check_timestamp, system_roots
from creatorwatch.core.evidence.zip_layout import DIRECTORY, layout_problems
from creatorwatch.core.files.regular_file import open_regular
from creatorwatch.core.wording.words import counted

MAX_MANIFEST_BYTES = 16 * 1024 * 1024  # a manifest lists a few dozen files; 16 MB would list a hundred thousand
MAX_TOKEN_BYTES = 1024 * 1024  # an RFC 3161 token is a few kilobytes
NO_TIMESTAMP = ("no trusted timestamp in this bundle: it shows that nothing changed since its manifest was written, "
                "not when it was made (whoever can rewrite the whole bundle can rewrite its manifest too)")
REMOVED_TIMESTAMP = "its manifest says the bundle carries a trusted timestamp, but timestamp.tsr is gone"

# RuntimeError: a member flagged as encrypted (the bundle writer never encrypts).
_UNREADABLE = (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError, zlib.error)


@dataclass(frozen=True)
class Problem:
    kind: str  # changed | added | removed | damaged | manifest | timestamp
    path: str
    why: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.path} — {self.why}"


@dataclass
class VerifyResult:
    bundle: Path
    problems: list[Problem] = field(default_factory=list)
    checked: int = 0
    manifest: Manifest | None = None
    timestamp: str = NO_TIMESTAMP
    trusted_timestamp: bool = False  # a timestamp token is there, over this manifest, with a valid signature
    timestamp_authority: str = ""  # who signed that token, as its certificate names itself
    timestamp_chain_trusted: bool = False  # that authority leads to a root the creator trusts (system or chosen)
    timestamp_trust_root: str = ""  # that root, as it names itself
    timestamp_trust: str = ""  # in words: "trusted by <root> (<where>)", or why not
    manifest_changed: bool = False  # a CreatorWatch bundle whose manifest was edited after it was made
    # ZIP headers that differ as a zip program writes them, while every file's contents check out: a bundle
    # unzipped and zipped again. Nothing in it changed, so it passes; said in one note (zip_layout.py).
    repacked: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def repacked_files(self) -> list[str]:
        """The files whose ZIP header differs though their contents are unchanged."""
        return [p.path for p in self.repacked if p.path != DIRECTORY]

    def as_json(self) -> dict[str, object]:
        return {"bundle": str(self.bundle), "ok": self.ok, "checked": self.checked, "timestamp": self.timestamp,
                "trusted_timestamp": self.trusted_timestamp, "timestamp_authority": self.timestamp_authority,
                "timestamp_chain_trusted": self.timestamp_chain_trusted,
                "timestamp_trust_root": self.timestamp_trust_root, "timestamp_trust": self.timestamp_trust,
                "problems": [{"kind": p.kind, "path": p.path, "why": p.why} for p in self.problems],
                "manifest_changed": self.manifest_changed, "content_changed": bool(self.problems),
                "repacked": self.repacked_files, "notes": [self.repacked_note] if self.repacked else []}

    @property
    def repacked_note(self) -> str:
        """The re-packing in one sentence: a bundle unzipped and zipped again had one line for each of its files."""
        files = len(self.repacked_files)
        which = (f"{counted(files, 'file')} {'has' if files == 1 else 'have'} other ZIP headers than export wrote"
                 if files else "its ZIP directory is laid out otherwise")
        if self.problems:
            return f"this ZIP was also re-packed ({which}); that alone changes nothing in it"
        return f"this ZIP was re-packed ({which}), but nothing in it changed"


def verify_bundle(path: Path, trust: TrustRoots | None = None) -> VerifyResult:
    """Everything that differs from what the bundle's manifest records; an empty list of problems means
    nothing in the bundle changed since it was made. A timestamp's authority is checked against `trust` (the
    system's trust store by default); one the creator chose that it does not lead to is a problem too."""
    result = VerifyResult(path)
    try:
        with open_regular(path) as handle, zipfile.ZipFile(handle) as bundle:
            _verify(bundle, result, trust)
            named = {p.path for p in result.problems}  # one problem per file: its header is moot once it is named
            folders = {i.filename for i in bundle.infolist() if i.is_dir() and i.file_size == 0}  # not files
            differences = [d for d in layout_problems(handle, bundle, named)  # a folder entry is no file
                           if d.where not in named and (d.altered or d.where not in folders)]
            for d in differences:
                # the files could not be checked without a manifest: their contents may have changed too
                altered = d.altered or result.manifest is None
                (result.problems if altered else result.repacked).append(Problem("damaged", d.where, d.why))
    except UnreadableMedia as exc:
        result.problems.append(Problem("damaged", path.name, str(exc)))
    except _UNREADABLE as exc:  # the library's own words ("File is not a zip file") say nothing more
        why = f" ({exc.strerror})" if isinstance(exc, OSError) and exc.strerror else ""
        result.problems.append(Problem("damaged", path.name, f"the file is not a readable ZIP{why}"))
    return result


def _verify(bundle: zipfile.ZipFile, result: VerifyResult, trust: TrustRoots | None) -> None:
    names = [info.filename for info in bundle.infolist() if not info.is_dir()]
    for name, count in Counter(names).items():
        if count > 1:
            result.problems.append(Problem("added", name, f"the bundle holds {count} files with this name"))
    try:
        raw = _read_capped(bundle, MANIFEST, MAX_MANIFEST_BYTES)
        manifest = result.manifest = Manifest.from_bytes(raw)
    except KeyError:
        result.problems.append(Problem("removed", MANIFEST, "the manifest is missing, so nothing can be checked"))
        return
    except (ManifestError, *_UNREADABLE) as exc:
        result.problems.append(Problem("manifest", MANIFEST, str(exc)))
        result.manifest_changed = isinstance(exc, ManifestChanged)
        return
    present = set(names)
    listed = {entry.path for entry in manifest.files}
    for entry in manifest.files:
        if entry.path not in present:
            result.problems.append(Problem("removed", entry.path, "listed in the manifest but not in the bundle"))
            continue
        result.checked += 1
        digest, size, why = _hash_member(bundle, entry.path, entry.size)
        if why:
            result.problems.append(Problem("damaged", entry.path, why))
        elif digest != entry.sha256:
            result.problems.append(Problem("changed", entry.path, "its SHA-256 differs from the manifest's"))
        elif size != entry.size:
            result.problems.append(Problem("changed", entry.path, f"{size} bytes, the manifest says {entry.size}"))
    for name in sorted(present - listed - UNLISTED):
        result.problems.append(Problem("added", name, "in the bundle but not listed in the manifest"))
    if TIMESTAMP in present:
        try:
            token = _read_capped(bundle, TIMESTAMP, MAX_TOKEN_BYTES)
        except _UNREADABLE as exc:
            result.problems.append(Problem("damaged", TIMESTAMP, f"cannot be read back from the ZIP ({exc})"))
            return
        check = check_timestamp(token, raw, trust=trust or system_roots())
        result.timestamp = check.message
        result.trusted_timestamp, result.timestamp_authority = check.ok, check.authority
        result.timestamp_chain_trusted, result.timestamp_trust_root = check.chain_trusted, check.trust_root
        result.timestamp_trust = check.trust
        if not check.ok and not check.unknown_issuer:  # unknown to the system store: said, not a change
            result.problems.append(Problem("timestamp", TIMESTAMP, check.message))
    elif manifest.trusted_timestamp:
        result.problems.append(Problem("removed", TIMESTAMP, REMOVED_TIMESTAMP))
        result.timestamp = f"no trusted timestamp: {REMOVED_TIMESTAMP}"


def _read_capped(bundle: zipfile.ZipFile, name: str, cap: int) -> bytes:
    """The member `name` inflated, or ValueError once it passes `cap` bytes (a deflate bomb is not obeyed)."""
    with bundle.open(name) as member:
        data = member.read(cap + 1)
    if len(data) > cap:
        raise ValueError(f"it unpacks to more than {cap // (1024 * 1024)} MB, far more than it could honestly "
                         "hold, so it was not read")
    return data


def _hash_member(bundle: zipfile.ZipFile, name: str, expected: int) -> tuple[str, int, str]:
    """SHA-256 and size of the member, inflating at most one byte past the `expected` size (then it has changed)."""
    digest, size = hashlib.sha256(), 0
    try:
        with bundle.open(name) as member:
            while size <= expected and (chunk := member.read(min(1024 * 1024, expected + 1 - size))):
                digest.update(chunk)
                size += len(chunk)
    except _UNREADABLE as exc:
        return "", size, f"cannot be read back from the ZIP ({exc})"
    return digest.hexdigest(), size, ""
