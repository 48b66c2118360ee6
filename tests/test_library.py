"""The library keeps the creator's works: added once, flagged when their files move or change, never lost."""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from pathlib import Path

import pytest

from creatorwatch.core.library import works as library_module
from creatorwatch.core.library.works import FileOutcome, Library
from creatorwatch.core.store.db import open_database
from tests.media import SCRIPT, make_picture, make_recording


@pytest.fixture
def library(tmp_path: Path) -> Library:
    return Library(open_database(tmp_path / "home" / "cw.sqlite3"))


@pytest.fixture
def works_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "my works"
    (folder / "art").mkdir(parents=True)
    (folder / "sound").mkdir()
    make_picture(folder / "art" / "harbour.png", seed=1)
    make_picture(folder / "art" / "cliffs.jpg", seed=2, fmt="JPEG")
    make_recording(folder / "sound" / "theme.wav", seed=3, seconds=4)
    (folder / "lighthouse.fountain").write_text(SCRIPT, encoding="utf-8")
    return folder


def test_adding_a_folder_records_every_work_with_its_facts(library: Library, works_folder: Path) -> None:
    report = library.add_paths([works_folder])
    assert (len(report.added), len(report.already), len(report.skipped)) == (4, 0, 0)
    works = {work.title: work for work in library.works()}
    assert set(works) == {"harbour", "cliffs", "theme", "lighthouse"}
    harbour = works["harbour"]
    assert (harbour.kind, harbour.format, harbour.facts["width"], harbour.facts["height"]) == ("image", "PNG", 320, 240)
    assert harbour.sha256 == hashlib.sha256((works_folder / "art" / "harbour.png").read_bytes()).hexdigest()
    assert harbour.path == str(works_folder / "art" / "harbour.png")
    assert works["theme"].kind == "audio" and works["theme"].facts["duration"] == pytest.approx(4.0, abs=0.05)
    assert works["lighthouse"].kind == "text" and works["lighthouse"].facts["words"] == len(SCRIPT.split())
    assert {kind for _, kind in library.db.execute("SELECT work_id, kind FROM fingerprints")} == {
        "image", "audio", "text"}


def test_same_content_twice_is_a_no_op_that_says_so(library: Library, works_folder: Path, tmp_path: Path) -> None:
    library.add_paths([works_folder])
    copy = tmp_path / "copy of harbour.png"
    copy.write_bytes((works_folder / "art" / "harbour.png").read_bytes())
    report = library.add_paths([works_folder, copy])
    assert len(report.added) == 0 and len(report.already) == 5
    assert "already in the library" in report.already[-1].reason
    assert len(library.works()) == 4


def test_moved_file_is_flagged_then_found_again(library: Library, works_folder: Path, tmp_path: Path) -> None:
    library.add_paths([works_folder])
    moved = tmp_path / "elsewhere.png"
    (works_folder / "art" / "harbour.png").rename(moved)
    flagged = library.refresh_statuses()
    assert [(w.title, w.status) for w in flagged] == [("harbour", "missing")]
    report = library.add_paths([moved])
    assert "found again" in report.already[0].reason
    work = next(w for w in library.works() if w.title == "harbour")
    assert (work.status, work.path) == ("ok", str(moved))


def test_changed_file_is_flagged_not_dropped(library: Library, works_folder: Path) -> None:
    library.add_paths([works_folder])
    script = works_folder / "lighthouse.fountain"
    script.write_text(SCRIPT + "\nA new ending.\n", encoding="utf-8")
    os.utime(script, (1, 1))
    flagged = library.refresh_statuses()
    assert [(w.title, w.status) for w in flagged] == [("lighthouse", "changed")]
    assert len(library.works()) == 4


def test_remove_takes_works_and_their_fingerprints_out(library: Library, works_folder: Path) -> None:
    library.add_paths([works_folder])
    first = library.works()[0]
    removed, unknown = library.remove([first.id, 999])
    assert [w.id for w in removed] == [first.id] and unknown == [999]
    assert first.id not in {w.id for w in library.works()}
    assert library.db.execute("SELECT COUNT(*) FROM fingerprints WHERE work_id = ?", [first.id]).fetchone()[0] == 0
    assert (works_folder / Path(first.path).relative_to(works_folder)).exists()


def _everything_of(library: Library) -> dict[str, list[tuple[object, ...]]]:
    return {table: library.db.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
            for table in ("works", "fingerprints", "probe_consent")}


def test_a_removal_is_put_back_row_for_row(library: Library, works_folder: Path) -> None:
    """Undo in the Library: the work, its fingerprint and what the creator agreed for it, as they were."""
    library.add_paths([works_folder])
    first = library.works()[0]
    library.db.execute("INSERT INTO probe_consent (work_id, source, address, statement, given_at) VALUES"
                       " (?, 'llama', 'http://127.0.0.1:8080', 'yes', '2026-01-01')", [first.id])
    before = _everything_of(library)
    removal = library.take_out([first.id, 999])
    assert removal.unknown == [999] and _everything_of(library) != before
    assert [w.id for w in library.restore(removal)] == [first.id]
    assert _everything_of(library) == before


def test_a_work_added_again_since_its_removal_is_not_put_back_twice(library: Library, works_folder: Path) -> None:
    library.add_paths([works_folder])
    first = library.works()[0]
    removal = library.take_out([first.id])
    library.add_paths([Path(first.path)])
    count = len(library.works())
    assert library.restore(removal) == [] and len(library.works()) == count


