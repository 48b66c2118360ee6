"""Protect works: write copies that carry every machine-readable "do not train" signal their format can hold.

The original is only read. Each copy is made under a temporary name, read back and checked (the signal is there,
the pixels or pages are the same, the copy still fingerprints as the work), then renamed into place and recorded
in the library, linked to its work.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from creatorwatch.core.errors import UnreadableMedia
from creatorwatch.core.fingerprint.registry import modality
from creatorwatch.core.library.works import Library, Work, sha256_file
from creatorwatch.core.optout.audio_tags import VORBIS_COMMENTS, read_audio_reservation, tag_audio
from creatorwatch.core.optout.files import write_atomic
from creatorwatch.core.optout.image_xmp import read_xmp, with_xmp
from creatorwatch.core.optout.pdf_meta import pdf_with_reservation, read_pdf_xmp
from creatorwatch.core.optout.same_copy import already_there
from creatorwatch.core.optout.text_notice import text_notice
from creatorwatch.core.optout.xmp import (
    AIML_PROHIBITED,
    ALL_MINING_PROHIBITED,
    PROHIBITING,
    Reservation,
    parse_packet,
    reservation_packet,
    xmp_values,
)
from creatorwatch.core.optout.year_made import year_made
from creatorwatch.core.records.notice_details import load_notice_details
from creatorwatch.core.store.atomic import place
from creatorwatch.core.store.db import cannot_store, transaction
from creatorwatch.core.store.keep_earlier import keep_earlier
from creatorwatch.core.store.output_place import cannot_write_there, check_folder_place
from creatorwatch.core.store.preferences import load_preferences

IMAGE_FORMATS = ("PNG", "JPEG", "WebP")


@dataclass
class ProtectedCopy:
    work: Work
    path: Path | None = None
    signals: list[str] = field(default_factory=list)  # what the copy carries, in words
    sidecar: Path | None = None  # an XMP sidecar beside the copy, for formats that cannot hold the signal inside
    match_score: float | None = None  # the copy's fingerprint against the work's (None: not comparable)
    notes: list[str] = field(default_factory=list)
    problem: str = ""  # why no copy was written ("" when it was)
    rights: str = ""  # the rights statement it carries, with the year the work was made
    year_from: str = ""  # where that year was read: "EXIF DateTimeOriginal", "the file's modification time" …
    unsigned: str = ""  # why the Content Credentials asked for (sign=True) are not in the copy ("" when they are)
    earlier: Path | None = None  # where a file already at the copy's name was kept (core/store/keep_earlier.py)

    def as_json(self) -> dict[str, object]:
        return {"work_id": self.work.id, "work_path": self.work.path, "copy": str(self.path) if self.path else None,
                "sidecar": str(self.sidecar) if self.sidecar else None, "signals": list(self.signals),
                "matches_work": self.match_score, "notes": list(self.notes), "error": self.problem or None,
                "rights": self.rights or None, "year_from": self.year_from or None,
                "c2pa_error": self.unsigned or None, "earlier": str(self.earlier) if self.earlier else None}


NAME_NOT_SET = ("your name is not set, and protected copies say who holds the rights (\u00a9 YEAR YOUR NAME); set it "
                "first (creatorwatch settings creator_name \"\u2026\", or Name on the Settings page)")


class CopyCheckFailed(ValueError):
    """The copy did not read back as it was written; it is discarded and the message says what was wrong."""


def reservation_from_settings(db: sqlite_utils.Database, *, policy_url: str = "", all_mining: bool = False
                              ) -> Reservation:
    """The creator's name and contact from Settings (or the evidence notice details) for the copies' rights."""
    prefs = load_preferences(db)
    details = load_notice_details(db)
    return Reservation(name=prefs.creator_name or details.name, contact=prefs.creator_contact or details.email,
                       policy_url=policy_url, data_mining=ALL_MINING_PROHIBITED if all_mining else AIML_PROHIBITED)


def protect_works(library: Library, work_ids: Iterable[int], folder: Path, reservation: Reservation,
                  *, sign: bool = False) -> list[ProtectedCopy]:
    """One result per id, in order; a work that cannot be protected gets a `problem` and the others go on.

    `sign` adds C2PA Content Credentials (training and mining not allowed) with a self-made, untrusted
    certificate to the formats that can carry them; a copy they could not be added to is still written (it
    carries every other signal) and says why in `unsigned`. A file already at a copy's name is kept beside it
    under a new name (`earlier`), as an export keeps an earlier bundle."""
    check_folder_place(folder)
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        if (said := cannot_write_there(folder, exc)) is exc:
            raise
        raise said from exc
    results: list[ProtectedCopy] = []
    used: set[Path] = set()
    for work_id in work_ids:
        work = library.get(work_id)
        if work is None:
            results.append(ProtectedCopy(_missing(work_id), problem=f"there is no work #{work_id} in the library"))
            continue
        if not reservation.name:  # never a copy given out with no one, or a placeholder, as the rightholder
            results.append(ProtectedCopy(work, problem=NAME_NOT_SET))
            continue
        target = _target_name(folder, work, used)
        try:
            copy = _protect_one(library, work, target, reservation, sign)
        except (CopyCheckFailed, ValueError, OSError, UnreadableMedia) as exc:
            copy = ProtectedCopy(work, problem=_plain(exc))
        results.append(copy)
    return results


def protected_copies(db: sqlite_utils.Database, work_id: int | None = None) -> list[dict[str, object]]:
    where, args = ("WHERE work_id = ?", [work_id]) if work_id is not None else ("", [])
    rows = db.execute(f"SELECT work_id, path, sha256, signals, match_score, made_at FROM protected_copies {where}"
                      " ORDER BY id", args).fetchall()
    return [{"work_id": r[0], "path": r[1], "sha256": r[2], "signals": json.loads(r[3]), "matches_work": r[4],
             "made_at": r[5]} for r in rows]


def work_for_copy(db: sqlite_utils.Database, sha256: str) -> int | None:
    """The work a protected copy (by its SHA-256) was made from, so a find of that exact file is the work."""
    row = db.execute("SELECT work_id FROM protected_copies WHERE sha256 = ?", [sha256]).fetchone()
    return int(row[0]) if row else None


# -- one work -----------------------------------------------------------------------------------------------------

def _protect_one(library: Library, work: Work, target: Path, r: Reservation, sign: bool) -> ProtectedCopy:
    source = Path(work.path)
    if not source.is_file():
        raise CopyCheckFailed(f"the work's file is no longer at {source}")
    made = year_made(source, work.format, work.kind)
    r = replace(r, year=made.year)  # the year it was made, not today's
    result = ProtectedCopy(work, rights=r.copyright, year_from=made.said_by)
    if sha256_file(source) != work.sha256:
        result.notes.append("the file changed since it was added to the library; the copy is of the file as it is")
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(handle)
    temp = Path(name)
    try:
        packet, note = reservation_packet(r, _own_xmp(source, work))
        if note:
            result.notes.append(note)
        sidecar_needed = _write_copy(source, temp, work, r, packet, result)
        if sign:
            _sign_copy(temp, work, r, result)
        _check_copy(source, temp, work, result)
        shutil.copymode(source, temp)  # mkstemp made it owner-only; the copy is for sharing, like the original
        result.match_score = _match_score(library, work, temp)
        if result.match_score is None and work.kind != "text":
            raise CopyCheckFailed("the copy no longer fingerprints as the work, so it was not kept")
        same = already_there(temp, target, packet if sidecar_needed else None)
        result.earlier = None if same else keep_earlier(target)  # one made before may be out in the world: not lost
        place(temp, target)
        if same:
            result.notes.append(f"the copy already at {target.name} was the same, byte for byte: no earlier copy "
                                "was kept beside it")
        elif result.earlier:
            result.notes.append(f"a file was already at {target.name}: it is kept beside the new copy as "
                                f"{result.earlier.name}")
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    result.path = target
    if sidecar_needed:
        sidecar = target.with_name(target.name + ".xmp")
        if result.earlier is not None and sidecar.is_file():  # the earlier copy keeps its own sidecar beside it
            write_atomic(result.earlier.with_name(result.earlier.name + ".xmp"), sidecar.read_bytes())
        result.sidecar = write_atomic(sidecar, packet)
        result.signals.append(f"a file beside the copy (.xmp) marking it “not for AI training”, with your copyright"
                              f"{' and contact' if r.contact else ''} (XMP sidecar file: plus:DataMining, dc:rights"
                              f"{', contact' if r.contact else ''})")
    _record(library.db, result)
    return result


def _write_copy(source: Path, temp: Path, work: Work, r: Reservation, packet: bytes, result: ProtectedCopy) -> bool:
    """Write the signal-carrying copy to `temp`; True when the format cannot hold it and needs an XMP sidecar."""
    fmt = work.format
    if fmt in IMAGE_FORMATS:
        temp.write_bytes(with_xmp(source.read_bytes(), packet))
        result.signals += ["marked “not for AI training” (XMP plus:DataMining, IPTC/PLUS)",
                           "your copyright and terms of use (XMP dc:rights and usage terms)"]
        result.signals += ["your contact details (XMP creator contact)"] if r.contact else []  # only what it carries
        return False
    if fmt == "MP3" or fmt in VORBIS_COMMENTS:
        shutil.copyfile(source, temp)
        tag_audio(temp, fmt, r, packet)
        contact = ", CONTACT" if r.contact else ""
        reach = ", with your contact" if r.contact else ""
        result.signals += (["your copyright (ID3 TCOP)",
                            "marked “not for AI training” (ID3 COMM and TXXX:AI_TRAINING=prohibited)",
                            "marked “not for AI training” for programs that read XMP (XMP in ID3 PRIV, "
                            "plus:DataMining)"] if fmt == "MP3" else
                           [f"your copyright and terms, marked “not for AI training”{reach}"
                            f" (Vorbis comments COPYRIGHT, LICENSE, AI_TRAINING=prohibited{contact})"])
        return False
    if fmt == "PDF":
        note = pdf_with_reservation(source, temp, r)
        if note:
            result.notes.append(note)
        result.signals += ["marked “not for AI training” (PDF XMP plus:DataMining)",
                           "your copyright and rights, and a reservation against text and data mining (PDF document "
                           "info Copyright, Rights, TDMReservation)"]
        return False
    if fmt == "text":
        text = source.read_bytes()
        temp.write_bytes(text_notice(r).encode("utf-8") + text)
        result.signals.append("notice at the top of the text")
        return True
    shutil.copyfile(source, temp)
    result.notes.append(f"{fmt} files cannot carry the reservation inside; it is in the .xmp file beside the copy")
    return True


def _sign_copy(temp: Path, work: Work, r: Reservation, result: ProtectedCopy) -> None:
    """Add C2PA Content Credentials to the copy at `temp` and check they read back valid and prohibiting."""
    from creatorwatch.core.optout.c2pa_sign import MIME, SigningUnavailable, reservation_manifest, sign_file
    from creatorwatch.core.optout.provenance import read_provenance

    if work.format not in MIME:
        result.notes.append(f"{work.format} files get no Content Credentials (C2PA)")
        return
    handle, name = tempfile.mkstemp(prefix=f".{temp.name}.", suffix=".c2pa", dir=temp.parent)
    os.close(handle)
    signed = Path(name)
    try:
        sign_file(temp, signed, work.format, reservation_manifest(Path(work.path).name, r.copyright), r.name)
        c2pa = read_provenance(signed)["c2pa"]
        if c2pa["state"] not in ("valid", "trusted") or not c2pa["mining_prohibited"]:
            raise CopyCheckFailed("the copy's Content Credentials did not read back valid: "
                                  + "; ".join(c2pa["problems"][:2]))
        place(signed, temp)
    except SigningUnavailable as exc:
        result.unsigned = str(exc)
        return
    finally:
        signed.unlink(missing_ok=True)
    result.signals.append("signed Content Credentials saying “not for AI training” (C2PA: c2pa.training-mining and "
                          "cawg.training-mining notAllowed; a self-made, untrusted certificate: it proves the file is "
                          "unchanged, not who signed it)")


def _own_xmp(source: Path, work: Work) -> bytes | None:
    """The original's XMP packet, to keep its other properties in the copy."""
    if work.format in IMAGE_FORMATS:
        return read_xmp(source.read_bytes())
    if work.format == "PDF":
        return read_pdf_xmp(source)
    return None


