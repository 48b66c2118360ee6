"""Protected copies: every format carries the reservation, read back by an independent reader (ExifTool), the
original untouched, the copy recorded and still found as its work; broken or hostile files give a plain verdict."""

from __future__ import annotations

import json
import shutil
import subprocess
import zlib
from pathlib import Path

import numpy as np
import pytest

from creatorwatch.core.library.works import Library, sha256_file
from creatorwatch.core.optout.image_xmp import read_xmp, with_xmp
from creatorwatch.core.optout.protect import protect_works, protected_copies, work_for_copy
from creatorwatch.core.optout.xmp import AIML_PROHIBITED, Reservation, parse_packet, xmp_values
from creatorwatch.core.store.db import open_database
from creatorwatch.core.store.preferences import load_preferences, save_preferences
from creatorwatch.paths import resolve_paths
from tests.conftest import CliRunner
from tests.media import make_pdf, make_picture, make_recording

RESERVATION = Reservation(name="Ada Painter", contact="ada@example.org", policy_url="https://ada.example/licence")
WORDS = [
    "river", "lantern", "copper", "meadow", "whisper", "harbour", "violet", "engine", "saddle", "marble",
    "orchard", "thunder", "velvet", "compass", "ember", "glacier", "ribbon", "falcon", "tundra", "quiver",
]


def story(seed: int, words: int = 400) -> str:
    rng = np.random.default_rng(seed)
    picked = [WORDS[i] for i in rng.integers(0, len(WORDS), words)]
    return " ".join(" ".join(picked[i:i + 12]).capitalize() + "." for i in range(0, words, 12))


def exiftool(*paths: Path) -> list[dict[str, object]]:
    """ExifTool, the independent reader (Debian libimage-exiftool-perl, installed by scripts/test)."""
    assert shutil.which("exiftool"), "ExifTool is missing: apt-get install libimage-exiftool-perl (scripts/test does)"
    done = subprocess.run(["exiftool", "-j", "-n", "-G1", "-a", *map(str, paths)], capture_output=True, text=True,
                          check=True)
    return list(json.loads(done.stdout))


@pytest.fixture
def library(home: Path) -> Library:
    """The library of the data home `home`, which the CLI (run_cli) uses too."""
    return Library(open_database(resolve_paths(home).database))


@pytest.fixture
def works(tmp_path: Path, library: Library) -> dict[str, int]:
    folder = tmp_path / "originals"
    folder.mkdir()
    made = {
        "png": make_picture(folder / "sunset.png"),
        "jpeg": make_picture(folder / "harbour.jpg", seed=1, fmt="JPEG"),
        "webp": make_picture(folder / "meadow.webp", seed=2, fmt="WEBP"),
        "mp3": make_recording(folder / "song.mp3", codec="libmp3lame", container="mp3"),
        "flac": make_recording(folder / "tune.flac", seed=3, codec="flac", container="flac"),
        "pdf": make_pdf(folder / "essay.pdf", story(4)),
        "text": folder / "poem.txt",
    }
    made["text"].write_text(story(5), encoding="utf-8")
    report = library.add_paths([folder])
    assert len(report.added) == len(made), report.skipped
    by_path = {o.path.name: o.work.id for o in report.added if o.work}
    return {kind: by_path[path.name] for kind, path in made.items()}


def test_every_format_carries_the_reservation_read_back_by_exiftool(
        library: Library, works: dict[str, int], tmp_path: Path) -> None:
    originals = {w.id: (Path(w.path), sha256_file(Path(w.path))) for w in library.works()}
    results = protect_works(library, works.values(), tmp_path / "protected", RESERVATION)
    assert [r.problem for r in results] == [""] * len(works)
    copies = {r.work.id: r.path for r in results}
    assert all(p is not None for p in copies.values())
    tags = {Path(str(t["SourceFile"])).name: t for t in exiftool(*[p for p in copies.values() if p])}
    for kind in ("png", "jpeg", "webp", "mp3", "pdf"):
        found = tags[Path(str(copies[works[kind]])).name]
        assert found["XMP-plus:DataMining"] == AIML_PROHIBITED, kind
        assert "Ada Painter" in str(found["XMP-dc:Rights"]), kind
        assert found["XMP-iptcCore:CreatorWorkEmail"] == "ada@example.org", kind
        assert found["XMP-xmpRights:WebStatement"] == "https://ada.example/licence", kind
    mp3 = tags["song.mp3"]
    assert "Ada Painter" in str(mp3["ID3v2_3:Copyright"])
    assert mp3["ID3v2_3:UserDefinedText"] == "(AI_TRAINING) prohibited"
    flac = tags["tune.flac"]
    assert flac["Vorbis:AiTraining"] == "prohibited" and "Ada Painter" in str(flac["Vorbis:Copyright"])
    pdf = tags["essay.pdf"]
    assert pdf["PDF:TDMReservation"] == 1 and "Ada Painter" in str(pdf["PDF:Copyright"])
    text_copy = copies[works["text"]]
    assert text_copy is not None and text_copy.read_text(encoding="utf-8").startswith("© ")
    sidecar = exiftool(text_copy.with_name(text_copy.name + ".xmp"))[0]
    assert sidecar["XMP-plus:DataMining"] == AIML_PROHIBITED
    for path, digest in originals.values():  # the originals were only read
        assert sha256_file(path) == digest and not path.with_name(path.name + ".xmp").exists()
    assert not list((tmp_path / "protected").glob("*.part"))


