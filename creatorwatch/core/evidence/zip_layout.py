"""A bundle's ZIP, byte by byte outside the files' contents (which the SHA-256 of each file, and ZIP readers, never
look at). Two kinds of difference from the way writer.py lays it out:

- altered: a header that disagrees with its directory entry, bytes that belong to no file (between the files, at
  either end, a comment), a deflate stream that runs on — something a zip program never writes, so it fails;
- re-packed: other versions, dates, attributes, extra fields or compression, in headers that agree with the
  directory, as any zip program writes them when a bundle is unzipped and zipped again — the files are what they
  were, so it is only said."""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Collection
from dataclasses import dataclass
from typing import IO

LOCAL = struct.Struct("<4s2B4HL2L2H")  # a local file header (zipfile.structFileHeader)
CENTRAL = struct.Struct("<4s4B4HL2L5H2L")  # a directory entry (zipfile.structCentralDir)
END = struct.Struct("<4s4H2LH")  # the end-of-directory record (zipfile.structEndArchive)
ZIP64_SIZES = struct.Struct("<HHQQ")  # the extra field the writer's streamed members carry: id 1, sizes
FILE_MODE = 0o644 << 16  # writer.py gives every member these attributes
UNIX = 3  # and this "made by" system
LIMIT = 0xFFFFFFFF
DESCRIBED = 0x08  # the general-purpose flag of a member whose checksum and sizes follow its data
DIRECTORY = "ZIP directory"  # where a problem with the archive's directory or its ends is said to be


@dataclass(frozen=True)
class LayoutDifference:
    where: str  # a member's name, or DIRECTORY
    why: str
    altered: bool  # True: not what a zip program writes (fails the bundle); False: only re-packed


def layout_problems(handle: IO[bytes], bundle: zipfile.ZipFile,
                    named: Collection[str] = ()) -> list[LayoutDifference]:
    """Every departure from the writer's layout; none if intact.

    Members in `named` already failed: their compressed data is not inflated again (it may be a deflate bomb).
    """
    problems: list[LayoutDifference] = []
    at = 0
    for info in sorted(bundle.infolist(), key=lambda i: i.header_offset):
        altered, repacked, at = _member(handle, info, at, inflate=info.filename not in named)
        if altered:
            problems.append(LayoutDifference(info.filename, f"its ZIP header was altered ({altered})", True))
        elif repacked:
            problems.append(LayoutDifference(info.filename, f"its ZIP header was re-packed ({repacked})", False))
    handle.seek(0, 2)
    end = handle.tell() - END.size
    handle.seek(max(end, 0))
    record = handle.read(END.size)
    count = len(bundle.infolist())
    expected = (b"PK\x05\x06", 0, 0, count, count, end - at, at, 0)
    big = at >= LIMIT or count >= 0xFFFF  # then the writer adds ZIP64 end records, not checked here
    if not big and (at != getattr(bundle, "start_dir", at) or END.unpack_from(record.ljust(END.size)) != expected
                    or not _directory_fits(handle, bundle.infolist(), at, end)):
        problems.append(LayoutDifference(DIRECTORY, "the archive's directory or its ends were altered", True))
    return problems


