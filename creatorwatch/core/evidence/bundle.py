"""Export: one or more recorded matches as an evidence bundle — a ZIP holding manifest.json, custody.jsonl,
report.html and report.pdf, the work (or only its hash and a reduced preview), the captured candidate files
and WARC, notice.txt (the draft to send: a DMCA notice; for voice likenesses alone an impersonation report; for
mentions alone an opt-out request), and optionally a trusted timestamp. Written to a partial name and renamed
into place, with its custody entries kept in step with the file (export_record.py)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils

from creatorwatch.core.evidence import export_record
from creatorwatch.core.evidence.custody import CustodyEntry, utc_now
from creatorwatch.core.evidence.draft import draft_to_send
from creatorwatch.core.evidence.figures import excerpts, figures
from creatorwatch.core.evidence.gather import MatchEvidence, gather
from creatorwatch.core.evidence.letter import PUT_ADDRESS, in_bundle
from creatorwatch.core.evidence.lumen_note import wants_notice_note
from creatorwatch.core.evidence.manifest import FileEntry, Manifest
from creatorwatch.core.evidence.passages import passages
from creatorwatch.core.evidence.pdf import render_pdf
from creatorwatch.core.evidence.probe_exchange import probe_exchange
from creatorwatch.core.evidence.report import Report, ReportMatch, render_html
from creatorwatch.core.evidence.timestamp import NOT_STAMPED, request_timestamp
from creatorwatch.core.evidence.unconfirmed import licensed, licensed_note, unconfirmed, unconfirmed_note
from creatorwatch.core.evidence.writer import BundleWriter
from creatorwatch.core.library.works import Work, sha256_file
from creatorwatch.core.net.client import HttpClient
from creatorwatch.core.records.notice_details import load_notice_details
from creatorwatch.core.store.atomic import write_text
from creatorwatch.core.store.keep_earlier import earlier_files, earlier_name, keep_earlier
from creatorwatch.core.store.output_place import cannot_write_there, check_file_place


@dataclass(frozen=True)
class ExportOptions:
    include_work: bool = True  # False: for privacy, only the work's hash and a reduced preview
    tsa_url: str | None = None  # an RFC 3161 timestamp authority; None: no timestamp
    recipient: str = ""  # who the notice is addressed to, if known


@dataclass
class ExportResult:
    path: Path
    manifest: Manifest
    sha256: str
    timestamp: str
    warnings: list[str] = field(default_factory=list)
    notice_copy: Path | None = None  # the editable copy of notice.txt beside the bundle (not covered by verify)
    notice_local: bool = False  # the notice names a copy found as a file on the disk: its web address is to fill in

    @property
    def timestamp_missed(self) -> str:
        """Why the trusted timestamp asked for is not in the bundle; "" when it is, or when none was asked for."""
        return self.timestamp if self.timestamp.startswith(NOT_STAMPED) else ""


def export_bundle(db: sqlite_utils.Database, match_ids: list[int], target: Path,
                  options: ExportOptions | None = None, *, secrets: Iterable[str] = (),
                  http: HttpClient | None = None) -> ExportResult:
    """Write the evidence bundle for `match_ids` to `target` (a file already there is kept under a new name, see
    core/store/keep_earlier.py). `secrets` are the stored tokens: a bundle that would contain one is refused.
    Records "exported" in each match's custody log once the file is in place."""
    options = options or ExportOptions()
    matches = gather(db, match_ids)
    check_file_place(target, "the evidence bundle", "evidence.zip")
    created = utc_now()
    mode = "original" if options.include_work else "hash-and-preview"
    warnings = [unconfirmed_note(len(waiting), len(matches))] if (waiting := unconfirmed(m.finding for m in matches)) \
        else []
    warnings += [licensed_note(f) for f in licensed(m.finding for m in matches)]
    stamp_message = ["no trusted timestamp (none asked for)"]
    about_notice = len(warnings)  # what the notice needs from the creator is said with these, before the gaps
    pending = export_record.begin(db, target, [m.id for m in matches], created)
    writer = BundleWriter(target, secrets)
    try:
        with writer:
            placed: dict[int, list[FileEntry]] = {}
            report_matches = [_add_match(writer, m, options.include_work, placed, warnings) for m in matches]
            editable = notice_copy_path(target)
            to_send = not wants_notice_note(matches)  # takedown notices that name the creator: a note, nothing to sign
            report = Report(created, report_matches, mode, editable.name if to_send else "",
                            _bundle_names(target, matches), target.name)
            writer.add_bytes("report.html", render_html(report).encode("utf-8"), "report")
            writer.add_bytes("report.pdf", render_pdf(report), "report-pdf")
            notice = draft_to_send(matches, load_notice_details(db), options.recipient)
            writer.add_bytes("notice.txt", (in_bundle(notice, editable.name) if to_send else notice).encode("utf-8"),
                             "notice")
            writer.add_bytes("custody.jsonl", _custody(matches, created, target.name), "custody")
            manifest = writer.finish([m.id for m in matches], mode, _stamper(options, http, stamp_message),
                                     [_addresses(m) for m in matches])
            digest = sha256_file(writer.partial)
            pending = export_record.ready(db, pending, digest, {"bundle": target.name, "bundle_sha256": digest,
                                                               "timestamp": stamp_message[0]})
            if earlier := keep_earlier(target):
                warnings.append(f"a bundle was already at {target.name}: it is kept beside the new one as "
                                f"{earlier.name}")
            writer.place()
    except BaseException as exc:
        if not writer.placed:  # nothing appeared: forget the export (once placed, the sweep completes it)
            export_record.abandon(db, pending)
        if isinstance(exc, OSError) and (said := cannot_write_there(target, exc)) is not exc:
            raise said from exc
        raise
    export_record.complete(db, pending)
    local = PUT_ADDRESS[:-1] in notice
    if local:
        warnings.insert(about_notice, "a copy was found as a file on your computer, so the notice cannot say where "
                        "it is published: replace \"" + PUT_ADDRESS[:-1] + " …]\" in it with the copy's web address")
    copy = _write_notice_copy(editable, notice, warnings) if to_send else None
    return ExportResult(target, manifest, digest, stamp_message[0], warnings, copy, local)


