"""A protected copy written again into the same folder, unchanged: the one there already is the same file, so no
"(earlier N)" copy of it is kept (each run left another byte-identical one beside it)."""

from __future__ import annotations

import filecmp
from pathlib import Path


def already_there(new: Path, target: Path, sidecar_packet: bytes | None) -> bool:
    """Whether the file at `target` holds the same bytes as `new`, and, for a copy whose signal is in an XMP sidecar
    (`sidecar_packet`), the sidecar beside it holds that packet."""
    try:
        if not target.is_file() or not filecmp.cmp(new, target, shallow=False):
            return False
        if sidecar_packet is None:
            return True
        sidecar = target.with_name(target.name + ".xmp")
        return sidecar.is_file() and sidecar.read_bytes() == sidecar_packet
    except OSError:  # what cannot be read is kept aside, as any other file there
        return False