def _member(handle: IO[bytes], info: zipfile.ZipInfo, expected_offset: int,
            inflate: bool = True) -> tuple[str, str, int]:
    """What in this member's local header or directory entry is altered, what is only re-packed, and where the
    next member starts."""
    handle.seek(info.header_offset)
    raw = handle.read(LOCAL.size)
    if len(raw) < LOCAL.size:
        return "it is cut short", "", expected_offset
    sig, version, system, flags, method, time, date, crc, csize, size, name_len, extra_len = LOCAL.unpack(raw)
    name, extra = handle.read(name_len), handle.read(extra_len)
    year, month, day, hour, minute, second = info.date_time
    streamed = (csize, size) == (LIMIT, LIMIT)
    described = bool(flags & DESCRIBED)  # checksum and sizes in a data descriptor after the data
    data_end = info.header_offset + LOCAL.size + name_len + extra_len + info.compress_size
    descriptor = _descriptor_length(handle, info, data_end) if described else 0
    agrees = {  # the local header against its directory entry, and every byte accounted for
        "position": info.header_offset == expected_offset and sig == b"PK\x03\x04",
        "version": (version, system) == (info.extract_version, info.reserved),
        "flags": flags == info.flag_bits and method == info.compress_type,
        "date": (date, time) == ((year - 1980) << 9 | month << 5 | day, hour << 11 | minute << 5 | second // 2),
        "checksum or size": descriptor > 0 if described else
        crc == info.CRC and (csize, size) == (info.compress_size, info.file_size) if not streamed else
        crc == info.CRC and _zip64_sizes(extra) == (info.file_size, info.compress_size),
        "name": name == info.orig_filename.encode("utf-8" if flags & 0x800 else "cp437"),
    }
    agrees["compressed data"] = (method != zipfile.ZIP_DEFLATED or not inflate
                                 or _deflate_ends_exactly(handle, info.compress_size, data_end - info.compress_size))
    as_written = {  # what writer.py writes, and another zip program writes otherwise
        "version": info.extract_version == info.create_version and info.reserved == 0,
        "extra field": extra == (ZIP64_SIZES.pack(1, 16, info.file_size, info.compress_size) if streamed else b""),
        "attributes": (info.create_system, info.external_attr, info.internal_attr, info.volume, info.comment)
        == (UNIX, FILE_MODE, 0, 0, b""),
        "data descriptor": not described,
    }
    if max(info.file_size, info.compress_size, info.header_offset) < LIMIT:
        as_written["directory extra field"] = info.extra == b""
    altered = ", ".join(what for what, ok in agrees.items() if not ok)
    repacked = ", ".join(what for what, ok in as_written.items() if not ok)
    return altered, repacked, data_end + descriptor


def _zip64_sizes(extra: bytes) -> tuple[int, int] | None:
    """The sizes a local header's ZIP64 extra field gives (its sizes say "see there"), or None; None too when the
    extra fields' stated lengths do not fill it exactly."""
    at, sizes = 0, None
    while at + 4 <= len(extra):
        kind, length = struct.unpack_from("<HH", extra, at)
        if kind == 1 and length == 16 and at + 20 <= len(extra):
            sizes = struct.unpack_from("<QQ", extra, at + 4)
        at += 4 + length
    return sizes if at == len(extra) else None


def _descriptor_length(handle: IO[bytes], info: zipfile.ZipInfo, at: int) -> int:
    """The length of the data descriptor at `at` that repeats the directory's checksum and sizes, or 0."""
    handle.seek(at)
    raw = handle.read(28)
    for start in (4, 0) if raw[:4] == b"PK\x07\x08" else (0,):
        for sizes, length in (("<LL", 8), ("<QQ", 16)):
            if len(raw) >= start + 4 + length and struct.unpack_from("<L", raw, start)[0] == info.CRC and \
                    struct.unpack_from(sizes, raw, start + 4) == (info.compress_size, info.file_size):
                return start + 4 + length
    return 0


def _deflate_ends_exactly(handle: IO[bytes], length: int, start: int) -> bool:
    """A deflate stream that ends at its last byte: a flipped "final block" bit changes no content, but this."""
    handle.seek(start)
    inflate = zlib.decompressobj(-zlib.MAX_WBITS)
    try:
        while length > 0 and not inflate.eof:
            chunk = handle.read(min(length, 1 << 20))
            if not chunk:
                return False
            length -= len(chunk)
            inflate.decompress(chunk, 1 << 20)
            while inflate.unconsumed_tail and not inflate.eof:
                inflate.decompress(inflate.unconsumed_tail, 1 << 20)
    except zlib.error:
        return False
    return inflate.eof and length == 0 and not inflate.unused_data and not inflate.unconsumed_tail


def _directory_fits(handle: IO[bytes], infos: list[zipfile.ZipInfo], start: int, end: int) -> bool:
    """Each directory entry's stated name, extra and comment lengths are the ones read, ending at the end record
    (a reader stops quietly where the stated lengths run past the directory)."""
    handle.seek(start)
    for info in infos:
        fields = CENTRAL.unpack_from(handle.read(CENTRAL.size).ljust(CENTRAL.size))
        name = info.orig_filename.encode("utf-8" if info.flag_bits & 0x800 else "cp437")
        if fields[12:15] != (len(name), len(info.extra), len(info.comment)):
            return False
        handle.seek(sum(fields[12:15]), 1)
    return handle.tell() == end
