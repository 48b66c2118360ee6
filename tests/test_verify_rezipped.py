"""A bundle unzipped and zipped again: when nothing in it changed `verify` passes it (exit 0) with a note that the
ZIP was re-packed — it used to fail it as "damaged"; with one file edited it fails (exit 1) and names that file,
then says in one note that the ZIP was re-packed too, never with a line for every file or for folder entries."""

from __future__ import annotations

import io
import json
import subprocess
import zipfile
from pathlib import Path

from pytest_httpserver import HTTPServer

from tests.conftest import CliRunner
from tests.evidence_fixtures import record_match


def _rezip(bundle: Path, target: Path, edit: dict[str, bytes]) -> int:
    """Unpacked and packed again by Python's zipfile, with an entry for each folder as zip tools add; the number
    of files in it."""
    with zipfile.ZipFile(bundle) as old:
        files = {name: edit.get(name, old.read(name)) for name in old.namelist()}
    folders = sorted({name.rsplit("/", i)[0] + "/" for name in files for i in range(1, name.count("/") + 1)})
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for folder in folders:
            new.mkdir(folder)
        for name, data in files.items():
            new.writestr(name, data)
    return len(files)


def test_a_rezipped_bundle_names_the_edited_file_and_sums_up_the_rest(home: Path, tmp_path: Path,
                                                                      httpserver: HTTPServer,
                                                                      run_cli: CliRunner) -> None:
    recorded = record_match(home / "data" / "creatorwatch.sqlite3", tmp_path / "files", httpserver)
    recorded.db.conn.close()
    bundle = tmp_path / "evidence.zip"
    assert run_cli("export", recorded.match_id, "-o", bundle).returncode == 0
    with zipfile.ZipFile(bundle) as z:
        notice = z.read("notice.txt") + b"\nEdited by hand.\n"
    files = _rezip(bundle, tmp_path / "rezipped.zip", {"notice.txt": notice})

    done = run_cli("verify", tmp_path / "rezipped.zip")
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[:3] == ["changed: notice.txt — its SHA-256 differs from the manifest's",
                         f"note: this ZIP was also re-packed ({files - 1} files have other ZIP headers than export "
                         "wrote); that alone changes nothing in it",
                         "FAILED: 1 problem — this bundle is not as it was made."]
    assert not [line for line in lines if "damaged" in line or "previews/" in line]

    said = json.loads(run_cli("verify", "--json", tmp_path / "rezipped.zip").stdout)
    assert said["ok"] is False and said["content_changed"] is True
    assert [(p["kind"], p["path"]) for p in said["problems"]] == [("changed", "notice.txt")]
    assert len(said["repacked"]) == files - 1 and len(said["notes"]) == 1


def _exported(home: Path, tmp_path: Path, httpserver: HTTPServer, run_cli: CliRunner) -> Path:
    recorded = record_match(home / "data" / "creatorwatch.sqlite3", tmp_path / "files", httpserver)
    recorded.db.conn.close()
    bundle = tmp_path / "evidence.zip"
    assert run_cli("export", recorded.match_id, "-o", bundle).returncode == 0
    return bundle


def _passes_as_repacked(run_cli: CliRunner, rezipped: Path, files: int) -> None:
    done = run_cli("verify", rezipped)
    assert done.returncode == 0, done.stdout
    lines = done.stdout.splitlines()
    assert lines[0] == (f"note: this ZIP was re-packed ({files} files have other ZIP headers than export wrote), "
                        "but nothing in it changed")
    assert lines[1].startswith(f"ok: all {files - 1} files match the manifest")
    assert "FAILED" not in done.stdout and "damaged" not in done.stdout
    said = json.loads(run_cli("verify", "--json", rezipped).stdout)
    assert said["ok"] is True and said["problems"] == [] and said["content_changed"] is False
    assert len(said["repacked"]) == files and said["notes"] == [lines[0].removeprefix("note: ")]


def test_a_bundle_only_rezipped_passes_with_a_note(home: Path, tmp_path: Path, httpserver: HTTPServer,
                                                   run_cli: CliRunner) -> None:
    bundle = _exported(home, tmp_path, httpserver, run_cli)
    files = _rezip(bundle, tmp_path / "rezipped.zip", {})
    _passes_as_repacked(run_cli, tmp_path / "rezipped.zip", files)


