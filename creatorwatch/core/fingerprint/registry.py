"""Which module fingerprints which kind of work."""

from __future__ import annotations

import importlib
from types import ModuleType

KINDS = ("image", "audio", "text")


def modality(kind: str) -> ModuleType:
    """The fingerprint module for `kind` ("image", "audio" or "text")."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind of work: {kind}")
    return importlib.import_module(f"creatorwatch.core.fingerprint.{kind}")
