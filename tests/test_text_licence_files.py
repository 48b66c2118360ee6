"""Standard licences count for nothing, the long ones too: a creator's novel with the GPL appended is not copied
by every software project's COPYING file, and a GPL-3 added as a work is warned about, its identical copy never
reported. (GPL-3, LGPL-2.1 and MPL-2.0 scored 0.55-0.60 against themselves, so `add` said nothing and an identical
COPYING was reported at 1.0; a novel quoting GPL-3 matched a plain COPYING at 0.59.)"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import CliRunner
from tests.test_protect import story

LICENCES = Path("/usr/share/common-licenses")  # Debian's base-files: on every machine the tests run on


@pytest.mark.parametrize("licence", ["GPL-3", "LGPL-2.1", "MPL-2.0"])
def test_a_long_licence_is_warned_about_and_its_copies_never_reported(run_cli: CliRunner, tmp_path: Path,
                                                                      licence: str) -> None:  # fmt: skip
    work = tmp_path / f"{licence}.txt"
    shutil.copy(LICENCES / licence, work)
    added = run_cli("add", work)
    assert added.returncode == 0 and "it is mostly standard licence text" in added.stdout
    copy = tmp_path / "COPYING"
    shutil.copy(LICENCES / licence, copy)
    assert json.loads(run_cli("match", "--json", copy).stdout)["matches"] == []


def test_a_novel_with_the_gpl_appended_is_not_copied_by_a_projects_copying_file(run_cli: CliRunner,
                                                                                tmp_path: Path) -> None:
    novel = tmp_path / "novel.txt"
    prose = story(1, 7000)  # longer than the licence: the novel is not mostly licence text
    novel.write_text(prose + "\n\nLicence:\n" + (LICENCES / "GPL-3").read_text())
    added = run_cli("add", novel)
    assert added.returncode == 0 and "will not be found" not in added.stdout
    copying = tmp_path / "project" / "COPYING"
    copying.parent.mkdir()
    shutil.copy(LICENCES / "GPL-3", copying)
    assert json.loads(run_cli("match", "--json", copying).stdout)["matches"] == []
    quoted = tmp_path / "blog.txt"  # the novel itself is still found
    quoted.write_text("From a new book I loved:\n\n" + " ".join(prose.split()[3000:3150]))
    [found] = json.loads(run_cli("match", "--json", quoted).stdout)["matches"]
    assert found["work_title"] == "novel" and found["score"] >= 0.95