def _bundle_names(target: Path, matches: list[MatchEvidence]) -> dict[str, str]:
    """The earlier bundles saved under this bundle's name, by SHA-256, with the names they have now (or will have,
    for the one at `target`, once this one is placed), so the timeline names them as they are now called."""
    if not any(e.action == "exported" and e.detail.get("bundle") == target.name for m in matches for e in m.history):
        return {}
    names: dict[str, str] = {}
    kept = earlier_name(target)
    for path, name in [*((p, p.name) for p in earlier_files(target)), *([(target, kept.name)] if kept else [])]:
        try:
            names[sha256_file(path)] = name
        except OSError:
            continue
    return names


def notice_copy_path(bundle: Path) -> Path:
    """Where export saves the notice to fill in and sign: beside the bundle, named after it."""
    return bundle.with_name(f"{bundle.stem} notice.txt")


def _write_notice_copy(path: Path, notice: str, warnings: list[str]) -> Path | None:
    """The draft to complete, outside the bundle (editing notice.txt inside it makes verify fail). A file already
    there, perhaps a notice already completed and signed, is kept under an earlier name, as the bundle is."""
    try:
        if earlier := keep_earlier(path):
            warnings.append(f"a file was already at {path.name}: it is kept beside the new one as {earlier.name}")
        write_text(path, notice)
    except OSError as exc:
        warnings.append(f"the editable copy of the notice could not be saved beside the bundle ({exc.strerror or exc});"
                        " copy notice.txt out of the bundle to fill it in")
        return None
    return path


