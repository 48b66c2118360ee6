"""One bad file stays one bad file: odd names, pipes, devices, bombs and huge pictures, through the real CLI.

Each input is made for real in the test; memory is the peak resident set of the one CLI process (peak_rss.py).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from tests.conftest import CliRunner
from tests.media import SCRIPT, make_docx, make_epub, make_picture, make_recording

PEAK = (sys.executable, str(Path(__file__).with_name("peak_rss.py")))
ONE_GB_KB = 1024 * 1024


def _peak_kb(result: subprocess.CompletedProcess[str]) -> int:
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("peak_rss_kb="), result.stderr
    return int(last.split("=")[1])


def test_a_name_that_is_not_utf8_is_one_skipped_file_and_the_rest_are_added(run_cli: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "works"
    folder.mkdir()
    make_picture(folder / "a.png", seed=1)
    odd = Path(os.fsdecode(os.fsencode(folder) + b"/b\xff.png"))
    make_picture(odd, seed=2)
    make_picture(folder / "c.png", seed=3)
    result = run_cli("add", folder)
    assert result.returncode == 1, result.stderr
    assert f"skipped {folder}/b\\xff.png: its name is not valid text" in result.stdout
    assert "2 works added, 0 already in the library, 1 skipped." in result.stdout
    assert sorted(w["title"] for w in json.loads(run_cli("works", "--json").stdout)) == ["a", "c"]
    as_json = json.loads(run_cli("add", "--json", folder).stdout)
    assert [row["path"] for row in as_json["skipped"]] == [f"{folder}/b\\xff.png"]


def test_match_refuses_a_named_pipe_at_once_and_matches_the_rest(run_cli: CliRunner, tmp_path: Path) -> None:
    poster = make_picture(tmp_path / "poster.png", seed=4, size=(480, 360))
    assert run_cli("add", poster).returncode == 0
    pipe = tmp_path / "candidate.png"
    os.mkfifo(pipe)
    result = run_cli("match", "--json", pipe, poster, timeout=120)  # it used to wait for a writer for ever
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert "not a regular file" in lines[0]["error"] and lines[0]["matches"] == []
    assert lines[1]["matches"][0]["work_path"] == str(poster)
    assert result.returncode == 1


def test_match_says_a_50_gb_recording_is_too_large_without_reading_it(run_cli: CliRunner, tmp_path: Path) -> None:
    poster = make_picture(tmp_path / "poster.png", seed=5, size=(480, 360))
    assert run_cli("add", poster).returncode == 0
    huge = tmp_path / "huge.wav"
    with huge.open("wb") as handle:  # sparse: 50 GB on paper, nothing on disk; a WAV header it would decode
        handle.write(b"RIFF\xff\xff\xff\xffWAVEfmt ")
        handle.truncate(50 * 1024**3)
    result = run_cli("match", "--json", huge, poster, timeout=120)
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines[0]["error"] == "the file is too large (53.7 GB; the limit is 4.3 GB)"
    assert lines[1]["matches"][0]["work_path"] == str(poster)
    assert result.returncode == 1


def test_a_50_gb_file_in_a_watched_folder_is_refused_without_reading_it(run_cli: CliRunner, tmp_path: Path) -> None:
    poster = make_picture(tmp_path / "poster.png", seed=5, size=(480, 360))
    assert run_cli("add", poster).returncode == 0
    folder = tmp_path / "downloads"
    folder.mkdir()
    shutil.copy(poster, folder / "repost.png")
    with (folder / "huge.wav").open("wb") as handle:  # sparse: 50 GB on paper, nothing on disk
        handle.write(b"RIFF\xff\xff\xff\xffWAVEfmt ")
        handle.truncate(50 * 1024**3)
    assert run_cli("sources", "add", "folder", "--name", "downloads", "--set", f"path={folder}").returncode == 0
    read_before = _bytes_read()
    result = run_cli("check", "--json", timeout=600)  # in this process: its reads are counted
    read = _bytes_read() - read_before
    summary = json.loads(result.stdout)
    assert summary["matches"] == 1
    assert summary["unreadable"] == [{"source": "downloads", "url": (folder / "huge.wav").as_uri(),
                                      "reason": "the file is too large (53.7 GB; the limit is 4.3 GB)"}]
    assert read < 1024**3, f"read {read / 1e9:.1f} GB of a file it refuses"


def _bytes_read() -> int:
    """Bytes this process has read so far (Linux counts them in /proc/self/io)."""
    fields = dict(line.split(": ") for line in Path("/proc/self/io").read_text().splitlines())
    return int(fields["rchar"])


def test_match_refuses_a_text_dump_in_plain_words_and_matches_the_rest(run_cli: CliRunner, tmp_path: Path) -> None:
    """A 40 MB text on one line (a scraped dump) would take over a gigabyte to compare: it is refused before it is
    read, in words that say what to do, and the script after it is still matched."""
    script = tmp_path / "pilot.txt"
    script.write_text(SCRIPT, encoding="utf-8")
    assert run_cli("add", script).returncode == 0
    dump = tmp_path / "dump.txt"
    dump.write_text("all work and no play makes a dull dataset " * 1_000_000, encoding="utf-8")
    result = run_cli("match", "--json", dump, script, prefix=PEAK, timeout=120)
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines[0]["error"] == ("this text file holds more text than CreatorWatch compares at once (over 34 MB); "
                                 "split it into smaller files to check it")
    assert lines[1]["matches"][0]["work_path"] == str(script)
    assert result.returncode == 1
    assert _peak_kb(result) < ONE_GB_KB / 4


def test_verify_refuses_a_pipe_and_a_device_without_reading_them(run_cli: CliRunner, tmp_path: Path) -> None:
    pipe = tmp_path / "bundle.zip"
    os.mkfifo(pipe)
    for target in (pipe, Path("/dev/zero")):
        result = run_cli("verify", target, prefix=PEAK, timeout=120)  # /dev/zero used to be read to 9 GB
        assert result.returncode == 1
        assert "not a regular file" in result.stdout and "FAILED" in result.stdout
        assert _peak_kb(result) < ONE_GB_KB


@pytest.mark.timeout(600)
def test_verify_does_not_inflate_a_manifest_that_is_a_deflate_bomb(run_cli: CliRunner, tmp_path: Path) -> None:
    bundle = tmp_path / "bundle.zip"
    spaces = b" " * (1 << 20)
    with zipfile.ZipFile(bundle, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive, \
            archive.open("manifest.json", "w", force_zip64=True) as manifest:
        for _ in range(1280):  # 1.25 GB unpacked from a few MB
            manifest.write(spaces)
    assert bundle.stat().st_size < 10_000_000
    result = run_cli("verify", bundle, prefix=PEAK, timeout=300)
    assert result.returncode == 1
    assert "manifest: manifest.json — it unpacks to more than 16 MB" in result.stdout
    assert _peak_kb(result) < ONE_GB_KB


@pytest.mark.timeout(900)
def test_a_recording_named_pipe_0_is_read_from_the_file_not_standard_input(tmp_path: Path, home: Path) -> None:
    folder = tmp_path / "music"
    folder.mkdir()
    make_recording(folder / "pipe:0", seed=5, seconds=6)
    decoy = make_recording(tmp_path / "decoy.wav", seed=6, seconds=2)
    command = [sys.executable, "-m", "creatorwatch", "--home", str(home)]
    with decoy.open("rb") as stdin:  # FFmpeg took "pipe:0" for its standard input, and read this instead
        added = subprocess.run([*command, "add", "pipe:0"], cwd=folder, stdin=stdin, capture_output=True,
                               text=True, timeout=300, check=False)
    assert added.returncode == 0, added.stdout + added.stderr
    works = json.loads(subprocess.run([*command, "works", "--json"], capture_output=True, text=True, timeout=300,
                                      check=True).stdout)
    assert works[0]["path"] == str(folder / "pipe:0")
    assert works[0]["duration"] == 6.0


def _huge_transparent_png(path: Path) -> Path:
    """An 8,900 × 8,900 RGBA picture (79 megapixels, just under the decompression-bomb limit), small on disk."""
    im = Image.new("RGBA", (8900, 8900), (255, 255, 255, 0))
    draw = ImageDraw.Draw(im)
    rng = np.random.default_rng(7)
    for _ in range(40):
        x, y = (int(v) for v in rng.integers(0, 8900, 2))
        r = int(rng.integers(300, 2000))
        draw.ellipse([x - r, y - r, x + r, y + r], fill=tuple(int(c) for c in rng.integers(0, 255, 4)))
    im.save(path, compress_level=1)
    return path


@pytest.mark.timeout(900)  # its process may take 600 s on a loaded machine
def test_huge_pictures_are_added_in_well_under_a_gigabyte(run_cli: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "huge"
    folder.mkdir()
    data = _huge_transparent_png(folder / "0.png").read_bytes()
    for i in (1, 2, 3):
        (folder / f"{i}.png").write_bytes(data + bytes([i]))  # other files, same picture: each is decoded
    result = run_cli("add", folder, prefix=PEAK, timeout=600)
    assert result.returncode == 0, result.stderr
    assert "4 works added" in result.stdout
    assert _peak_kb(result) < ONE_GB_KB  # it took 2.0 GB, and 3.0 GB with four workers


def _docx_with_body(path: Path, body: str) -> Path:
    """A real Word document (made by python-docx) whose body XML is replaced by `body`."""
    source = make_docx(path.with_suffix(".src.docx"), SCRIPT)
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in original.infolist():
            data = original.read(info.filename)
            if info.filename == "word/document.xml":
                head, tail = data.decode("utf-8").split("<w:body>", 1)
                data = (head + "<w:body>" + body + tail.split("<w:sectPr", 1)[0] + "</w:body></w:document>").encode()
            out.writestr(info.filename, data)
    source.unlink()
    return path


@pytest.mark.timeout(600)
def test_a_docx_bomb_and_a_damaged_docx_are_each_one_plain_error(run_cli: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "scripts"
    folder.mkdir()
    paragraph = "<w:p><w:r><w:t>all work and no play makes a dull script </w:t></w:r></w:p>"
    bomb = _docx_with_body(folder / "bomb.docx", paragraph * (100_000_000 // len(paragraph)))
    assert bomb.stat().st_size < 1_000_000  # 100 MB of XML
    damaged = _docx_with_body(folder / "damaged.docx", "<w:p><w:r><w:t>cut off here")
    (folder / "pilot.txt").write_text(SCRIPT, encoding="utf-8")
    result = run_cli("add", folder, prefix=PEAK, timeout=300)
    assert result.returncode == 1, result.stderr
    assert f"skipped {bomb}: this Word document is too large to read once unpacked" in result.stdout
    assert f"skipped {damaged}: this Word document is damaged" in result.stdout
    assert "1 work added, 0 already in the library, 2 skipped." in result.stdout
    assert _peak_kb(result) < ONE_GB_KB


@pytest.mark.timeout(600)
def test_a_book_bomb_and_a_book_of_laughs_are_each_one_plain_error(run_cli: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "books"
    folder.mkdir()
    bomb = make_epub(folder / "bomb.epub", ["<html><body>" + "<p>all work and no play</p>" * 4_000_000], True)
    assert bomb.stat().st_size < 1_000_000  # 100 MB of XHTML
    entities = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10 if n else "ha"}">' for n in range(10))
    laughs = make_epub(folder / "laughs.epub", [f"<?xml version='1.0'?><!DOCTYPE html [{entities}]>"
                                                "<html><body><p>&l9;</p></body></html>"], True)
    make_epub(folder / "novel.epub", [SCRIPT])
    result = run_cli("add", folder, prefix=PEAK, timeout=300)
    assert f"skipped {bomb}: this book is too large to read once unpacked" in result.stdout
    assert _peak_kb(result) < ONE_GB_KB
    words = {w["title"]: w["words"] for w in json.loads(run_cli("works", "--json").stdout)}
    assert words["novel"] == len(SCRIPT.split()) + 2 and "bomb" not in words  # and "Chapter 1"
    assert words["laughs"] < 10  # its entities are not expanded to the billion laughs they would make
    assert f"skipped {laughs}" not in result.stdout


def _pdf_bomb(path: Path) -> Path:
    """A one-page PDF whose drawing instructions inflate from a few hundred KB to 70 MB."""
    content = zlib.compress(b"BT /F1 12 Tf 72 712 Td (dull) Tj ET\n" * 2_000_000, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer << /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


@pytest.mark.timeout(600)
def test_a_pdf_bomb_is_one_plain_error_and_the_rest_are_added(run_cli: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "scripts"
    folder.mkdir()
    bomb = _pdf_bomb(folder / "bomb.pdf")
    (folder / "pilot.txt").write_text(SCRIPT, encoding="utf-8")
    result = run_cli("add", folder, prefix=PEAK, timeout=300)
    assert result.returncode == 1, result.stderr
    assert f"skipped {bomb}: this PDF is built to unpack into far more data than a document holds" in result.stdout
    assert "1 work added, 0 already in the library, 1 skipped." in result.stdout
    assert _peak_kb(result) < ONE_GB_KB


@pytest.mark.expect_log("creatorwatch.commands.library", "could not match", level=logging.ERROR)
def test_match_goes_on_past_a_candidate_that_fails_unexpectedly(
        tmp_path: Path, home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Fault injection in-process: an error no reader foresaw, for one candidate, is that candidate's line."""
    import argparse

    from creatorwatch.commands.library import run_add, run_match
    from creatorwatch.core.matching.match import Match, Matcher
    from creatorwatch.paths import resolve_paths

    paths = resolve_paths(home).ensure()
    poster = make_picture(tmp_path / "poster.png", seed=8, size=(480, 360))
    assert run_add(argparse.Namespace(paths=[poster], json=True, unfinished=False, forget_unfinished=False), paths) == 0
    faulty = make_picture(tmp_path / "faulty.png", seed=9)
    real_match = Matcher.match_file

    def match_file(self: Matcher, path: Path) -> list[Match]:
        if path.name == "faulty.png":
            raise KeyError("a fault no reader foresaw")
        return real_match(self, path)

    monkeypatch.setattr(Matcher, "match_file", match_file)
    capsys.readouterr()
    code = run_match(argparse.Namespace(candidates=[str(faulty), str(poster)], json=True), paths)
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert code == 1
    assert lines[0]["error"] == ("CreatorWatch could not read this file (an unexpected KeyError; "
                                 "the log has the details)")
    assert lines[1]["matches"][0]["work_path"] == str(poster)


def test_a_damaged_recording_is_skipped_in_plain_words(run_cli: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "works"
    folder.mkdir()
    fake = folder / "demo.mp3"
    fake.write_bytes(b"ID3\x04\x00\x00\x00\x00\x00\x00" + bytes(range(256)) * 8)  # a tag, then no sound at all
    make_picture(folder / "poster.png", seed=6)
    result = run_cli("add", folder)
    assert f"skipped {fake}: the recording is damaged or in a format CreatorWatch cannot read\n" in result.stdout
    assert "Errno" not in result.stdout and "file:" not in result.stdout
    assert "1 work added, 0 already in the library, 1 skipped." in result.stdout
