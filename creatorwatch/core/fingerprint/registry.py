"""Which module fingerprints which kind of work."""

from __future__ import annotations

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
