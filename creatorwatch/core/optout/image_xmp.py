"""Put an XMP packet into a PNG, JPEG or WebP file, and read it back, without re-encoding a single pixel.

Each format is walked chunk by chunk (segment by segment) with every length checked, so a truncated or hostile
file raises BadImage with plain words instead of being misread.
"""

from __future__ import annotations

import struct
import zlib

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_XMP_KEYWORD = b"XML:com.adobe.xmp"
JPEG_XMP_HEADER = b"http://ns.adobe.com/xap/1.0/\x00"
JPEG_SEGMENT_MAX = 65533  # a segment's length field counts itself: 65535 - 2
WEBP_XMP_FLAG = 0x04


class BadImage(ValueError):
    """The image is cut off or its structure is broken; the message says where."""


def image_format(data: bytes) -> str | None:
    if data.startswith(PNG_SIGNATURE):
        return "PNG"
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WebP"
    return None


def with_xmp(data: bytes, packet: bytes) -> bytes:
    """`data` (PNG, JPEG or WebP) with its XMP packet replaced by `packet`; pixels untouched."""
    kind = image_format(data)
    if kind == "PNG":
        return _png_with_xmp(data, packet)
    if kind == "JPEG":
        return _jpeg_with_xmp(data, packet)
    if kind == "WebP":
        return _webp_with_xmp(data, packet)
    raise BadImage("only PNG, JPEG and WebP pictures can carry the reservation inside the file")


def read_xmp(data: bytes) -> bytes | None:
    """The XMP packet inside a PNG, JPEG or WebP file, or None when it has none (or is another format)."""
    kind = image_format(data)
    if kind == "PNG":
        for kind_, body in _png_chunks(data):
            if kind_ == b"iTXt" and body.startswith(PNG_XMP_KEYWORD + b"\x00"):
                return _itxt_text(body)
    elif kind == "JPEG":
        for marker, segment in _jpeg_segments(data)[0]:
            if marker == 0xE1 and segment[4:].startswith(JPEG_XMP_HEADER):
                return segment[4 + len(JPEG_XMP_HEADER):]
    elif kind == "WebP":
        for fourcc, body in _webp_chunks(data):
            if fourcc == b"XMP ":
                return body
    return None


# -- PNG ----------------------------------------------------------------------------------------------------------

def _png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    chunks, at = [], len(PNG_SIGNATURE)
    while True:
        if at + 8 > len(data):
            raise BadImage("the PNG file is cut off (no end chunk)")
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        if at + 12 + length > len(data):
            raise BadImage(f"the PNG file is cut off inside its {kind.decode('latin-1')} chunk")
        chunks.append((kind, data[at + 8:at + 8 + length]))
        at += 12 + length
        if kind == b"IEND":
            return chunks


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def _png_with_xmp(data: bytes, packet: bytes) -> bytes:
    chunks = _png_chunks(data)
    if chunks[0][0] != b"IHDR":
        raise BadImage("the PNG file does not start with its header chunk")
    kept = [c for c in chunks if not (c[0] == b"iTXt" and c[1].startswith(PNG_XMP_KEYWORD + b"\x00"))]
    xmp = (b"iTXt", PNG_XMP_KEYWORD + b"\x00\x00\x00\x00\x00" + packet)  # uncompressed, no language, no translation
    out = [PNG_SIGNATURE, _png_chunk(*kept[0]), _png_chunk(*xmp)]
    out += [_png_chunk(kind, body) for kind, body in kept[1:]]
    return b"".join(out)


def _itxt_text(body: bytes) -> bytes:
    rest = body[len(PNG_XMP_KEYWORD) + 1:]
    if len(rest) < 2:
        raise BadImage("the PNG's XMP chunk is cut off")
    compressed, rest = rest[0], rest[2:]
    for _ in range(2):  # language tag, translated keyword
        end = rest.find(b"\x00")
        if end < 0:
            raise BadImage("the PNG's XMP chunk is malformed")
        rest = rest[end + 1:]
    if compressed:
        inflater = zlib.decompressobj()
        text = inflater.decompress(rest, 8 * 1024 * 1024)
        if inflater.unconsumed_tail:
            raise BadImage("the PNG's compressed XMP is larger than CreatorWatch reads")
        return text
    return rest


