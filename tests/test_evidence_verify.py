"""Verify: a clean bundle passes; every kind of change — a byte of any file, a file added, a file removed, the
manifest edited, a bad timestamp — fails and is named."""

from __future__ import annotations

import json
import shutil
import struct
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer

from creatorwatch.core.evidence.bundle import export_bundle
from creatorwatch.core.evidence.manifest import seal
from creatorwatch.core.evidence.verify import verify_bundle
from tests.evidence_fixtures import record_match


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("verify")
    with HTTPServer() as server:
        recorded = record_match(root / "data" / "creatorwatch.sqlite3", root / "files", server)
        return export_bundle(recorded.db, [recorded.match_id], root / "bundle.zip").path


def rewrite(source: Path, target: Path, change: dict[str, bytes | None], add: dict[str, bytes] | None = None) -> Path:
    """A copy of the ZIP with members replaced (bytes) or dropped (None), and members added."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            if info.filename in change:
                if change[info.filename] is not None:
                    new.writestr(info, change[info.filename])  # type: ignore[arg-type]
            else:
                new.writestr(info, old.read(info))
        for name, data in (add or {}).items():
            new.writestr(name, data)
    return target


def names(bundle: Path) -> list[str]:
    with zipfile.ZipFile(bundle) as z:
        return z.namelist()


def test_untouched_bundle_verifies(bundle: Path) -> None:
    result = verify_bundle(bundle)
    assert result.ok and result.checked == len(names(bundle)) - 1
    assert "no trusted timestamp" in result.timestamp


@pytest.mark.parametrize("member", range(12))
def test_one_changed_byte_in_any_file_is_named(bundle: Path, tmp_path: Path, member: int) -> None:
    files = names(bundle)
    name = files[member % len(files)]
    with zipfile.ZipFile(bundle) as z:
        data = bytearray(z.read(name))
    data[len(data) // 2] ^= 0x01
    result = verify_bundle(rewrite(bundle, tmp_path / "t.zip", {name: bytes(data)}))
    assert not result.ok
    assert any(p.path == name for p in result.problems), result.problems


def test_added_file_is_named(bundle: Path, tmp_path: Path) -> None:
    result = verify_bundle(rewrite(bundle, tmp_path / "t.zip", {}, {"matches/1/extra.png": b"planted"}))
    assert [(p.kind, p.path) for p in result.problems] == [("added", "matches/1/extra.png")]


def test_removed_file_is_named(bundle: Path, tmp_path: Path) -> None:
    result = verify_bundle(rewrite(bundle, tmp_path / "t.zip", {"notice.txt": None}))
    assert [(p.kind, p.path) for p in result.problems] == [("removed", "notice.txt")]


def test_manifest_edited_is_named(bundle: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(bundle) as z:
        manifest = json.loads(z.read("manifest.json"))
    manifest["created_at"] = "2020-01-01T00:00:00+00:00"
    result = verify_bundle(rewrite(bundle, tmp_path / "t.zip", {"manifest.json": json.dumps(manifest).encode()}))
    assert [(p.kind, p.path) for p in result.problems] == [("manifest", "manifest.json")]


def test_manifest_rewritten_and_resealed_still_names_the_file_it_misdescribes(bundle: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(bundle) as z:
        manifest = json.loads(z.read("manifest.json"))
    victim = next(f for f in manifest["files"] if f["role"] == "candidate")
    victim["sha256"] = "0" * 64
    manifest["seal"] = seal(manifest)
    result = verify_bundle(rewrite(bundle, tmp_path / "t.zip", {"manifest.json": json.dumps(manifest).encode()}))
    assert [(p.kind, p.path) for p in result.problems] == [("changed", victim["path"])]


def test_manifest_removed_or_garbled_is_named(bundle: Path, tmp_path: Path) -> None:
    gone = verify_bundle(rewrite(bundle, tmp_path / "a.zip", {"manifest.json": None}))
    garbled = verify_bundle(rewrite(bundle, tmp_path / "b.zip", {"manifest.json": b"{not json"}))
    assert [p.path for p in gone.problems] == ["manifest.json"]
    assert [p.path for p in garbled.problems] == ["manifest.json"]


def test_bad_timestamp_is_named(bundle: Path, tmp_path: Path) -> None:
    result = verify_bundle(rewrite(bundle, tmp_path / "t.zip", {}, {"timestamp.tsr": b"\x30\x03\x02\x01\x00"}))
    assert [(p.kind, p.path) for p in result.problems] == [("timestamp", "timestamp.tsr")]


def test_not_a_zip(tmp_path: Path) -> None:
    (tmp_path / "x.zip").write_bytes(b"hello")
    assert [p.kind for p in verify_bundle(tmp_path / "x.zip").problems] == ["damaged"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_flipped_byte_in_any_file_fails_and_names_it(bundle: Path, tmp_path: Path, data: st.DataObject) -> None:
    files = names(bundle)
    name = data.draw(st.sampled_from(files))
    with zipfile.ZipFile(bundle) as z:
        content = bytearray(z.read(name))
    at = data.draw(st.integers(0, len(content) - 1))
    content[at] ^= data.draw(st.integers(1, 255))
    result = verify_bundle(rewrite(bundle, tmp_path / "flip.zip", {name: bytes(content)}))
    assert not result.ok
    assert name in {p.path for p in result.problems}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_raw_byte_flips_never_crash_and_never_pass_a_changed_file(bundle: Path, tmp_path: Path,
                                                                   data: st.DataObject) -> None:
    """Whatever byte of the ZIP itself a flip hits, verify answers, and it passes only if every file still reads
    back unchanged (header bytes are caught by the next test)."""
    raw = bytearray(bundle.read_bytes())
    at = data.draw(st.integers(0, len(raw) - 1))
    raw[at] ^= data.draw(st.integers(1, 255))
    flipped = tmp_path / "raw.zip"
    flipped.write_bytes(bytes(raw))
    result = verify_bundle(flipped)
    if result.ok:
        with zipfile.ZipFile(bundle) as original, zipfile.ZipFile(flipped) as changed:
            assert all(original.read(n) == changed.read(n) for n in original.namelist())


def test_a_changed_byte_in_any_zip_header_or_the_directory_is_never_passed_in_silence(bundle: Path,
                                                                                      tmp_path: Path) -> None:
    """Dates, attributes, lengths, the directory and the end record are in no file's SHA-256, yet changing any
    one of their bytes changes the bundle: verify fails it, or — where the change is one a zip program makes when
    it packs the files again (a version, attributes: nothing any file holds) — passes it saying it was re-packed.
    A changed byte in a file's own header, which its directory entry contradicts then, always fails."""
    raw = bundle.read_bytes()
    with zipfile.ZipFile(bundle) as z:
        infos, directory = z.infolist(), z.start_dir
    local: list[int] = []
    for info in infos:
        name_len, extra_len = struct.unpack_from("<2H", raw, info.header_offset + 26)
        local += range(info.header_offset, info.header_offset + 30 + name_len + extra_len + 1)
    flipped = tmp_path / "header.zip"
    silent, local_passed = [], []
    for at in [*local, *range(directory, len(raw))]:
        changed = bytearray(raw)
        changed[at] ^= 0x01
        flipped.write_bytes(bytes(changed))
        result = verify_bundle(flipped)
        if result.ok and not result.repacked:
            silent.append(at)
        if result.ok and at in local:
            local_passed.append(at)
    assert silent == [] and local_passed == []