def _add_match(writer: BundleWriter, m: MatchEvidence, include_work: bool, placed: dict[int, list[FileEntry]],
               warnings: list[str]) -> ReportMatch:
    files: list[FileEntry] = []
    work_file = _usable_work_file(m.work, warnings)
    if m.work is not None:
        if m.work.id not in placed:
            placed[m.work.id] = _add_work(writer, m.work, work_file if include_work else None)
        files += placed[m.work.id]
    folder = f"matches/{m.id}"
    for capture in m.captures:
        for f in capture.files:
            files.append(writer.add_file(f"{folder}/capture-{capture.id}/{f['name']}", capture.folder / f["name"],
                                         f["role"]))
        files.append(writer.add_file(f"{folder}/capture-{capture.id}/capture.json", capture.folder / "capture.json",
                                     "capture-facts"))
    if m.candidate_text:
        files.append(writer.add_bytes(f"{folder}/candidate-text.txt", m.candidate_text.encode("utf-8"),
                                      "candidate-text"))
    if m.provenance is not None:  # the found file's Content Credentials: its manifest and validation report
        files.append(writer.add_bytes(f"{folder}/provenance.json", json.dumps(
            m.provenance, indent=2, ensure_ascii=False, default=str).encode("utf-8"), "provenance"))
    if m.work is None and m.finding.type == "match":
        warnings.append(f"match #{m.id}: the work it copied was removed from your library, so the notice cannot "
                        "name it")
    if not m.captures and m.finding.type == "match":
        why = m.finding.evidence.get("no_copy")  # a rescan's find that could not get a copy says why
        warnings.append(f"match #{m.id}: " + (f"{str(why)[:1].lower()}{str(why)[1:].rstrip('.')}" if why else
                        "no capture of the candidate was kept (it was found before captures existed, or it was "
                        "matched from its text only)"))
    private = not include_work
    work_figure, candidate_figure = figures(m, work_file, private)
    for figure in (work_figure, candidate_figure):
        if figure is not None:
            files.append(writer.add_bytes(figure.path, figure.data, "preview"))
    copied = passages(m, work_file, private)
    work_excerpt, candidate_excerpt = (None, None) if copied else excerpts(m, work_file, private)
    return ReportMatch(m, work_figure, candidate_figure, work_excerpt, candidate_excerpt, files, copied,
                       probe_exchange(m, private))


def _addresses(m: MatchEvidence) -> dict[str, Any]:
    """Where the match was found, for the manifest: its address, the page it was on and the file itself."""
    f = m.finding
    return {"match": m.id, "candidate_url": f.candidate_url, "page_url": f.page_url, "media_url": f.media_url}


def _add_work(writer: BundleWriter, work: Work, original: Path | None) -> list[FileEntry]:
    folder = f"work/{work.id}"
    facts = {"id": work.id, "title": work.title, "kind": work.kind, "format": work.format, "size": work.size,
             "sha256": work.sha256, "added_at": work.added_at, "file_name": _safe_name(work.path)}
    entries = [writer.add_bytes(f"{folder}/work.json", json.dumps(facts, indent=2, ensure_ascii=False).encode(),
                                "work-facts")]
    if original is not None:
        entries.append(writer.add_file(f"{folder}/{_safe_name(work.path)}", original, "work"))
    return entries


def _usable_work_file(work: Work | None, warnings: list[str]) -> Path | None:
    """The work's file, if it is still where it was added and unchanged (else only its recorded hash)."""
    if work is None:
        return None
    path = Path(work.path)
    if not path.is_file():
        warnings.append(f"work #{work.id} \"{work.title}\": its file is no longer at {path}; the bundle holds "
                        "its recorded hash only")
        return None
    if sha256_file(path) != work.sha256:
        warnings.append(f"work #{work.id} \"{work.title}\": its file changed since it was added; the bundle "
                        "holds its recorded hash only")
        return None
    return path


def _custody(matches: list[MatchEvidence], created: str, bundle_name: str) -> bytes:
    lines = [entry.line() for m in matches for entry in m.history]
    lines += [CustodyEntry(created, m.id, "exported", {"bundle": bundle_name}).line() for m in matches]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _stamper(options: ExportOptions, http: HttpClient | None,
             message: list[str]) -> Callable[[bytes], bytes | None] | None:
    if not options.tsa_url:
        return None
    tsa_url = options.tsa_url

    def stamp(manifest: bytes) -> bytes | None:
        client = http or HttpClient(source="timestamp authority", retries=1, connect_timeout=10, read_timeout=20)
        try:
            outcome = request_timestamp(manifest, tsa_url, client)
        finally:
            if http is None:
                client.close()
        message[0] = outcome.message
        return outcome.token

    return stamp


def _safe_name(path: str) -> str:
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    return re.sub(r"[^\w.\- ]", "_", name).strip() or "work"