def test_copies_are_recorded_and_still_found_as_their_work(
        library: Library, works: dict[str, int], tmp_path: Path, run_cli: CliRunner) -> None:
    results = protect_works(library, [works["png"], works["mp3"], works["pdf"]], tmp_path / "p", RESERVATION)
    for result in results:
        assert result.match_score is not None and result.match_score > 0.9, result.as_json()
    recorded = protected_copies(library.db, works["png"])
    assert len(recorded) == 1 and recorded[0]["matches_work"] == results[0].match_score
    copy = results[0].path
    assert copy is not None and work_for_copy(library.db, sha256_file(copy)) == works["png"]
    done = run_cli("match", "--json", copy)
    assert json.loads(done.stdout)["matches"][0]["work_id"] == works["png"]


def test_without_a_contact_the_copies_do_not_claim_to_carry_one(
        library: Library, works: dict[str, int], tmp_path: Path) -> None:
    """No contact in Settings: the listed signals said "XMP creator contact" and "(…, contact)" for copies that
    carry none (ExifTool finds no contact field); a creator sharing them would believe they can be reached."""
    wanted = [works["jpeg"], works["flac"], works["text"]]
    results = protect_works(library, wanted, tmp_path / "protected", Reservation(name="Ada Painter"))
    signals = " | ".join(s for r in results for s in r.signals)
    assert "contact" not in signals.lower(), signals
    assert "XMP plus:DataMining, IPTC/PLUS" in signals and "XMP sidecar file: plus:DataMining, dc:rights)" in signals
    found = exiftool(*[r.path for r in results if r.path])
    assert not any("Contact" in key or "CreatorWork" in key for tags in found for key in tags)


def test_the_cli_uses_the_name_and_contact_from_settings(run_cli: CliRunner, tmp_path: Path, home: Path) -> None:
    picture = make_picture(tmp_path / "dawn.jpg", seed=7, fmt="JPEG")
    assert run_cli("add", picture).returncode == 0
    db = open_database(resolve_paths(home).database)
    prefs = load_preferences(db)
    prefs.creator_name, prefs.creator_contact = "Bo Sketch", "https://bo.example"
    save_preferences(db, prefs)
    done = run_cli("protect", "1", "99", "-o", tmp_path / "out", "--all-mining")
    assert done.returncode == 2  # work 99 does not exist: said (wrong usage), and the others are still protected
    assert "#99: not protected — there is no work #99" in done.stdout
    found = exiftool(tmp_path / "out" / "dawn.jpg")[0]
    assert found["XMP-plus:DataMining"] == "http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED"
    assert "Bo Sketch" in str(found["XMP-dc:Rights"]) and found["XMP-iptcCore:CreatorWorkURL"] == "https://bo.example"


def test_an_existing_xmp_packet_is_kept_alongside_the_reservation(tmp_path: Path) -> None:
    own = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
           b'<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
           b'xmlns:plus="http://ns.useplus.org/ldf/xmp/1.0/" '
           b'plus:DataMining="http://ns.useplus.org/ldf/vocab/DMI-ALLOWED">'
           b'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Harbour at dawn</rdf:li></rdf:Alt></dc:title>'
           b'</rdf:Description></rdf:RDF></x:xmpmeta>')
    from creatorwatch.core.optout.xmp import reservation_packet

    picture = make_picture(tmp_path / "a.jpg", fmt="JPEG")
    picture.write_bytes(with_xmp(picture.read_bytes(), own))
    packet, note = reservation_packet(RESERVATION, read_xmp(picture.read_bytes()))
    copy = tmp_path / "b.jpg"
    copy.write_bytes(with_xmp(picture.read_bytes(), packet))
    found = exiftool(copy)[0]
    assert note == "" and found["XMP-dc:Title"] == "Harbour at dawn"
    assert found["XMP-plus:DataMining"] == AIML_PROHIBITED  # the old "allowed" is gone, not contradicted


