"""The app's SVG icons from resources/icons, found the same way in a source checkout and in the packaged build.

resources/ sits beside the creatorwatch package in both: the repository root, and the bundle's own folder where
packaging/creatorwatch.spec puts it (PyInstaller sets each module's __file__ inside that folder).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QIcon

from creatorwatch import APP_ID

TRAY_STATES = ("on", "paused", "problem", "checking")


def resources_dir() -> Path:
    return Path(__file__).resolve().parents[2] / "resources"


def icon_path(name: str) -> Path:
    """resources/icons/<name>.svg; FileNotFoundError when this build has no such icon."""
    path = resources_dir() / "icons" / f"{name}.svg"
    if not path.is_file():
        raise FileNotFoundError(f"no icon named {name!r} in {path.parent}")
    return path


def icon(name: str) -> QIcon:
    """A packaged icon, drawn sharp at any size; e.g. "tray-paused"."""
    return QIcon(str(icon_path(name)))


def app_icon() -> QIcon:
    return icon(APP_ID)


def tray_icon(state: str) -> QIcon:
    """The tray's icon for one of TRAY_STATES."""
    if state not in TRAY_STATES:
        raise ValueError(f"unknown tray state {state!r}")
    return icon(f"tray-{state}")
