"""A takedown of a copy found in a watched folder is re-checked by looking for the file where it was found (it has
no web address to fetch: Re-check now said "could not check … is not a web (http or https) address")."""

from __future__ import annotations

import threading
from pathlib import Path

from creatorwatch.paths import resolve_paths
from creatorwatch.ui.takedown_recheck import recheck_open, recheck_sentence
from tests.conftest import CliRunner
from tests.one_find import a_find


def test_a_copy_in_a_watched_folder_is_still_there_then_gone(run_cli: CliRunner, home: Path, tmp_path: Path) -> None:
    match_id = a_find(run_cli, tmp_path)
    assert run_cli("takedown", "sent", match_id, "--channel", "email", "--to", "me@example.org").returncode == 0

    there = run_cli("takedown", "recheck")
    assert there.returncode == 0, there.stdout + there.stderr
    assert f"match #{match_id}: unchanged (the copy is still there, unchanged)" in there.stdout
    assert "not a web" not in there.stdout
    database = resolve_paths(home).database
    said = recheck_sentence(recheck_open(database, threading.Event(), lambda *_: None))  # the window's Re-check now
    assert said == f"Re-checked 1 address: 1 unchanged. #{match_id}: the copy is still there, unchanged."

    (tmp_path / "watched" / "copy.png").unlink()
    said = recheck_sentence(recheck_open(database, threading.Event(), lambda *_: None))
    assert said == (
        f"Re-checked 1 address: 1 gone (recorded as removed). #{match_id}: the copy is no longer in the folder."
    )
    listed = run_cli("takedown", "list", "--all").stdout
    assert "removed" in listed
    shown = run_cli("takedown", "show", match_id).stdout
    assert "the copy is no longer in the folder" in shown