def test_xmp_with_entity_tricks_is_never_expanded(library: Library, tmp_path: Path) -> None:
    laughs = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
              b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><x:xmpmeta xmlns:x="adobe:ns:meta/">'
              b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" '
              b'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>&c;</dc:title></rdf:Description>'
              b'</rdf:RDF></x:xmpmeta>')
    picture = make_picture(tmp_path / "laughs.png")
    picture.write_bytes(with_xmp(picture.read_bytes(), laughs))
    library.add_paths([picture])
    [result] = protect_works(library, [1], tmp_path / "out", RESERVATION)
    assert result.problem == "" and any("could not be kept" in n and "entities" in n for n in result.notes)
    assert result.path is not None
    values = xmp_values(parse_packet(read_xmp(result.path.read_bytes()) or b""), "plus", "DataMining")
    assert values == [AIML_PROHIBITED]
    assert b"hahaha" not in result.path.read_bytes()


def test_a_file_broken_after_it_was_added_gives_a_verdict_and_leaves_nothing(library: Library, tmp_path: Path) -> None:
    png, jpeg = make_picture(tmp_path / "a.png"), make_picture(tmp_path / "b.jpg", seed=3, fmt="JPEG")
    library.add_paths([png, jpeg])
    png.write_bytes(png.read_bytes()[: len(png.read_bytes()) // 2])
    jpeg.write_bytes(jpeg.read_bytes()[:300])
    results = protect_works(library, [1, 2], tmp_path / "out", RESERVATION)
    assert "PNG file is cut off" in results[0].problem
    assert "JPEG file is cut off" in results[1].problem
    assert list((tmp_path / "out").iterdir()) == [] and protected_copies(library.db) == []


def test_a_png_with_compressed_xmp_is_read(tmp_path: Path) -> None:
    picture = make_picture(tmp_path / "z.png").read_bytes()
    packet = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"/>'
    body = b"XML:com.adobe.xmp\x00\x01\x00\x00\x00" + zlib.compress(packet)
    chunk = len(body).to_bytes(4, "big") + b"iTXt" + body + zlib.crc32(b"iTXt" + body).to_bytes(4, "big")
    at = 8 + 25  # after the signature and the IHDR chunk
    assert read_xmp(picture[:at] + chunk + picture[at:]) == packet


def test_c2pa_signed_copies_say_training_and_mining_are_not_allowed(
        library: Library, works: dict[str, int], tmp_path: Path) -> None:
    import c2pa
    ids = [works["png"], works["jpeg"], works["mp3"], works["pdf"]]
    results = protect_works(library, ids, tmp_path / "signed", RESERVATION, sign=True)
    assert [r.problem for r in results] == [""] * 4
    for result in results[:3]:
        assert result.path is not None
        with c2pa.Reader(str(result.path)) as reader:  # the C2PA reference implementation reads the copy
            store = json.loads(reader.json())
        active = store["manifests"][store["active_manifest"]]
        for label in ("c2pa.training-mining", "cawg.training-mining"):  # C2PA 1.x readers, and newer ones
            entries = next(a["data"]["entries"] for a in active["assertions"] if a["label"] == label)
            prefix = label.split(".")[0]
            assert {e["use"] for e in entries.values()} == {"notAllowed"} and f"{prefix}.ai_training" in entries
        assert store["validation_state"] in ("Valid", "Trusted")
        assert "untrusted" in active["signature_info"]["common_name"]
        assert exiftool(result.path)[0]["XMP-plus:DataMining"] == AIML_PROHIBITED  # the XMP survives signing
        assert any("C2PA" in s for s in result.signals)
    assert "PDF files get no Content Credentials (C2PA)" in results[3].notes


@pytest.mark.expect_log("pypdf", "EOF marker not found", required=False)  # what pypdf says of a cut-off PDF
@pytest.mark.parametrize("kind", ["mp3", "flac", "pdf", "webp", "jpeg"])
def test_a_truncated_work_of_any_format_never_crashes(
        library: Library, works: dict[str, int], tmp_path: Path, kind: str) -> None:
    work = library.get(works[kind])
    assert work is not None
    path = Path(work.path)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 3])
    [result] = protect_works(library, [works[kind]], tmp_path / "out", RESERVATION)
    if result.problem:  # refused in words, and nothing half-made is left behind
        assert result.path is None and not list((tmp_path / "out").glob(f"{path.stem}*"))
        assert result.problem[0].islower() and "Traceback" not in result.problem
    else:  # or protected what is there, read back and checked like any other copy
        assert result.path is not None and result.path.exists() and result.signals
    if kind == "jpeg":
        assert result.problem == "the picture is damaged (cut off or broken), so its copy cannot be checked"
