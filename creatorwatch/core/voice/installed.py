"""Whether the optional voice extra is installed, so the app can say so instead of failing."""

from __future__ import annotations

import importlib.util

from creatorwatch.core.errors import CreatorWatchError

NOT_INSTALLED = ("voice matching is not installed (pip install creatorwatch[voice], then "
                 "pip install --no-deps resemblyzer)")
_MODULES = ("torch", "resemblyzer", "webrtcvad")


class VoiceNotInstalled(CreatorWatchError):
    """The `voice` extra is missing; the message tells the creator how to install it."""

    def __init__(self) -> None:
        super().__init__(NOT_INSTALLED)


def voice_installed() -> bool:
    """True when the speaker encoder and the voice-activity detector can be imported (nothing is imported)."""
    return all(importlib.util.find_spec(name) is not None for name in _MODULES)


def require_voice() -> None:
    if not voice_installed():
        raise VoiceNotInstalled()