# -- JPEG ---------------------------------------------------------------------------------------------------------

def _jpeg_segments(data: bytes) -> tuple[list[tuple[int, bytes]], bytes]:
    """(marker, whole segment) for each segment before the image data, and everything from the scan on."""
    segments: list[tuple[int, bytes]] = []
    at = 2
    while True:
        if at + 4 > len(data) or data[at] != 0xFF:
            raise BadImage("the JPEG file is cut off or broken before its image data")
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker == 0xDA:  # start of scan: the rest is image data
            return segments, data[at:]
        if marker in (0x01, *range(0xD0, 0xD8)):
            segments.append((marker, data[at:at + 2]))
            at += 2
            continue
        length = struct.unpack(">H", data[at + 2:at + 4])[0]
        if length < 2 or at + 2 + length > len(data):
            raise BadImage("the JPEG file is cut off inside a metadata segment")
        segments.append((marker, data[at:at + 2 + length]))
        at += 2 + length


def _jpeg_with_xmp(data: bytes, packet: bytes) -> bytes:
    payload = JPEG_XMP_HEADER + packet
    if len(payload) + 2 > JPEG_SEGMENT_MAX + 2:
        raise BadImage("the XMP metadata is too large for one JPEG segment")
    segments, scan = _jpeg_segments(data)
    kept = [s for s in segments if not (s[0] == 0xE1 and s[1][4:].startswith(JPEG_XMP_HEADER))]
    place = 0
    while place < len(kept) and kept[place][0] in (0xE0, 0xE1):  # after JFIF and Exif, where readers look
        place += 1
    ours = b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload
    parts = [s[1] for s in kept[:place]] + [ours] + [s[1] for s in kept[place:]]
    return b"\xff\xd8" + b"".join(parts) + scan


# -- WebP ---------------------------------------------------------------------------------------------------------

def _webp_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    size = struct.unpack("<I", data[4:8])[0]
    if size + 8 > len(data):
        raise BadImage("the WebP file is cut off")
    chunks, at, end = [], 12, size + 8
    while at + 8 <= end:
        fourcc, length = data[at:at + 4], struct.unpack("<I", data[at + 4:at + 8])[0]
        if at + 8 + length > end:
            raise BadImage(f"the WebP file is cut off inside its {fourcc.decode('latin-1').strip()} chunk")
        chunks.append((fourcc, data[at + 8:at + 8 + length]))
        at += 8 + length + (length & 1)
    return chunks


def _webp_chunk(fourcc: bytes, body: bytes) -> bytes:
    return fourcc + struct.pack("<I", len(body)) + body + (b"\x00" if len(body) & 1 else b"")


def _webp_with_xmp(data: bytes, packet: bytes) -> bytes:
    chunks = [c for c in _webp_chunks(data) if c[0] != b"XMP "]
    if not chunks:
        raise BadImage("the WebP file holds no image")
    if chunks[0][0] == b"VP8X":
        header = bytearray(chunks[0][1])
        header[0] |= WEBP_XMP_FLAG
        chunks[0] = (b"VP8X", bytes(header))
    else:
        width, height, alpha = _webp_canvas(*chunks[0])
        flags = WEBP_XMP_FLAG | (0x10 if alpha else 0)
        vp8x = bytes([flags, 0, 0, 0]) + (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little")
        chunks.insert(0, (b"VP8X", vp8x))
    body = b"WEBP" + b"".join(_webp_chunk(*c) for c in chunks) + _webp_chunk(b"XMP ", packet)
    return b"RIFF" + struct.pack("<I", len(body)) + body


def _webp_canvas(fourcc: bytes, body: bytes) -> tuple[int, int, bool]:
    """Width, height and whether alpha is used, from a simple (lossy VP8 or lossless VP8L) WebP bitstream."""
    if fourcc == b"VP8L" and len(body) >= 5 and body[0] == 0x2F:
        bits = int.from_bytes(body[1:5], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1, bool((bits >> 28) & 1)
    if fourcc == b"VP8 " and len(body) >= 10 and body[3:6] == b"\x9d\x01\x2a":
        width, height = struct.unpack("<HH", body[6:10])
        return width & 0x3FFF, height & 0x3FFF, False
    raise BadImage("the WebP image data is not one CreatorWatch can add metadata to")