def test_a_bundle_unzipped_and_zipped_again_by_the_zip_command_passes(home: Path, tmp_path: Path,
                                                                      httpserver: HTTPServer,
                                                                      run_cli: CliRunner) -> None:
    """As a creator does it: unzip, then zip -r (Info-ZIP), once with its extra fields and once without (-X)."""
    bundle = _exported(home, tmp_path, httpserver, run_cli)
    unpacked = tmp_path / "unpacked"
    subprocess.run(["unzip", "-q", str(bundle), "-d", str(unpacked)], check=True)
    files = len(names_of(bundle))
    for options in (["-r"], ["-r", "-X"], ["-r", "-9", "-D"]):
        target = tmp_path / f"zipped{''.join(options)}.zip"
        subprocess.run(["zip", "-q", *options, str(target), "."], cwd=unpacked, check=True)
        _passes_as_repacked(run_cli, target, files)


def test_a_bundle_zipped_again_as_a_stream_passes(home: Path, tmp_path: Path, httpserver: HTTPServer,
                                                  run_cli: CliRunner) -> None:
    """A zip program writing to a stream puts each file's checksum and sizes after its data (a data descriptor),
    as the Finder's Compress does: still only re-packed."""
    bundle = _exported(home, tmp_path, httpserver, run_cli)

    class Unseekable(io.BytesIO):
        def seek(self, offset: int, whence: int = 0) -> int:
            raise io.UnsupportedOperation("a stream")

    sink = Unseekable()
    with zipfile.ZipFile(bundle) as old, zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED) as new:
        for name in old.namelist():
            with new.open(name, "w") as member:
                member.write(old.read(name))
    (tmp_path / "streamed.zip").write_bytes(sink.getvalue())
    with zipfile.ZipFile(tmp_path / "streamed.zip") as streamed:
        assert all(info.flag_bits & 0x08 for info in streamed.infolist())
    _passes_as_repacked(run_cli, tmp_path / "streamed.zip", len(names_of(bundle)))


def test_bytes_hidden_in_a_rezipped_bundle_still_fail(home: Path, tmp_path: Path, httpserver: HTTPServer,
                                                      run_cli: CliRunner) -> None:
    """Re-packing is forgiven, bytes that belong to no file are not: after the end, or between two files."""
    bundle = _exported(home, tmp_path, httpserver, run_cli)
    _rezip(bundle, tmp_path / "rezipped.zip", {})
    raw = (tmp_path / "rezipped.zip").read_bytes()
    (tmp_path / "appended.zip").write_bytes(raw + b"hidden")
    with zipfile.ZipFile(tmp_path / "rezipped.zip") as z:
        second = sorted(i.header_offset for i in z.infolist())[1]
    gap = bytearray(raw[:second] + b"hidden" + raw[second:])
    end = gap.rindex(b"PK\x05\x06")
    directory = int.from_bytes(gap[end + 16:end + 20], "little")
    gap[end + 16:end + 20] = (directory + 6).to_bytes(4, "little")  # the directory moved on by the hidden bytes
    at = directory + 6
    while gap[at:at + 4] == b"PK\x01\x02":  # and so did every file after the first
        offset = int.from_bytes(gap[at + 42:at + 46], "little")
        if offset >= second:
            gap[at + 42:at + 46] = (offset + 6).to_bytes(4, "little")
        at += 46 + sum(int.from_bytes(gap[at + k:at + k + 2], "little") for k in (28, 30, 32))
    (tmp_path / "gap.zip").write_bytes(bytes(gap))
    for altered in ("appended.zip", "gap.zip"):
        with zipfile.ZipFile(tmp_path / altered) as z:
            assert z.testzip() is None  # every file reads back as it was
        done = run_cli("verify", tmp_path / altered)
        assert done.returncode == 1 and "FAILED" in done.stdout, (altered, done.stdout)
        assert "damaged:" in done.stdout


def names_of(bundle: Path) -> list[str]:
    with zipfile.ZipFile(bundle) as z:
        return z.namelist()