def _bad_inputs(folder: Path) -> dict[str, str]:
    """Every kind of bad file the issue names, with the words its reason must contain."""
    folder.mkdir()
    (folder / "empty.png").touch()
    (folder / "notes.txt").write_bytes(bytes(range(256)) * 40)
    jpeg = make_picture(folder / "whole.jpg", seed=4, fmt="JPEG").read_bytes()
    (folder / "whole.jpg").unlink()
    (folder / "cut.jpg").write_bytes(jpeg[: len(jpeg) // 3])
    (folder / "archive.zip").write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    with (folder / "huge.wav").open("wb") as handle:  # sparse: 10 GB on paper, nothing on disk
        handle.write(b"RIFF\x00\x00\x00\x00WAVEfmt ")
        handle.truncate(10 * 1024**3)
    (folder / "loop").symlink_to(folder)
    (folder / "dangling.png").symlink_to(folder / "nowhere.png")
    return {
        "empty.png": "empty", "notes.txt": "not an image, audio or text", "cut.jpg": "",
        "archive.zip": "not an image, audio or text", "huge.wav": "too large", "loop": "loop",
        "dangling.png": "does not exist",
    }


def test_every_bad_input_is_reported_by_name_and_the_rest_is_added(library: Library, tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    expected = _bad_inputs(folder)
    make_picture(folder / "good.png", seed=9)
    report = library.add_paths([folder, tmp_path / "no such folder"])
    reasons = {o.path.name: o.reason for o in report.skipped}
    assert set(reasons) == {*expected, "no such folder"}
    for name, words in expected.items():
        assert words in reasons[name], (name, reasons[name])
    assert "no file or folder" in reasons["no such folder"]
    assert [w.title for w in library.works()] == ["good"]


def test_a_folder_reached_again_through_a_link_is_read_once_without_a_complaint(library: Library,
                                                                                tmp_path: Path) -> None:
    """A link to a sibling folder is no loop: its pictures are added once and nothing is said to be skipped (it
    read "this folder links back to one already added (a link loop)" of the real folder)."""
    folder = tmp_path / "works"
    (folder / "drawings").mkdir(parents=True)
    make_picture(folder / "drawings" / "fox.png", seed=4)
    (folder / "a link to drawings").symlink_to(folder / "drawings")
    report = library.add_paths([folder])
    assert [o.path.name for o in report.skipped] == []
    assert [w.title for w in library.works()] == ["fox"]


def test_file_that_vanishes_mid_import_is_reported(library: Library, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "vanishing"
    folder.mkdir()
    make_picture(folder / "stays.png", seed=1)
    make_picture(folder / "goes.png", seed=2)
    real_collect = library_module.collect_files

    def collect_then_delete(paths):  # the file is listed, then deleted before it is read
        walked = real_collect(paths)
        (folder / "goes.png").unlink()
        return walked

    monkeypatch.setattr(library_module, "collect_files", collect_then_delete)
    report = library.add_paths([folder])
    assert [(o.path.name, o.reason) for o in report.skipped] == [
        ("goes.png", "the file disappeared while it was being added")]
    assert [w.title for w in library.works()] == ["stays"]


def test_progress_is_reported_for_every_file(library: Library, works_folder: Path) -> None:
    seen: list[tuple[int, int, FileOutcome]] = []
    library.add_paths([works_folder], lambda done, total, o: seen.append((done, total, o)))
    assert [(done, total) for done, total, _ in seen] == [(1, 4), (2, 4), (3, 4), (4, 4)]


def test_cancelling_keeps_what_was_already_added(library: Library, tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for seed in range(12):
        make_picture(folder / f"{seed:02}.png", seed=seed, size=(96, 96))
    cancel = threading.Event()

    def stop_after_three(done: int, total: int, outcome: FileOutcome) -> None:
        if done == 3:
            cancel.set()

    report = library.add_paths([folder], stop_after_three, cancel)
    assert report.cancelled and len(report.added) == 3
    assert "stopped before the end" in report.summary()
    assert [w.title for w in library.works()] == ["00", "01", "02"]


@pytest.mark.expect_log("creatorwatch.core.library", "could not add", level=logging.ERROR)
def test_a_fault_with_one_file_is_that_files_reason_and_the_rest_are_added(
        library: Library, works_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Fault injection: whatever goes wrong with one file (here an error no reader foresaw), the import goes on."""
    real_probe = library_module.probe_facts

    def faulty_probe(path: Path, kind: str) -> dict[str, object]:
        if path.name == "harbour.png":
            raise RuntimeError("decoder fault")
        return real_probe(path, kind)

    monkeypatch.setattr(library_module, "probe_facts", faulty_probe)
    report = library.add_paths([works_folder])
    assert {o.path.name for o in report.added} == {"cliffs.jpg", "theme.wav", "lighthouse.fountain"}
    [skipped] = report.skipped
    assert skipped.path.name == "harbour.png"
    assert skipped.reason == ("CreatorWatch could not read this file (an unexpected RuntimeError; "
                              "the log has the details)")


@pytest.mark.expect_log("creatorwatch.core.library", "could not record", level=logging.ERROR)
def test_a_fault_while_recording_one_file_is_that_files_reason(
        library: Library, works_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_title = library_module._title_for

    def faulty_title(path: Path) -> str:
        if path.name == "theme.wav":
            raise UnicodeEncodeError("utf-8", "\udcff", 0, 1, "surrogates not allowed")
        return real_title(path)

    monkeypatch.setattr(library_module, "_title_for", faulty_title)
    report = library.add_paths([works_folder])
    assert len(report.added) == 3
    assert [(o.path.name, "UnicodeEncodeError" in o.reason) for o in report.skipped] == [("theme.wav", True)]
