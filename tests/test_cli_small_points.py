"""The smaller points a creator ran into, each through the real command: plain words and the right exit status."""

from __future__ import annotations

import json
import re
import sqlite3
import zipfile
from contextlib import closing
from pathlib import Path

from creatorwatch.paths import resolve_paths
from tests.conftest import CliRunner
from tests.media import make_picture
from tests.one_find import a_find


def test_verify_of_a_missing_file_says_it_is_not_there(run_cli: CliRunner, tmp_path: Path) -> None:
    verified = run_cli("verify", tmp_path / "missing.zip")
    assert verified.returncode == 2
    assert "there is no file at" in verified.stderr and "missing.zip" in verified.stderr
    assert "not as it was made" not in verified.stdout + verified.stderr


def test_settings_show_on_and_off_as_they_are_typed(run_cli: CliRunner) -> None:
    shown = run_cli("settings")
    assert "notify = on" in shown.stdout and "True" not in shown.stdout
    assert run_cli("settings", "notify", "off").returncode == 0
    assert "notify = off" in run_cli("settings").stdout
    assert run_cli("settings", "keep_fingerprints_days", "30").returncode == 0
    assert "keep_fingerprints_days = 30" in run_cli("settings").stdout


def test_matches_name_the_work_and_a_dismissed_find_gets_no_takedown(run_cli: CliRunner, home: Path,
                                                                     tmp_path: Path) -> None:
    match_id = a_find(run_cli, tmp_path)
    listed = run_cli("matches").stdout
    assert "“harbour”" in listed and "work #" not in listed
    assert run_cli("review", str(match_id), "--status", "dismissed").returncode == 0
    drafted = run_cli("takedown", "draft", str(match_id))
    assert drafted.returncode == 1
    assert "is dismissed" in drafted.stderr and "DMCA" not in drafted.stdout
    with closing(sqlite3.connect(resolve_paths(home).database)) as db:
        assert db.execute("SELECT count(*) FROM takedowns").fetchone()[0] == 0  # not counted as an open takedown