def _check_copy(source: Path, temp: Path, work: Work, result: ProtectedCopy) -> None:
    """Read the copy back: the signal is there and the content is the original's."""
    fmt = work.format
    if fmt in IMAGE_FORMATS:
        _check_data_mining(read_xmp(temp.read_bytes()))
        _check_same_pixels(source, temp)
    elif fmt == "MP3" or fmt in VORBIS_COMMENTS:
        if read_audio_reservation(temp, fmt).get("ai_training") != "prohibited":
            raise CopyCheckFailed("the copy's audio tags did not read back")
    elif fmt == "PDF":
        _check_data_mining(read_pdf_xmp(temp))
        from pypdf import PdfReader

        if len(PdfReader(temp).pages) != len(PdfReader(source).pages):
            raise CopyCheckFailed("the PDF copy does not have the original's pages")
    elif fmt == "text" and not temp.read_bytes().endswith(source.read_bytes()):
        raise CopyCheckFailed("the text copy does not end with the original text")


def _check_data_mining(packet: bytes | None) -> None:
    if packet is None:
        raise CopyCheckFailed("the copy's XMP metadata did not read back")
    values = xmp_values(parse_packet(packet), "plus", "DataMining")
    if not values or values[-1] not in PROHIBITING:
        raise CopyCheckFailed("the copy's XMP does not say that data mining is prohibited")


