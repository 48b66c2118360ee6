"""Which module fingerprints which kind of work."""

from __future__ import annotations

from pathlib import Path

from creatorwatch.core.fingerprint.base import Modality

KINDS = ("image", "audio", "text")


def modality(kind: str) -> Modality:
    """The fingerprint module for `kind` ("image", "audio" or "text"), imported when first asked for (each pulls in
    its decoders). Returned as a Modality, so mypy checks that each module keeps the contract."""
    if kind == "image":
        from creatorwatch.core.fingerprint import image

        return image
    if kind == "audio":
        from creatorwatch.core.fingerprint import audio

        return audio
    if kind == "text":
        from creatorwatch.core.fingerprint import text

        return text
    raise ValueError(f"unknown kind of work: {kind}")


def fingerprint_candidate(kind: str, path: Path) -> bytes:
    """The fingerprint of a file that is only searched for, never added as a work: pictures leave out what only
    works need (their mirrored descriptors: a sixth of the time); the other kinds are fingerprinted as works are.
    Raises UnreadableMedia like fingerprint_file."""
    if kind == "image":
        from creatorwatch.core.fingerprint import image

        return image.fingerprint_candidate(path)
    return modality(kind).fingerprint_file(path)
