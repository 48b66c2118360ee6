"""The desktop files validate, and every packaged icon draws at the sizes desktops and trays ask for."""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from configparser import ConfigParser
from pathlib import Path

import pytest

from creatorwatch import APP_ID
from creatorwatch.ui.icons import TRAY_STATES, app_icon, icon, resources_dir, tray_icon

RESOURCES = Path(__file__).resolve().parents[1] / "resources"
DESKTOP_FILE = RESOURCES / f"{APP_ID}.desktop"
METAINFO = RESOURCES / f"{APP_ID}.metainfo.xml"


def _validate(*command: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    except FileNotFoundError:
        pytest.fail(f"{command[0]} is missing: install desktop-file-utils and appstream (scripts/test does)")


def test_the_desktop_file_validates_and_launches_the_app() -> None:
    result = _validate("desktop-file-validate", str(DESKTOP_FILE))
    assert (result.returncode, result.stdout + result.stderr) == (0, "")
    entry = ConfigParser(interpolation=None)
    entry.read(DESKTOP_FILE, encoding="utf-8")
    assert entry["Desktop Entry"]["Icon"] == APP_ID
    assert entry["Desktop Entry"]["Exec"].split()[0] == "creatorwatch"


def test_the_metainfo_validates_and_points_at_the_desktop_file() -> None:
    result = _validate("appstreamcli", "validate", "--no-net", str(METAINFO))
    assert result.returncode == 0, result.stdout + result.stderr
    component = ET.parse(METAINFO).getroot()
    assert component.findtext("id") == APP_ID
    assert component.findtext("launchable") == DESKTOP_FILE.name
    for image in component.iter("image"):
        assert (RESOURCES / "screenshots" / Path(image.text or "").name).is_file(), "screenshot not in resources/"


@pytest.mark.parametrize("name", [APP_ID, *(f"tray-{state}" for state in TRAY_STATES)])
def test_each_icon_draws_sharp_at_every_size(qapp: object, name: str) -> None:
    for size in (16, 22, 32, 48, 64, 128, 256, 512):
        image = icon(name).pixmap(size, size).toImage()
        assert (image.width(), image.height()) == (size, size)
        assert image.pixelColor(size // 2, size // 2).alpha() == 255, f"{name} is blank at {size}px"
        assert image.pixelColor(0, 0).alpha() == 0, f"{name} should leave its corners transparent at {size}px"


def test_icons_are_found_by_role_and_missing_ones_say_so(qapp: object) -> None:
    assert resources_dir() == RESOURCES
    assert not app_icon().isNull() and all(not tray_icon(state).isNull() for state in TRAY_STATES)
    with pytest.raises(FileNotFoundError):
        icon("no-such-icon")
    with pytest.raises(ValueError):
        tray_icon("asleep")
