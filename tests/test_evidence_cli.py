"""The command line for evidence: export, verify (exit 0 only when nothing changed), evidence-settings and
takedown — the real `creatorwatch` in a subprocess."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

from pytest_httpserver import HTTPServer

from tests.conftest import CliRunner
from tests.evidence_fixtures import record_match
from tests.test_evidence_bundle import DATASET_URL, dataset_mentions


def test_export_verify_and_follow_a_takedown(home: Path, tmp_path: Path, httpserver: HTTPServer,
                                             run_cli: CliRunner) -> None:
    recorded = record_match(home / "data" / "creatorwatch.sqlite3", tmp_path / "files", httpserver)
    recorded.db.conn.close()
    done = run_cli("evidence-settings", "--name", "Ada Painter", "--email", "ada@example.org", "--json")
    assert done.returncode == 0 and json.loads(done.stdout)["name"] == "Ada Painter"

    bundle = tmp_path / "out" / "evidence.zip"
    bundle.parent.mkdir(exist_ok=True)
    done = run_cli("export", recorded.match_id, "-o", bundle)
    assert done.returncode == 0, done.stderr
    assert "wrote the evidence bundle" in done.stdout and "no trusted timestamp" in done.stdout

    written = re.search(r"\((\d+) files and the manifest listing them, SHA-256 ", done.stdout)
    assert written, done.stdout

    done = run_cli("verify", bundle)
    assert done.returncode == 0 and done.stdout.startswith(f"ok: all {written[1]} files match the manifest")

    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(bundle) as old, zipfile.ZipFile(tampered, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            new.writestr(info, data.replace(b"Ada Painter", b"Bob Painter") if info.filename == "notice.txt" else data)
    done = run_cli("verify", tampered)
    assert done.returncode == 1 and "changed: notice.txt" in done.stdout and "FAILED" in done.stdout

    for at, change in ((10, 0x01), (6, 0x01)):  # the first file's date in its ZIP header; its "encrypted" flag
        raw = bytearray(bundle.read_bytes())
        raw[at] ^= change
        (tmp_path / "header.zip").write_bytes(bytes(raw))
        done = run_cli("verify", tmp_path / "header.zip")
        assert done.returncode == 1 and "FAILED" in done.stdout and "Traceback" not in done.stderr

    assert run_cli("export", 999, "-o", tmp_path / "x.zip").returncode == 2
    assert run_cli("verify").returncode == 2

    done = run_cli("takedown", "draft", recorded.match_id, "-o", tmp_path / "notice.txt")
    assert done.returncode == 0 and "Ada Painter" in (tmp_path / "notice.txt").read_text()
    done = run_cli("takedown", "sent", recorded.match_id, "--channel", "email", "--to", "agent@host.example",
                   "--date", "2026-01-05")
    assert done.returncode == 0 and "takedown sent" in done.stdout
    listed = json.loads(run_cli("takedown", "list", "--json").stdout)
    assert [(t["match_id"], t["status"], t["recipient"]) for t in listed] == \
        [(recorded.match_id, "sent", "agent@host.example")]
    assert listed[0]["days_since_sent"] >= 0
    shown = json.loads(run_cli("takedown", "show", recorded.match_id, "--json").stdout)
    assert "exported" in [e["action"] for e in shown["custody"]]
    assert run_cli("takedown", "sent", recorded.match_id, "--channel", "x", "--to", "y", "--date", "soon"
                   ).returncode == 2

    again = run_cli("takedown", "draft", recorded.match_id, "-o", tmp_path / "notice again.txt")
    assert again.returncode == 0 and "is already sent; it stays so" in again.stderr
    listed = json.loads(run_cli("takedown", "list", "--json").stdout)  # drafting again takes no step back
    assert [(t["status"], t["recipient"]) for t in listed] == [("sent", "agent@host.example")]
    shown = json.loads(run_cli("takedown", "show", recorded.match_id, "--json").stdout)
    assert any("drafted again" in json.dumps(e) for e in shown["custody"])


def test_takedown_draft_for_a_mention_is_an_opt_out_request(home: Path, tmp_path: Path, httpserver: HTTPServer,
                                                           run_cli: CliRunner) -> None:
    recorded = record_match(home / "data" / "creatorwatch.sqlite3", tmp_path / "files", httpserver)
    mention = dataset_mentions(recorded.db)[0]
    recorded.db.conn.close()
    assert run_cli("evidence-settings", "--name", "Ada Painter", "--email", "ada@example.org").returncode == 0

    done = run_cli("takedown", "draft", mention, "--to", "datasets@scraper.example")
    assert done.returncode == 0, done.stderr
    draft = done.stdout
    assert draft.startswith("DRAFT — REQUEST TO REMOVE MY WORKS AND MY NAME FROM AI TRAINING DATA AND OUTPUTS")
    assert "17 U.S.C" not in draft and "penalty of perjury" not in draft and "Copyright Agent" not in draft
    assert f"Place 1: {DATASET_URL}" in draft and "The words matched: \"Ada Painter\"" in draft
    assert "paintings by ada_painter" in draft and "record my opt-out" in " ".join(draft.split())
    assert "To: datasets@scraper.example" in draft and "Name:       Ada Painter" in draft

    done = run_cli("takedown", "draft", recorded.match_id)  # a copy still gets the DMCA notice
    assert done.returncode == 0 and done.stdout.startswith("DRAFT — NOTIFICATION OF CLAIMED COPYRIGHT INFRINGEMENT")


def test_a_timestamp_authority_that_is_not_a_web_address_is_refused_and_nothing_is_saved(
        home: Path, tmp_path: Path, httpserver: HTTPServer, run_cli: CliRunner) -> None:
    recorded = record_match(home / "data" / "creatorwatch.sqlite3", tmp_path / "files", httpserver)
    recorded.db.conn.close()
    refused = run_cli("evidence-settings", "--name", "Ada Painter", "--tsa", "freetsa.org/tsr")
    assert refused.returncode == 2 and "is not a web address" in refused.stderr
    shown = json.loads(run_cli("evidence-settings", "--json").stdout)
    assert shown["tsa"] == "" and shown["name"] != "Ada Painter"  # neither half of the command was kept

    bundle = tmp_path / "out" / "evidence.zip"
    bundle.parent.mkdir(exist_ok=True)
    refused = run_cli("export", recorded.match_id, "-o", bundle, "--tsa", "tsa.example")
    assert refused.returncode == 2 and "Nothing was exported" in refused.stderr and not bundle.exists()
    assert run_cli("evidence-settings", "--tsa", "https://freetsa.org/tsr").returncode == 0
