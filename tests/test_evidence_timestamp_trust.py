"""Verify checks a timestamp against trust roots the creator chose: the authority certificate they give
(`verify --tsa-cert FILE`) or this computer's trust store. A bundle re-stamped by a self-made "authority" once
verified with the same words as a real one; now verify says "trusted by <root>", or plainly why not."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from creatorwatch.core.evidence.bundle import ExportOptions, export_bundle
from creatorwatch.core.evidence.timestamp import authority_roots
from creatorwatch.core.evidence.verify import verify_bundle
from creatorwatch.core.net.client import HttpClient
from tests.conftest import CliRunner
from tests.evidence_fixtures import record_match
from tests.tsa_fixtures import Authority, make_authority


@pytest.fixture(scope="module")
def authorities(tmp_path_factory: pytest.TempPathFactory) -> tuple[Authority, Authority]:
    root = tmp_path_factory.mktemp("authorities")
    return make_authority(root / "real", "Harbour Timestamping"), make_authority(root / "other", "Someone Else")


@pytest.fixture(scope="module")
def stamped(tmp_path_factory: pytest.TempPathFactory, authorities: tuple[Authority, Authority]) -> Path:
    """An evidence bundle timestamped by the "Harbour Timestamping" authority, served over loopback."""
    root = tmp_path_factory.mktemp("stamped")
    with HTTPServer() as server:
        recorded = record_match(root / "data" / "creatorwatch.sqlite3", root / "files", server)
        tsa_url = authorities[0].serve(server)
        with HttpClient(allow_private=True) as http:
            result = export_bundle(recorded.db, [recorded.match_id], root / "bundle.zip",
                                   ExportOptions(tsa_url=tsa_url), http=http)
    assert "trusted timestamp from" in result.timestamp, result.timestamp
    return result.path


def test_a_timestamp_from_the_chosen_authority_is_trusted_by_its_root(
        stamped: Path, authorities: tuple[Authority, Authority]) -> None:
    result = verify_bundle(stamped, authority_roots(authorities[0].root_pem))
    assert result.ok, result.problems
    assert result.trusted_timestamp and result.timestamp_chain_trusted
    assert result.timestamp_authority == "Harbour Timestamping"
    assert result.timestamp_trust_root == "Harbour Timestamping Root"
    assert 'trusted by "Harbour Timestamping Root" (root.pem)' in result.timestamp


def test_a_timestamp_from_another_authority_than_the_chosen_one_fails(
        stamped: Path, authorities: tuple[Authority, Authority]) -> None:
    result = verify_bundle(stamped, authority_roots(authorities[1].root_pem))
    assert not result.ok and not result.timestamp_chain_trusted and result.timestamp_trust_root == ""
    assert [(p.kind, p.path) for p in result.problems] == [("timestamp", "timestamp.tsr")]
    assert result.timestamp.startswith('NOT trusted: "Harbour Timestamping" does not lead to a root in root.pem')
    assert "issued by an authority not among them" in result.timestamp


def test_by_default_an_authority_unknown_to_this_computer_is_not_trusted(stamped: Path) -> None:
    result = verify_bundle(stamped)
    assert not result.timestamp_chain_trusted
    assert "NOT trusted" in result.timestamp_trust and "this computer's trust store" in result.timestamp_trust


def test_verify_tsa_cert_on_the_command_line(run_cli: CliRunner, stamped: Path,
                                            authorities: tuple[Authority, Authority]) -> None:
    real, other = authorities
    trusted = run_cli("verify", stamped, "--tsa-cert", real.root_pem, "--json")
    assert trusted.returncode == 0, trusted.stdout + trusted.stderr
    data = json.loads(trusted.stdout)
    assert {"bundle", "ok", "checked", "timestamp", "trusted_timestamp", "timestamp_authority",
            "problems"} <= set(data)  # the fields scripts already read are all still there
    assert data["timestamp_chain_trusted"] is True and data["timestamp_trust_root"] == "Harbour Timestamping Root"
    assert data["timestamp_trust"] == 'trusted by "Harbour Timestamping Root" (root.pem)'

    refused = run_cli("verify", stamped, "--tsa-cert", other.root_pem)
    assert refused.returncode == 1
    assert 'NOT trusted: "Harbour Timestamping" does not lead to a root in root.pem' in refused.stdout

    not_a_certificate = run_cli("verify", stamped, "--tsa-cert", stamped)
    assert not_a_certificate.returncode == 2 and "holds no certificate" in not_a_certificate.stderr


def test_a_stamped_bundle_whose_timestamp_was_removed_fails(stamped: Path, tmp_path: Path,
                                                             authorities: tuple[Authority, Authority]) -> None:
    stripped = tmp_path / "stripped.zip"
    with zipfile.ZipFile(stamped) as old, zipfile.ZipFile(stripped, "w") as new:
        for info in old.infolist():
            if info.filename != "timestamp.tsr":
                new.writestr(info, old.read(info))
    result = verify_bundle(stripped, authority_roots(authorities[0].root_pem))
    assert ("removed", "timestamp.tsr") in [(p.kind, p.path) for p in result.problems]
    assert not result.trusted_timestamp and not result.timestamp_chain_trusted
    assert "timestamp.tsr is gone" in result.timestamp


def test_an_authority_certificate_saved_in_the_settings_is_what_verify_trusts(
        run_cli: CliRunner, stamped: Path, authorities: tuple[Authority, Authority], tmp_path: Path) -> None:
    real, other = authorities
    saved = run_cli("evidence-settings", "--tsa-cert", real.root_pem, "--json")
    assert saved.returncode == 0, saved.stderr
    assert json.loads(saved.stdout)["tsa_cert"] == "Harbour Timestamping Root"
    moved = tmp_path / "gone.pem"  # kept in the data file: the file itself may go
    real.root_pem.rename(moved)
    try:
        trusted = json.loads(run_cli("verify", stamped, "--json").stdout)
    finally:
        moved.rename(real.root_pem)
    assert trusted["ok"] and trusted["timestamp_trust_root"] == "Harbour Timestamping Root"
    assert "evidence-settings --tsa-cert" in trusted["timestamp_trust"]

    run_cli("evidence-settings", "--tsa-cert", other.root_pem)
    assert run_cli("verify", stamped).returncode == 1
    run_cli("evidence-settings", "--tsa-cert", "")
    assert json.loads(run_cli("evidence-settings", "--json").stdout)["tsa_cert"] == ""
    by_default = json.loads(run_cli("verify", stamped, "--json").stdout)
    assert "this computer's trust store" in by_default["timestamp_trust"]
