"""A title with a line break (from a file named so) broke the `works` table; it is shown escaped, on its row."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from PIL import Image

from tests.conftest import CliRunner
from tests.media import make_picture


def test_a_title_with_a_line_break_stays_on_its_row(run_cli: CliRunner, tmp_path: Path) -> None:
    odd = tmp_path / "new\nline.png"
    make_picture(odd, seed=7)
    make_picture(tmp_path / "plain.png", seed=8)
    assert run_cli("add", odd, tmp_path / "plain.png").returncode == 0
    rows = run_cli("works").stdout.splitlines()
    assert len(rows) == 3  # the heading and one row per work
    assert rows[1].endswith("new\\nline") and rows[2].endswith("plain")
    assert json.loads(run_cli("works", "--json").stdout)[0]["title"] == "new\nline"  # the data is kept as it is

    watched = tmp_path / "watched"
    watched.mkdir()
    shutil.copy(odd, watched / "copy.png")
    assert run_cli("sources", "add", "folder", "--name", "dl", "--set", f"path={watched}").returncode == 0
    assert run_cli("check").returncode == 0
    [listed] = run_cli("matches").stdout.splitlines()
    assert "“new\\nline”" in listed


def test_a_terminal_escape_in_a_title_is_shown_not_obeyed(run_cli: CliRunner, tmp_path: Path) -> None:
    make_picture(tmp_path / "red\x1b[31m.png", seed=7)
    assert run_cli("add", tmp_path / "red\x1b[31m.png").returncode == 0
    assert run_cli("works").stdout.splitlines()[1].endswith("red\\x1b[31m")


def test_add_says_a_file_name_with_a_line_break_on_one_line(run_cli: CliRunner, tmp_path: Path) -> None:
    """`add` split "odd/new", "line.png was added, but …" over two lines, and so the summary's "Copies of new"."""
    odd = tmp_path / "new\nline.png"
    Image.new("RGB", (640, 480), (200, 40, 40)).save(odd, format="PNG")  # a solid colour: warned about

    added = run_cli("add", odd)

    assert added.returncode == 0, added.stderr
    said = added.stdout.splitlines()
    assert said[0].startswith(f"{tmp_path}/new\\nline.png was added, but ")
    assert said[1].startswith("1 work added") and "Copies of new\\nline.png will not be found." in said[1]
    assert len(said) == 2
