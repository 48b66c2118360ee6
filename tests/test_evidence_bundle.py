"""Export: a bundle holds what the issue lists, verifies clean, names the work in its PDF, drafts a complete
notice, keeps tokens out, and never leaves a half-written file."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import zipfile
from html import escape
from pathlib import Path

import pypdf
import pytest
import sqlite_utils
from pytest_httpserver import HTTPServer

from creatorwatch.core.evidence import bundle as bundle_module
from creatorwatch.core.evidence.bundle import ExportOptions, export_bundle
from creatorwatch.core.evidence.custody import history
from creatorwatch.core.evidence.gather import UnknownMatch, gather
from creatorwatch.core.evidence.letter import in_bundle
from creatorwatch.core.evidence.notice import draft_notice
from creatorwatch.core.evidence.verify import verify_bundle
from creatorwatch.core.net.redact import SecretInBundle
from creatorwatch.core.records.findings import Findings
from creatorwatch.core.records.notice_details import NoticeDetails, save_notice_details
from tests.evidence_fixtures import SECRET, WORK_TITLE, Recorded, record_match
from tests.test_evidence_verify import rewrite


@pytest.fixture
def recorded(tmp_path: Path, httpserver: HTTPServer) -> Recorded:
    return record_match(tmp_path / "data" / "creatorwatch.sqlite3", tmp_path / "files", httpserver)


def test_export_writes_every_part_and_verifies(recorded: Recorded, tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()  # export makes no folders: a mistyped path is refused (test_cli_output_place.py)
    result = export_bundle(recorded.db, [recorded.match_id], tmp_path / "out" / "bundle.zip", secrets=[SECRET])
    with zipfile.ZipFile(result.path) as z:
        names = set(z.namelist())
        manifest = json.loads(z.read("manifest.json"))
    assert {"manifest.json", "custody.jsonl", "report.html", "report.pdf", "notice.txt"} <= names
    roles = {f["role"] for f in manifest["files"]}
    assert {"work", "work-facts", "candidate", "warc", "capture-facts", "preview", "custody", "notice"} <= roles
    assert {f["path"] for f in manifest["files"]} == names - {"manifest.json"}
    assert manifest["format_version"] == 1 and manifest["app_version"] and manifest["created_at"]
    assert all(len(f["sha256"]) == 64 and f["size"] >= 0 for f in manifest["files"])
    assert verify_bundle(result.path).ok
    # no temporary file left beside it; only the notice's copy to fill in
    assert sorted(result.path.parent.iterdir()) == sorted([result.path, result.path.with_name("bundle notice.txt")])


def test_report_pdf_renders_and_names_the_work_and_url(recorded: Recorded, tmp_path: Path) -> None:
    result = export_bundle(recorded.db, [recorded.match_id], tmp_path / "b.zip")
    with zipfile.ZipFile(result.path) as z:
        pdf = pypdf.PdfReader(io.BytesIO(z.read("report.pdf")))
        html = z.read("report.html").decode()
    text = "".join(page.extract_text() for page in pdf.pages).replace("\n", "")
    assert WORK_TITLE in text and recorded.candidate_url in text
    assert WORK_TITLE in html and recorded.candidate_url in html and "<img src='previews/" in html
    assert f"<a href='{escape(recorded.candidate_url)}' rel='noreferrer'>" in html  # an address a reader can open
    assert "court-admissible" not in text + html
    assert "design carried by colour, was also compared by its colours" in html  # how a hue design is matched


def test_only_web_addresses_become_links_in_the_report() -> None:
    """A page chose its own address: javascript: or data: stays text a reader cannot click."""
    from creatorwatch.core.evidence.report import _value_html

    assert _value_html("https://copies.example/a?b=1&c=2") == (
        "<a href='https://copies.example/a?b=1&amp;c=2' rel='noreferrer'>https://copies.example/a?b=1&amp;c=2</a>")
    for hostile in ("javascript:alert(1)", "data:text/html,<b>x</b>", "file:///etc/passwd", "https://a.example/ x"):
        assert "<a" not in _value_html(hostile)


def test_notice_holds_every_element_512c3_requires(recorded: Recorded, tmp_path: Path) -> None:
    save_notice_details(recorded.db, NoticeDetails(name="Ada Painter", address="1 Quay St, Portsmouth",
                                                   phone="+44 20 0000 0000", email="ada@example.org"))
    result = export_bundle(recorded.db, [recorded.match_id], tmp_path / "b.zip", ExportOptions(recipient="DMCA Agent"))
    with zipfile.ZipFile(result.path) as z:
        notice = z.read("notice.txt").decode()
    for element in ("(A)(i)", "(A)(ii)", "(A)(iii)", "(A)(iv)", "(A)(v)", "(A)(vi)", "Signed",  # each clause cited
                    WORK_TITLE, recorded.candidate_url,  # the work and where the copy is
                    "Ada Painter", "1 Quay St, Portsmouth", "+44 20 0000 0000", "ada@example.org",
                    "good faith belief", "not authorized by the copyright owner, its agent, or the law",
                    "under penalty of perjury", "authorized to act on behalf of the owner", "To: DMCA Agent"):
        assert element in notice, element
    assert "[FILL IN:" not in notice


def test_privacy_mode_keeps_only_hash_and_reduced_preview(recorded: Recorded, tmp_path: Path) -> None:
    result = export_bundle(recorded.db, [recorded.match_id], tmp_path / "b.zip", ExportOptions(include_work=False))
    work_bytes = recorded.work_path.read_bytes()
    with zipfile.ZipFile(result.path) as z:
        roles = {f["role"] for f in json.loads(z.read("manifest.json"))["files"]}
        facts = json.loads(z.read(f"work/{recorded.work_id}/work.json"))
        previews = [n for n in z.namelist() if n.endswith("-work.jpg")]
        assert previews and all(len(z.read(n)) < len(work_bytes) for n in previews)
    assert "work" not in roles and facts["title"] == WORK_TITLE and len(facts["sha256"]) == 64
    assert verify_bundle(result.path).ok


def test_no_token_anywhere_in_a_bundle(recorded: Recorded, tmp_path: Path) -> None:
    """The capture was fetched with the token in the URL, an Authorization header and a Set-Cookie answer."""
    result = export_bundle(recorded.db, [recorded.match_id], tmp_path / "b.zip", secrets=[SECRET])
    raw = result.path.read_bytes()
    assert SECRET.encode() not in raw
    with zipfile.ZipFile(result.path) as z:
        for name in z.namelist():
            data = z.read(name)
            if name.endswith(".gz"):
                data = gzip.decompress(data)
            assert SECRET.encode() not in data, name


def test_a_bundle_that_would_hold_a_token_is_refused(recorded: Recorded, tmp_path: Path) -> None:
    save_notice_details(recorded.db, NoticeDetails(name=f"pasted by mistake {SECRET}"))
    target = tmp_path / "out" / "b.zip"
    target.parent.mkdir()
    with pytest.raises(SecretInBundle, match=r"notice\.txt"):
        export_bundle(recorded.db, [recorded.match_id], target, secrets=[SECRET])
    assert list(target.parent.iterdir()) == []


def test_an_interrupted_export_leaves_no_file(recorded: Recorded, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object) -> bytes:
        raise KeyboardInterrupt

    monkeypatch.setattr(bundle_module, "render_pdf", interrupted)
    target = tmp_path / "out" / "b.zip"
    target.parent.mkdir()
    with pytest.raises(KeyboardInterrupt):
        export_bundle(recorded.db, [recorded.match_id], target)
    assert list(target.parent.iterdir()) == []
    assert "exported" not in [e.action for e in history(recorded.db, recorded.match_id)]


def test_export_is_logged_in_custody_which_is_append_only(recorded: Recorded, tmp_path: Path) -> None:
    import sqlite3

    export_bundle(recorded.db, [recorded.match_id], tmp_path / "b.zip")
    actions = [e.action for e in history(recorded.db, recorded.match_id)]
    assert actions[:2] == ["detected", "captured"] and actions[-1] == "exported"
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        recorded.db.execute("DELETE FROM custody")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        recorded.db.execute("UPDATE custody SET action = 'nothing'")


def test_every_decision_is_in_custody_not_only_the_last(recorded: Recorded) -> None:
    """Dismissed by mistake, undone, then confirmed: the bundle's timeline showed only "confirmed" (the find keeps
    its latest status); a lawyer reading it sees each decision, in order."""
    findings = Findings(recorded.db)
    for status in ("dismissed", "new", "confirmed"):
        findings.review([recorded.match_id], status)
    reviewed = [e.detail["status"] for e in history(recorded.db, recorded.match_id) if e.action == "reviewed"]
    assert reviewed == ["dismissed", "new", "confirmed"]


def test_no_timestamp_authority_reachable_still_exports_and_says_so(recorded: Recorded, tmp_path: Path) -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = export_bundle(recorded.db, [recorded.match_id], tmp_path / "b.zip",
                           ExportOptions(tsa_url=f"http://127.0.0.1:{port}/tsr"))
    assert result.timestamp.startswith("no trusted timestamp")
    with zipfile.ZipFile(result.path) as z:
        assert "timestamp.tsr" not in z.namelist()
    assert verify_bundle(result.path).ok


def test_unknown_match_is_named(recorded: Recorded, tmp_path: Path) -> None:
    with pytest.raises(UnknownMatch, match="#999"):
        export_bundle(recorded.db, [recorded.match_id, 999], tmp_path / "b.zip")
    assert not (tmp_path / "b.zip").exists()


VOICE = {"voice": "my voice", "similarity": 0.91, "speech_seconds": 9.5,
         "segments": [{"start": 4.8, "end": 6.4, "similarity": 0.9}, {"start": 1.6, "end": 3.2, "similarity": 0.93}]}


def as_voice_likeness(db: sqlite_utils.Database, match_id: int) -> None:
    """The recorded match, heard instead as a voice likeness (the capture and the custody log stay real)."""
    db.execute("UPDATE matches SET kind = 'voice', score = 0.91, evidence = ? WHERE id = ?",
               [json.dumps(VOICE), match_id])


def test_a_bundle_of_voice_likenesses_alone_carries_a_likeness_report_not_a_dmca_notice(
        recorded: Recorded, tmp_path: Path) -> None:
    as_voice_likeness(recorded.db, recorded.match_id)
    save_notice_details(recorded.db, NoticeDetails(name="Ada Painter", email="ada@example.org"))
    result = export_bundle(recorded.db, [recorded.match_id], tmp_path / "b.zip")
    with zipfile.ZipFile(result.path) as z:
        notice, html = z.read("notice.txt").decode(), z.read("report.html").decode()
        listed = {f["path"]: f for f in json.loads(z.read("manifest.json"))["files"]}
    assert notice.startswith("DRAFT — REPORT OF AN IMITATION OF MY VOICE")
    for dmca in ("17 U.S.C", "Copyright Agent", "penalty of perjury", "infringes copyright", "none of the selected"):
        assert dmca not in notice, dmca  # nothing claimed as a copy, and no empty copyright claim either
    found = notice[notice.index("1. What was found"):notice.index("2. How it was found")]
    assert recorded.candidate_url in found and "On: localhost, titled \"harbour (AI remix)\"" in found
    assert "Found: 20" in found and " UTC; a copy was captured 20" in found  # when, in plain UTC
    assert "score 91% (voice similarity 0.91, where 0.50 sounds like you, over 10 s of its speech)" in found  # how sure
    assert "0:01.6 to 0:03.2 (similarity 0.93)\n        0:04.8 to 0:06.4 (similarity 0.90)" in found  # in time order
    prose = " ".join(notice.split())  # as read, whatever the line breaks
    assert "report form for impersonation, or for synthetic or manipulated media" in prose  # where to send it
    assert "The law differs from place to place" in prose and "is not legal advice" in prose
    assert f"can be heard in this recording, which I can send on request: \"{WORK_TITLE}\"" in prose
    assert "Name:       Ada Painter" in notice and "Email:      ada@example.org" in notice
    assert listed["notice.txt"]["role"] == "notice"
    assert listed["notice.txt"]["sha256"] == hashlib.sha256(notice.encode()).hexdigest()
    assert "voice likeness" in html and "Sounds like" in html and "does not mean one of your" in html
    assert verify_bundle(result.path).ok
    flipped = bytearray(notice.encode())
    flipped[flipped.index(b"0:01.6")] ^= 0x01  # one bit of the seconds that sound like the creator
    changed = verify_bundle(rewrite(result.path, tmp_path / "changed.zip", {"notice.txt": bytes(flipped)}))
    assert [(p.kind, p.path) for p in changed.problems] == [("changed", "notice.txt")]



def test_a_likeness_heard_in_one_stretch_says_over_which_seconds_and_against_the_stretch_line(
        recorded: Recorded, tmp_path: Path) -> None:
    stretch = VOICE | {"speech_seconds": 48.0, "stretch": {"start": 39.7, "end": 48.0, "similarity": 0.91}}
    recorded.db.execute("UPDATE matches SET kind = 'voice', score = 0.91, evidence = ? WHERE id = ?",
                        [json.dumps(stretch), recorded.match_id])
    result = export_bundle(recorded.db, [recorded.match_id], tmp_path / "b.zip")
    with zipfile.ZipFile(result.path) as z:
        notice = z.read("notice.txt").decode()
    assert "(voice similarity 0.91, where 0.505 sounds like you, over its speech from 0:39.7 to 0:48.0)" in notice


def test_a_likeness_heard_in_a_few_seconds_cites_the_short_speech_line(recorded: Recorded, tmp_path: Path) -> None:
    short = VOICE | {"speech_seconds": 2.8, "similarity": 0.49}
    recorded.db.execute("UPDATE matches SET kind = 'voice', score = 0.6, evidence = ? WHERE id = ?",
                        [json.dumps(short), recorded.match_id])
    result = export_bundle(recorded.db, [recorded.match_id], tmp_path / "b.zip")
    with zipfile.ZipFile(result.path) as z:
        notice, report = z.read("notice.txt").decode(), z.read("report.html").decode()
    assert "(voice similarity 0.49, where 0.471 sounds like you, over 3 s of its speech)" in notice
    assert "a few seconds of speech is compared whole against a line of its own (from 0.471 up)" in report

def test_a_bundle_with_a_copy_keeps_the_dmca_notice_and_lists_voice_likenesses_apart(
        recorded: Recorded, tmp_path: Path) -> None:
    voice_url = "https://voices.example/clips/7"
    candidate = recorded.db.execute("INSERT INTO candidates (url, source, title, first_seen) VALUES "
                                    "(?, 'voices', 'new audiobook', '2026-03-01T10:00:00+00:00')", [voice_url])
    voice = int(recorded.db.execute(
        "INSERT INTO matches (type, candidate_id, work_id, kind, score, evidence, found_at) VALUES "
        "('match', ?, ?, 'voice', 0.91, ?, '2026-03-01T10:00:00+00:00')",
        [candidate.lastrowid, recorded.work_id, json.dumps(VOICE)]).lastrowid or 0)
    details = NoticeDetails(name="Ada Painter", address="1 Quay St", phone="+44 20 0000 0000", email="ada@example.org")
    save_notice_details(recorded.db, details)
    ids = [voice, recorded.match_id]
    result = export_bundle(recorded.db, ids, tmp_path / "b.zip", ExportOptions(recipient="DMCA Agent"))
    with zipfile.ZipFile(result.path) as z:
        notice = z.read("notice.txt").decode()
    drafted = draft_notice(gather(recorded.db, ids), details, "DMCA Agent")
    assert notice == in_bundle(drafted, "b notice.txt")  # the DMCA draft, as it was
    assert notice.startswith("DRAFT — NOTIFICATION OF CLAIMED COPYRIGHT INFRINGEMENT")
    claimed = notice[notice.index("(A)(iii)"):notice.index("Not part of this notice")]
    assert recorded.candidate_url in claimed and voice_url not in claimed  # the copy claimed, the voice not
    assert "sound like my voice" in notice and voice_url in notice and "IMITATION OF MY VOICE" not in notice
    assert verify_bundle(result.path).ok


DATASET_URL = "https://huggingface.co/datasets/scraper/ada-painter-style"
DATASET_TEXT = ("scraper/ada-painter-style\nA dataset of 1,200 paintings by ada_painter, including Harbour at Dawn,\n"
                "scraped from her portfolio for LoRA training.")


def record_mention(db: sqlite_utils.Database, url: str, term: str, title: str = "", text: str = "") -> int:
    """A mention of `term`, recorded the way the monitor records one: on the candidate at `url` (added if new)."""
    db.execute("INSERT OR IGNORE INTO candidates (url, source, title, text, first_seen) VALUES "
               "(?, 'huggingface', ?, ?, '2026-03-01T10:00:00+00:00')", [url, title, text])
    candidate = db.execute("SELECT id FROM candidates WHERE url = ?", [url]).fetchone()[0]
    return int(db.execute("INSERT INTO matches (type, candidate_id, term, score, found_at) VALUES "
                          "('mention', ?, ?, 1.0, '2026-03-01T10:00:00+00:00')", [candidate, term]).lastrowid or 0)


def dataset_mentions(db: sqlite_utils.Database) -> list[int]:
    """A dataset listing that names the creator and one of her works, as two mentions of one place."""
    return [record_mention(db, DATASET_URL, term, "scraper/ada-painter-style", DATASET_TEXT)
            for term in ("Ada Painter", WORK_TITLE)]


def test_a_bundle_of_mentions_alone_carries_an_opt_out_request_not_a_dmca_notice(
        recorded: Recorded, tmp_path: Path) -> None:
    recorded.db.execute("UPDATE candidates SET text = 'A harbour at dawn, remade in the style of Ada Painter' "
                        "WHERE url = ?", [recorded.candidate_url])
    ids = [*dataset_mentions(recorded.db), record_mention(recorded.db, recorded.candidate_url, "Ada Painter")]
    save_notice_details(recorded.db, NoticeDetails(name="Ada Painter", email="ada@example.org"))
    result = export_bundle(recorded.db, ids, tmp_path / "b.zip")
    with zipfile.ZipFile(result.path) as z:
        notice = z.read("notice.txt").decode()
        listed = {f["path"]: f for f in json.loads(z.read("manifest.json"))["files"]}
    assert notice.startswith("DRAFT — REQUEST TO REMOVE MY WORKS AND MY NAME FROM AI TRAINING DATA AND OUTPUTS")
    for dmca in ("17 U.S.C", "Copyright Agent", "penalty of perjury", "infringes copyright", "none of the selected",
                 "COPYRIGHT INFRINGEMENT", "IMITATION OF MY VOICE"):
        assert dmca not in notice, dmca  # no empty copyright claim, and no voice report either
    prose = " ".join(notice.split())  # as read, whatever the line breaks
    for ask in ("remove my works and my name from the training data you hold or publish",
                "stop using them to train or fine-tune models", "record my opt-out",
                "confirm in writing what you have done"):
        assert ask in prose, ask
    found = notice[notice.index("1. What was found"):notice.index("2. How it was found")]
    assert found.count(DATASET_URL) == 1 and "Place 2: " + recorded.candidate_url in found  # one entry a place
    assert "On: huggingface.co, titled \"scraper/ada-painter-style\"" in found  # where
    assert "Found: 2026-03-01 10:00 UTC\n" in found and " UTC; a copy was captured 20" in found  # when, in UTC
    assert f"The words matched: \"Ada Painter\", \"{WORK_TITLE}\"" in found  # the exact words
    dataset = " ".join(found[:found.index("Place 2")].split())
    assert dataset.count("As written there") == 1  # both terms in one quote, as the dataset spells them
    assert "As written there: \"A dataset of 1,200 paintings by ada_painter, including Harbour at Dawn, scraped " \
           "from her portfolio for LoRA…\"" in dataset
    assert "As written there: \"A harbour at dawn, remade in the style of Ada Painter\"" in found
    assert "removal or opt-out form" in prose and "opt-out process" in prose  # where to send it
    assert "The law differs from place to place" in prose and "data-protection" in prose
    assert "is not legal advice" in prose
    assert "Name:       Ada Painter" in notice and "Email:      ada@example.org" in notice
    assert listed["notice.txt"]["role"] == "notice"
    assert listed["notice.txt"]["sha256"] == hashlib.sha256(notice.encode()).hexdigest()
    assert verify_bundle(result.path).ok
    flipped = bytearray(notice.encode())
    flipped[flipped.index(b"ada_painter")] ^= 0x01  # one bit of the words quoted as found
    changed = verify_bundle(rewrite(result.path, tmp_path / "changed.zip", {"notice.txt": bytes(flipped)}))
    assert [(p.kind, p.path) for p in changed.problems] == [("changed", "notice.txt")]


def test_a_bundle_with_a_copy_and_a_mention_keeps_the_dmca_notice(recorded: Recorded, tmp_path: Path) -> None:
    details = NoticeDetails(name="Ada Painter", address="1 Quay St", phone="+44 20 0000 0000", email="ada@example.org")
    save_notice_details(recorded.db, details)
    ids = [*dataset_mentions(recorded.db), recorded.match_id]
    result = export_bundle(recorded.db, ids, tmp_path / "b.zip", ExportOptions(recipient="DMCA Agent"))
    with zipfile.ZipFile(result.path) as z:
        notice = z.read("notice.txt").decode()
    drafted = draft_notice(gather(recorded.db, ids), details, "DMCA Agent")
    assert notice == in_bundle(drafted, "b notice.txt")  # the DMCA draft, as it was
    apart = notice[notice.index("Not part of this notice"):notice.index("3. My contact information")]
    assert DATASET_URL in apart and "REQUEST TO REMOVE" not in notice  # the mention listed apart, as before
    assert verify_bundle(result.path).ok