def test_copy_elsewhere_still_verifies(bundle: Path, tmp_path: Path) -> None:
    assert verify_bundle(Path(shutil.copy(bundle, tmp_path / "renamed.zip"))).ok


def test_a_bundle_without_a_timestamp_says_what_it_can_and_cannot_prove(bundle: Path) -> None:
    result = verify_bundle(bundle)
    assert result.ok and not result.trusted_timestamp
    assert result.timestamp.startswith("no trusted timestamp in this bundle: it shows that nothing changed since")
    assert "not when it was made" in result.timestamp
    assert result.as_json()["trusted_timestamp"] is False


def test_a_manifest_that_claims_a_timestamp_no_longer_carried_fails(bundle: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(bundle) as z:
        data = json.loads(z.read("manifest.json"))
    data["trusted_timestamp"] = True  # as the writer records it when the authority granted a timestamp
    data["seal"] = seal(data)
    claimed = rewrite(bundle, tmp_path / "claimed.zip", {"manifest.json": json.dumps(data).encode()})
    result = verify_bundle(claimed)
    assert ("removed", "timestamp.tsr") in [(p.kind, p.path) for p in result.problems]
    assert "timestamp.tsr is gone" in result.timestamp and not result.trusted_timestamp


@pytest.mark.parametrize("granted", [b"a token from the authority", None])
def test_the_manifest_claims_a_timestamp_only_when_one_was_granted(tmp_path: Path, granted: bytes | None) -> None:
    from creatorwatch.core.evidence.writer import BundleWriter

    stamped: list[bytes] = []

    def stamp(raw: bytes) -> bytes | None:
        stamped.append(raw)
        return granted

    target = tmp_path / "bundle.zip"
    with BundleWriter(target) as writer:
        writer.add_bytes("notice.txt", b"a notice", "notice")
        manifest = writer.finish([1], "hash-and-preview", stamp)
        writer.place()
    with zipfile.ZipFile(target) as z:
        written = z.read("manifest.json")
        carried = "timestamp.tsr" in z.namelist()
    assert manifest.trusted_timestamp is carried is (granted is not None)
    assert json.loads(written).get("trusted_timestamp", False) is carried
    if granted:
        assert written == stamped[0]  # the token covers exactly the manifest in the bundle


def _openssl_timestamp(data: bytes, folder: Path, name: str) -> bytes:
    """A real RFC 3161 timestamp over SHA-256(`data`), signed by `openssl ts` as a self-made authority `name`."""
    import datetime
    import subprocess

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
    from rfc3161_client import HashAlgorithm, TimestampRequestBuilder

    now = datetime.datetime.now(datetime.UTC)
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    certificate = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
                   .public_key(key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(now - datetime.timedelta(days=1))
                   .not_valid_after(now + datetime.timedelta(days=30))
                   .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
                   .sign(key, hashes.SHA256()))
    (folder / "tsa.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    (folder / "tsa.key").write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                       serialization.NoEncryption()))
    (folder / "serial").write_text("01\n")
    (folder / "ts.cnf").write_text(f"[tsa]\ndefault_tsa = tsa_config\n[tsa_config]\nserial = {folder / 'serial'}\n"
                                   "signer_digest = sha256\ndefault_policy = 1.2.3.4.1\ndigests = sha256\n"
                                   "ess_cert_id_alg = sha256\n")
    request = TimestampRequestBuilder().data(data).hash_algorithm(HashAlgorithm.SHA256).build()
    (folder / "request.tsq").write_bytes(request.as_bytes())
    subprocess.run(["openssl", "ts", "-reply", "-config", str(folder / "ts.cnf"), "-queryfile",
                    str(folder / "request.tsq"), "-signer", str(folder / "tsa.pem"), "-inkey", str(folder / "tsa.key"),
                    "-out", str(folder / "reply.tsr")], check=True, capture_output=True)
    return (folder / "reply.tsr").read_bytes()


def test_verify_names_the_timestamp_authority_and_says_a_self_made_one_is_not_trusted(
        bundle: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(bundle) as z:
        data = json.loads(z.read("manifest.json"))
    data["trusted_timestamp"] = True
    data["seal"] = seal(data)
    raw = json.dumps(data).encode()
    token = _openssl_timestamp(raw, tmp_path, "Harbour Light Timestamping")
    stamped = rewrite(bundle, tmp_path / "stamped.zip", {"manifest.json": raw}, {"timestamp.tsr": token})
    result = verify_bundle(stamped)
    assert [(p.kind, p.path) for p in result.problems if p.kind != "damaged"] == []
    assert result.trusted_timestamp and result.timestamp_authority == "Harbour Light Timestamping"
    assert 'by "Harbour Light Timestamping", signature valid' in result.timestamp
    assert not result.timestamp_chain_trusted and result.timestamp_trust_root == ""
    assert ('NOT trusted: "Harbour Light Timestamping" does not lead to a root in this computer\'s trust store'
            in result.timestamp)
    removed = verify_bundle(rewrite(stamped, tmp_path / "removed.zip", {"timestamp.tsr": None}))
    assert ("removed", "timestamp.tsr") in [(p.kind, p.path) for p in removed.problems]
    assert not removed.trusted_timestamp


def test_a_stamped_bundle_zipped_again_still_verifies_with_its_timestamp(bundle: Path, tmp_path: Path) -> None:
    """Re-packing leaves the manifest's bytes as they were, so the timestamp over them still holds: the bundle
    passes, its timestamp still valid, and the re-packing is said."""
    with zipfile.ZipFile(bundle) as z:
        data = json.loads(z.read("manifest.json"))
    data["trusted_timestamp"] = True
    data["seal"] = seal(data)
    raw = json.dumps(data).encode()
    token = _openssl_timestamp(raw, tmp_path, "Harbour Light Timestamping")
    stamped = rewrite(bundle, tmp_path / "stamped.zip", {"manifest.json": raw}, {"timestamp.tsr": token})
    with zipfile.ZipFile(stamped) as old, zipfile.ZipFile(tmp_path / "again.zip", "w", zipfile.ZIP_DEFLATED) as new:
        for name in reversed(old.namelist()):
            new.writestr(name, old.read(name))
    result = verify_bundle(tmp_path / "again.zip")
    assert result.ok and result.trusted_timestamp and result.repacked
    assert 'by "Harbour Light Timestamping", signature valid' in result.timestamp
    note = result.repacked_note
    assert note.startswith("this ZIP was re-packed (") and note.endswith("but nothing in it changed")