def test_a_source_can_be_changed_in_place(run_cli: CliRunner, tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    second.mkdir()
    assert run_cli("sources", "add", "folder", "--name", "dl", "--set", f"path={first}").returncode == 0
    failed = run_cli("check")
    assert failed.returncode == 1 and "creatorwatch sources set dl --set path=" in failed.stdout + failed.stderr
    changed = run_cli("sources", "set", "dl", "--set", f"path={second}", "--set", "interval=90")
    assert changed.returncode == 0, changed.stderr
    shown = json.loads(run_cli("sources", "--json").stdout)[0]
    assert shown["settings"] == {"path": str(second), "interval": "90"} and shown["health"] == "new"
    assert run_cli("check").returncode == 0
    refused = run_cli("sources", "set", "dl", "--set", "path=")
    assert refused.returncode == 2 and "needs path=…" in refused.stderr
    assert run_cli("sources", "set", "nosuch", "--set", "path=/x").returncode == 2


def test_a_dismissal_made_by_mistake_can_be_taken_back(run_cli: CliRunner, tmp_path: Path) -> None:
    """The window's "Back to new" has its command: review --status new."""
    match_id = a_find(run_cli, tmp_path)
    assert run_cli("review", str(match_id), "--status", "dismissed").returncode == 0
    assert json.loads(run_cli("matches", "--json", "--status", "new").stdout) == []
    undone = run_cli("review", str(match_id), "--status", "new")
    assert undone.returncode == 0, undone.stderr
    assert f"#{match_id}: new" in undone.stdout
    back = json.loads(run_cli("matches", "--json", "--status", "new").stdout)
    assert [m["id"] for m in back] == [match_id]


def test_sources_lines_up_and_gives_times_as_a_person_reads_them(run_cli: CliRunner, tmp_path: Path) -> None:
    """A long type ("openai-compatible") no longer pushes its state out of line, and the last run reads
    "2026-12-06 14:38" like the state beside it, not "2026-12-06T14:38:13+00:00"."""
    a_find(run_cli, tmp_path)
    assert run_cli("sources", "add", "openai-compatible", "--name", "local", "--base-url", "http://127.0.0.1:9/v1",
                   "--set", "model=memo-1").returncode == 0
    listed = run_cli("sources").stdout.splitlines()
    folder = next(line for line in listed if line.startswith("dl "))
    model = next(line for line in listed if line.startswith("local "))
    assert folder.index("ok") == model.index("not checked yet")
    runs = [line.strip() for line in listed if "last run" in line]
    assert runs[1] == "last run never, next run now"  # never run: due now, as `run` would check it
    assert re.fullmatch(r"last run \d{4}-\d\d-\d\d \d\d:\d\d, next run \d{4}-\d\d-\d\d \d\d:\d\d", runs[0]), runs[0]


def test_a_check_with_no_sources_says_how_to_add_one(run_cli: CliRunner) -> None:
    done = run_cli("check")
    assert done.returncode == 0
    assert "There are no sources to check yet. Add one with: creatorwatch sources add" in done.stdout
    assert "Checked 0 of 0 sources" not in done.stdout


def test_the_summary_of_a_check_counts_what_could_not_be_read(run_cli: CliRunner, tmp_path: Path) -> None:
    watched = tmp_path / "watched"
    watched.mkdir()
    picture = make_picture(tmp_path / "harbour.png", seed=7)
    (watched / "cut-short.png").write_bytes(picture.read_bytes()[:400])
    (watched / "empty.txt").write_bytes(b"")
    assert run_cli("add", picture).returncode == 0
    assert run_cli("sources", "add", "folder", "--name", "dl", "--set", f"path={watched}").returncode == 0
    done = run_cli("check")
    assert "Checked 1 of 1 source: 2 new items, 0 matches, 0 mentions, 2 could not be read." in done.stdout


def test_verify_of_a_file_that_is_no_bundle_says_so_and_counts_in_words(run_cli: CliRunner, tmp_path: Path) -> None:
    picture = make_picture(tmp_path / "harbour.png", seed=7)
    done = run_cli("verify", picture)
    assert done.returncode == 1
    assert f"FAILED: {picture} is not an evidence bundle that CreatorWatch can read." in done.stdout
    assert "problem(s)" not in done.stdout and "no trusted timestamp in this bundle" not in done.stdout
    assert done.stdout.splitlines()[0] == "damaged: harbour.png \u2014 the file is not a readable ZIP"  # no "(File is
    # not a zip file)": the library's words after the creator's

    match_id = a_find(run_cli, tmp_path)
    bundle = tmp_path / "evidence.zip"
    assert run_cli("export", str(match_id), "-o", bundle).returncode == 0
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(bundle) as old, zipfile.ZipFile(tampered, "w") as new:
        for info in old.infolist():
            new.writestr(info, old.read(info) + (b" " if info.filename == "notice.txt" else b""))
    done = run_cli("verify", tampered)
    assert done.returncode == 1 and "FAILED: 1 problem — this bundle is not as it was made." in done.stdout


def test_check_and_sources_name_what_could_not_be_read(run_cli: CliRunner, tmp_path: Path) -> None:
    """A count alone ("8 could not be read") leaves the creator to hunt through the folder for which files; a
    folder with a few stray files is routine, so the check still succeeds."""
    watched = tmp_path / "watched"
    watched.mkdir()
    picture = make_picture(tmp_path / "harbour.png", seed=7)
    (watched / "cut-short.png").write_bytes(picture.read_bytes()[:400])
    for i in range(7):
        (watched / f"noise{i}.txt").write_bytes(bytes(range(256)) * 2)
    assert run_cli("sources", "add", "folder", "--name", "dl", "--set", f"path={watched}").returncode == 0
    done = run_cli("check")
    assert done.returncode == 0
    named = [line.strip() for line in done.stdout.splitlines() if line.strip().startswith("Could not read ")]
    assert len(named) == 5 and "… and 3 more." in done.stdout
    assert any("cut-short.png: this picture file is cut short" in line for line in named), named

    run_cli("check")  # nothing new: the list is of this check's items
    (watched / "late.txt").write_bytes(bytes(range(256)))
    reported = json.loads(run_cli("check", "--json").stdout)
    assert reported["problems"] == 1
    assert [(u["source"], u["url"].rsplit("/", 1)[-1]) for u in reported["unreadable"]] == [("dl", "late.txt")]
    assert reported["unreadable"][0]["reason"] and reported["sources"][0]["unreadable"] == [
        {k: v for k, v in reported["unreadable"][0].items() if k != "source"}]

    listed = json.loads(run_cli("sources", "--json").stdout)[0]
    assert len(listed["unreadable"]) == 9 and {"url", "reason"} == set(listed["unreadable"][0])
    assert "cut-short.png: this picture file is cut short" in run_cli("sources").stdout


def test_a_loop_of_links_is_called_a_loop_by_add_and_match(run_cli: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "loopB.jpg").symlink_to("loopA.jpg")
    (tmp_path / "loopA.jpg").symlink_to("loopB.jpg")
    (tmp_path / "gone.jpg").symlink_to("deleted.jpg")
    added = run_cli("add", tmp_path / "loopA.jpg", tmp_path / "gone.jpg")
    assert added.returncode == 1
    said = dict(line.split(": ", 1) for line in added.stdout.splitlines() + added.stderr.splitlines()
                if line.startswith("skipped "))
    assert "a loop of links" in said[f"skipped {tmp_path / 'loopA.jpg'}"]
    assert said[f"skipped {tmp_path / 'gone.jpg'}"] == "the link points to a file that does not exist"
    matched = json.loads(run_cli("match", "--json", tmp_path / "loopA.jpg").stdout)
    assert "a loop of links" in matched["error"] and "symbolic" not in matched["error"]


def test_match_on_an_unreachable_address_promises_no_retry(run_cli: CliRunner) -> None:
    """`match` tries once: it says running it again may work, not that it "will be tried again later"."""
    done = run_cli("match", "--json", "http://127.0.0.1:9/picture.png")
    error = json.loads(done.stdout)["error"]
    assert done.returncode == 1 and "could not be reached" in error
    assert "tried again" not in error
    assert error.endswith("Check the address and your internet connection. Running the command again may work.")


def test_verify_of_a_bundle_whose_manifest_was_edited_says_it_was_changed(run_cli: CliRunner,
                                                                           tmp_path: Path) -> None:
    bundle = tmp_path / "evidence.zip"
    assert run_cli("export", str(a_find(run_cli, tmp_path)), "-o", bundle).returncode == 0
    edited = tmp_path / "edited.zip"
    with zipfile.ZipFile(bundle) as old, zipfile.ZipFile(edited, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == "manifest.json":
                data = json.dumps({**json.loads(data), "created_at": "2020-01-01T00:00:00+00:00"}).encode()
            new.writestr(info, data)
    done = run_cli("verify", edited)
    assert done.returncode == 1
    assert "was changed after it was made" in done.stdout and "not an evidence bundle" not in done.stdout
    assert json.loads(run_cli("verify", "--json", edited).stdout)["manifest_changed"] is True


def test_an_empty_watch_term_is_refused(run_cli: CliRunner) -> None:
    for empty in ("", "   "):
        added = run_cli("terms", "add", "Ada Lin", empty)
        assert added.returncode == 2 and "cannot be empty" in added.stderr, added.stderr
        assert "already watching" not in added.stdout
    assert json.loads(run_cli("terms", "--json").stdout) == []  # nothing half-added either


def test_match_of_an_ftp_address_says_only_web_addresses_are_read(run_cli: CliRunner, tmp_path: Path) -> None:
    run_cli("add", make_picture(tmp_path / "harbour.png", seed=7))
    matched = run_cli("match", "--json", "ftp://x/y.jpg")
    assert matched.returncode == 1
    line = json.loads(matched.stdout)
    assert line["candidate"] == "ftp://x/y.jpg" and "only http and https addresses are read" in line["error"]
    assert "no file at this path" not in matched.stdout


def test_sources_give_the_next_run_without_a_scheduler(run_cli: CliRunner, tmp_path: Path) -> None:
    from datetime import UTC, datetime, timedelta

    (tmp_path / "dl").mkdir()
    run_cli("sources", "add", "folder", "--name", "dl", "--set", f"path={tmp_path / 'dl'}", "--set", "interval=90")
    before = datetime.now(UTC) - timedelta(seconds=1)
    never_run = json.loads(run_cli("sources", "--json").stdout)[0]
    assert never_run["next_run"] and datetime.fromisoformat(never_run["next_run"]) >= before  # due now
    assert "next run now" in run_cli("sources").stdout

    run_cli("check")

    checked = json.loads(run_cli("sources", "--json").stdout)[0]
    last = datetime.fromisoformat(checked["last_run"])
    assert datetime.fromisoformat(checked["next_run"]) == last + timedelta(minutes=90)
    assert "when scheduled" not in run_cli("sources").stdout


def test_removing_a_work_with_finds_says_they_stay_in_review(run_cli: CliRunner, tmp_path: Path) -> None:
    match_id = a_find(run_cli, tmp_path)
    assert run_cli("review", str(match_id), "--status", "confirmed").returncode == 0
    work_id = json.loads(run_cli("works", "--json").stdout)[0]["id"]

    removed = run_cli("remove", str(work_id))

    assert removed.returncode == 0
    assert removed.stdout.splitlines()[1].strip() == ("1 find (1 confirmed) stays in Review but no longer names the "
                                                      "work; its evidence will not include it.")
    assert len(json.loads(run_cli("matches", "--json").stdout)) == 1


def test_a_damaged_pdf_is_said_without_the_pdf_readers_jargon(run_cli: CliRunner, tmp_path: Path) -> None:
    """"this PDF is damaged (startxref not found)": the reader's own words mean nothing to a creator."""
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF")
    added = run_cli("add", broken)
    assert added.returncode == 1
    assert f"skipped {broken}: this PDF is damaged (cut off, or broken inside), so its text cannot be read" \
        in added.stdout
    assert "startxref" not in added.stdout + added.stderr