def _check_same_pixels(source: Path, temp: Path) -> None:
    from PIL import Image

    try:
        with Image.open(source) as a, Image.open(temp) as b:
            same = a.size == b.size and a.mode == b.mode and a.tobytes() == b.tobytes()
    except (OSError, Image.DecompressionBombError) as exc:
        raise CopyCheckFailed("the picture is damaged (cut off or broken), so its copy cannot be checked") from exc
    if not same:
        raise CopyCheckFailed("the copy's pixels differ from the original's")


def _match_score(library: Library, work: Work, copy: Path) -> float | None:
    """The copy's fingerprint scored against the work's alone: the copy must still be found as the work."""
    module = modality(work.kind)
    row = library.db.execute("SELECT version, data FROM fingerprints WHERE work_id = ? AND kind = ?",
                             [work.id, work.kind]).fetchone()
    if row is None:
        return None
    stored = row[1] if row[0] == module.VERSION else module.fingerprint_file(Path(work.path))
    index = module.Index()
    index.add(work.id, stored)
    hits = module.search_file(index, copy, module.DEFAULT_THRESHOLD)
    return round(hits[0].score, 4) if hits else None


def _record(db: sqlite_utils.Database, copy: ProtectedCopy) -> None:
    assert copy.path is not None
    with transaction(db):
        if copy.earlier is not None:  # the earlier copy is still a copy of its work, under its new name
            db.execute("UPDATE protected_copies SET path = ? WHERE path = ?",
                       [str(copy.earlier.absolute()), str(copy.path.absolute())])
        db.execute(
            "INSERT INTO protected_copies (work_id, path, sha256, signals, match_score, made_at) VALUES (?, ?, ?, ?, ?,"
            " ?) ON CONFLICT(path) DO UPDATE SET work_id = excluded.work_id, sha256 = excluded.sha256, signals ="
            " excluded.signals, match_score = excluded.match_score, made_at = excluded.made_at",
            [copy.work.id, str(copy.path.absolute()), sha256_file(copy.path), json.dumps(copy.signals),
             copy.match_score, datetime.now(UTC).isoformat(timespec="seconds")])


def _target_name(folder: Path, work: Work, used: set[Path]) -> Path:
    source = Path(work.path)
    target = folder / source.name
    if target in used or target.resolve() == source.resolve():
        target = folder / f"{source.stem}-protected-{work.id}{source.suffix}"
    used.add(target)
    return target


def _missing(work_id: int) -> Work:
    return Work(work_id, "", "", "", "", 0, "", "", "missing", {})


def _plain(exc: BaseException) -> str:
    full = cannot_store(exc) if isinstance(exc, OSError) else None  # not "[Errno 28] No space left on device"
    text = str(full or exc) or type(exc).__name__
    return text[0].lower() + text[1:] if text else text
