"""A bundle's ZIP must be laid out exactly as writer.py makes it, so that a byte changed outside the files'
contents (a header, a date, the directory, a comment, bytes added at either end) is caught as surely as one
inside them — which the SHA-256 of each file, and ZIP readers, never look at."""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Collection
from typing import IO

LOCAL = struct.Struct("<4s2B4HL2L2H")  # a local file header (zipfile.structFileHeader)
CENTRAL = struct.Struct("<4s4B4HL2L5H2L")  # a directory entry (zipfile.structCentralDir)
END = struct.Struct("<4s4H2LH")  # the end-of-directory record (zipfile.structEndArchive)
ZIP64_SIZES = struct.Struct("<HHQQ")  # the extra field the writer's streamed members carry: id 1, sizes
FILE_MODE = 0o644 << 16  # writer.py gives every member these attributes
UNIX = 3  # and this "made by" system
LIMIT = 0xFFFFFFFF
DIRECTORY = "ZIP directory"  # where a problem with the archive's directory or its ends is said to be


def layout_problems(handle: IO[bytes], bundle: zipfile.ZipFile,
                    named: Collection[str] = ()) -> list[tuple[str, str]]:
    """(member or DIRECTORY, what differs) for every departure from the writer's layout; none if intact.

    Members in `named` already failed: their compressed data is not inflated again (it may be a deflate bomb).
    """
    problems: list[tuple[str, str]] = []
    at = 0
    for info in sorted(bundle.infolist(), key=lambda i: i.header_offset):
        why, at = _member(handle, info, at, inflate=info.filename not in named)
        if why:
            problems.append((info.filename, f"its ZIP header was altered ({why})"))
    handle.seek(0, 2)
    end = handle.tell() - END.size
    handle.seek(max(end, 0))
    record = handle.read(END.size)
    count = len(bundle.infolist())
    expected = (b"PK\x05\x06", 0, 0, count, count, end - at, at, 0)
    big = at >= LIMIT or count >= 0xFFFF  # then the writer adds ZIP64 end records, not checked here
    if not big and (at != getattr(bundle, "start_dir", at) or END.unpack_from(record.ljust(END.size)) != expected
                    or not _directory_fits(handle, bundle.infolist(), at, end)):
        problems.append((DIRECTORY, "the archive's directory or its ends were altered"))
    return problems


def _member(handle: IO[bytes], info: zipfile.ZipInfo, expected_offset: int, inflate: bool = True) -> tuple[str, int]:
    """What in this member's local header or directory entry differs, and where the next member starts."""
    handle.seek(info.header_offset)
    raw = handle.read(LOCAL.size)
    if len(raw) < LOCAL.size:
        return "it is cut short", expected_offset
    sig, version, system, flags, method, time, date, crc, csize, size, name_len, extra_len = LOCAL.unpack(raw)
    name, extra = handle.read(name_len), handle.read(extra_len)
    year, month, day, hour, minute, second = info.date_time
    streamed = (csize, size) == (LIMIT, LIMIT)
    checks = {
        "position": info.header_offset == expected_offset and sig == b"PK\x03\x04",
        "version": version == info.extract_version == info.create_version and system == info.reserved == 0,
        "flags": flags == info.flag_bits and method == info.compress_type,
        "date": (date, time) == ((year - 1980) << 9 | month << 5 | day, hour << 11 | minute << 5 | second // 2),
        "checksum or size": crc == info.CRC and (streamed or (csize, size) == (info.compress_size, info.file_size)),
        "name": name == info.orig_filename.encode("utf-8" if flags & 0x800 else "cp437"),
        "extra field": extra == (ZIP64_SIZES.pack(1, 16, info.file_size, info.compress_size) if streamed else b""),
        "attributes": (info.create_system, info.external_attr, info.internal_attr, info.volume, info.comment)
        == (UNIX, FILE_MODE, 0, 0, b""),
    }
    if max(info.file_size, info.compress_size, info.header_offset) < LIMIT:
        checks["directory extra field"] = info.extra == b""
    checks["compressed data"] = (method != zipfile.ZIP_DEFLATED or not inflate
                                 or _deflate_ends_exactly(handle, info.compress_size))
    wrong = [what for what, ok in checks.items() if not ok]
    return ", ".join(wrong), info.header_offset + LOCAL.size + name_len + extra_len + info.compress_size


def _deflate_ends_exactly(handle: IO[bytes], length: int) -> bool:
    """A deflate stream that ends at its last byte: a flipped "final block" bit changes no content, but this."""
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
