"""Optional RFC 3161 trusted timestamp over the manifest's hash, from a timestamp authority the creator
chooses: a third party attests the bundle existed at that time. No network, no timestamp — the export still
succeeds and says why there is none."""

from __future__ import annotations

import functools
import hashlib
import re
import ssl
import warnings
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import cryptography.x509
import sqlite_utils
from cryptography.x509.oid import NameOID
from rfc3161_client import (
    HashAlgorithm,
    PKIStatus,
    TimestampRequestBuilder,
    TimeStampResponse,
    VerificationError,
    VerifierBuilder,
    decode_timestamp_response,
)

from creatorwatch.core.errors import SourceError
from creatorwatch.core.net.client import HttpClient
from creatorwatch.core.net.guard import host_name
from creatorwatch.core.net.redact import redact_url
from creatorwatch.core.store.preferences import get_preference, set_preference

MAX_TOKEN_BYTES = 256 * 1024


@dataclass(frozen=True)
class TimestampOutcome:
    token: bytes | None  # the DER TimeStampResp, stored as timestamp.tsr
    message: str  # for the creator: what happened
    time: datetime | None = None


@dataclass(frozen=True)
class TimestampCheck:
    ok: bool
    message: str
    time: datetime | None = None
    authority: str = ""  # who signed it, as its certificate names itself
    chain_trusted: bool = False  # its signer's certificate leads to one of the trust roots given
    trust_root: str = ""  # that root, as it names itself
    trust: str = ""  # for the creator: "trusted by <root>", or why not
    unknown_issuer: bool = False  # not ok only because its authority's issuer is not among the roots: unchecked


@dataclass(frozen=True)
class TrustRoots:
    """The certificates a timestamp's authority must lead to: the system's trust store, or the authority
    certificate the creator saved from their timestamp authority's site."""

    certificates: list[cryptography.x509.Certificate]
    where: str  # "this computer's trust store" or the file's name
    chosen: bool  # the creator named these: a timestamp not leading to them fails verify


def authority_roots(path: Path) -> TrustRoots:
    """The certificate(s) in a PEM or DER file the creator gave (ValueError if there is none)."""
    return _roots_from(path.read_bytes(), path.name)


def _roots_from(raw: bytes, where: str) -> TrustRoots:
    try:
        certificates = (cryptography.x509.load_pem_x509_certificates(raw) if b"-----BEGIN" in raw
                        else [cryptography.x509.load_der_x509_certificate(raw)])
    except ValueError as exc:
        raise ValueError(f"{where} holds no certificate (PEM or DER) ({exc})") from None
    return TrustRoots(certificates, where, chosen=True)


@functools.cache
def system_roots() -> TrustRoots:
    """The root certificates this computer trusts for the web (OpenSSL's CA file, else certifi's bundle)."""
    import certifi

    found = ssl.get_default_verify_paths()
    for name in (found.cafile, found.openssl_cafile, certifi.where()):
        if name and Path(name).is_file():
            certificates = _each_certificate(Path(name).read_bytes())
            if certificates:
                return TrustRoots(certificates, "this computer's trust store", chosen=False)
    return TrustRoots([], "this computer's trust store (none found)", chosen=False)


def _each_certificate(pem: bytes) -> list[cryptography.x509.Certificate]:
    """Every certificate in a PEM bundle that parses; one a future cryptography would refuse (a store can hold an
    old root with a negative serial number) is left out rather than spoiling the rest."""
    found = []
    for block in re.findall(rb"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", pem, re.DOTALL):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            try:
                found.append(cryptography.x509.load_pem_x509_certificate(block))
            except (ValueError, Warning):
                continue
    return found


NOT_STAMPED = "no trusted timestamp: "  # begins the message of a timestamp asked for and not had, then says why


def request_timestamp(data: bytes, tsa_url: str, http: HttpClient) -> TimestampOutcome:
    """Ask the authority at `tsa_url` to timestamp SHA-256(`data`). Never raises for network trouble."""
    where = redact_url(tsa_url)
    request = TimestampRequestBuilder().data(data).hash_algorithm(HashAlgorithm.SHA256).build()
    try:
        answer = http.post(tsa_url, content=request.as_bytes(), max_bytes=MAX_TOKEN_BYTES,
                           headers={"Content-Type": "application/timestamp-query",
                                    "Accept": "application/timestamp-reply"})
    except SourceError as exc:  # the client names who failed, then what happened: the authority is named here
        happened = str(exc).removeprefix(f"{http.settings.source or host_name(tsa_url)}: ")
        return TimestampOutcome(None, f"{NOT_STAMPED}the timestamp authority {where} {happened}")
    check = check_timestamp(answer.content, data, nonce=request.nonce, trust=system_roots())
    if not check.ok and not check.unknown_issuer:  # an authority this computer does not know is kept, and said
        return TimestampOutcome(None, f"{NOT_STAMPED}the answer from {where} was not usable "
                                      f"({check.message})")
    return TimestampOutcome(answer.content, f"trusted timestamp from {where}: {check.message}", check.time)


def check_timestamp(token: bytes, data: bytes, *, nonce: int | None = None,
                    roots: list[cryptography.x509.Certificate] | None = None,
                    trust: TrustRoots | None = None) -> TimestampCheck:
    """Whether `token` is a granted timestamp over SHA-256(`data`) with a valid signature. With `roots`, the
    signer must chain to one of them. With `trust`, also whether its signer's certificate leads to one of those
    roots (`chain_trusted`, `trust_root`, in words in `trust`); without either, the message says the authority's
    identity was not checked against a trusted root."""
    try:
        response = decode_timestamp_response(token)
    except (ValueError, TypeError) as exc:
        return TimestampCheck(False, f"not a timestamp token ({exc})")
    if PKIStatus(response.status) not in (PKIStatus.GRANTED, PKIStatus.GRANTED_WITH_MODS):
        return TimestampCheck(False, f"the authority refused (status {response.status})")
    info = response.tst_info
    if info.message_imprint.message != hashlib.sha256(data).digest():
        return TimestampCheck(False, "it covers different content: manifest.json changed after it was stamped")
    if nonce is not None and info.nonce != nonce:
        return TimestampCheck(False, "its nonce does not answer our request")
    carried = [cryptography.x509.load_der_x509_certificate(c) for c in response.signed_data.certificates]
    authority = _signer_name(response, carried)
    when = info.gen_time
    if trust is not None:
        root, why = _trusted_root(response, data, carried, trust)
        if root is not None:
            said = f"trusted by \"{root}\" ({trust.where})"
            return TimestampCheck(True, f"stamped {when.isoformat()} by \"{authority}\", signature valid, {said}",
                                  when, authority, True, root, said)
        said = f"NOT trusted: \"{authority}\" does not lead to a root in {trust.where} ({why})"
        valid = _verify(response, data, carried) is None  # signature sound, the authority unknown
        if not valid and trust.chosen:
            return TimestampCheck(False, said, when, authority, trust=said)
        if not valid:
            unknown = why == UNKNOWN_ISSUER
            return TimestampCheck(False, f"a timestamp dated {when.isoformat()} by \"{authority}\" that could not be "
                                  f"checked: {said}; check it with `creatorwatch verify --tsa-cert FILE` and the "
                                  "authority's root certificate" if unknown else
                                  f"its signature cannot be checked ({why})", when, authority, trust=said,
                                  unknown_issuer=unknown)
        return TimestampCheck(True, f"stamped {when.isoformat()} by \"{authority}\", signature valid, {said}",
                              when, authority, trust=said)
    failed = _verify(response, data, roots or carried)
    if failed is not None:
        return TimestampCheck(False, f"its signature does not check out ({failed})")
    who = "" if roots else (" (the authority's certificate was not checked against a trusted root: anyone can "
                            "make a certificate with any name)")
    return TimestampCheck(True, f"stamped {when.isoformat()} by \"{authority}\", signature valid{who}", when,
                          authority)


def _verify(response: TimeStampResponse, data: bytes, roots: list[cryptography.x509.Certificate]) -> str | None:
    """None if the token's signature checks out with its signer leading to one of `roots` (through the
    certificates the token carries, which are never trusted themselves); else why not."""
    if not roots:
        return "no root certificates to check it against"
    try:
        VerifierBuilder(roots=list(roots)).build().verify_message(response, data)
    except (VerificationError, ValueError) as exc:
        return str(exc)
    return None


def _trusted_root(response: TimeStampResponse, data: bytes, carried: list[cryptography.x509.Certificate],
                  trust: TrustRoots) -> tuple[str | None, str]:
    """The name of the root in `trust` the signer leads to, or None and why not. Each root that some carried
    certificate names as its issuer (or that is carried itself) is tried alone, so the root named is the one that
    really vouches for the authority."""
    failed = _verify(response, data, trust.certificates)
    if failed is not None:
        return None, _plain_chain_error(failed)
    named = {c.issuer for c in carried} | {c.subject for c in carried}
    for root in trust.certificates:
        if root.subject in named and _verify(response, data, [root]) is None:
            return certificate_name(root), ""
    return None, "the root it leads to could not be told apart"


UNKNOWN_ISSUER = "its certificate was issued by an authority not among them"


def _plain_chain_error(error: str) -> str:
    if "unable to get local issuer certificate" in error or "unable to get issuer" in error:
        return UNKNOWN_ISSUER
    if "self-signed" in error or "self signed" in error:
        return "its certificate vouches for itself"
    if "expired" in error:
        return "a certificate on the way had expired when it stamped"
    return error


def certificate_name(certificate: cryptography.x509.Certificate) -> str:
    """How a certificate names its holder (common name, else organisation), printable only: a name in a
    certificate cannot forge a line of output."""
    subject = certificate.subject
    named = [a.value for oid in (NameOID.COMMON_NAME, NameOID.ORGANIZATION_NAME)
             for a in subject.get_attributes_for_oid(oid)]
    text = str(named[0]) if named else subject.rfc4514_string()
    return "".join(ch for ch in text if ch.isprintable())[:120] or "an unnamed authority"


def _signer_name(response: TimeStampResponse, carried: list[cryptography.x509.Certificate]) -> str:
    """The signing authority's name (common name, else organisation) from the certificate that signed the token."""
    signers = {(info.issuer, info.serial_number) for info in response.signed_data.signer_infos}
    for certificate in carried:
        if (certificate.issuer, certificate.serial_number) in signers:
            return certificate_name(certificate)  # printable only: a name cannot forge a line of output
    return "an authority whose certificate is not in the token"


TSA_PREFERENCE = "evidence_tsa_url"
TSA_CERT_PREFERENCE = "evidence_tsa_cert"  # the certificate(s) verify trusts, as PEM text ('' for the system store)
SAVED_CERT = "the authority certificate saved with evidence-settings --tsa-cert"


def saved_tsa_roots(db: sqlite_utils.Database) -> TrustRoots | None:
    """The authority certificate the creator saved for verify, if any."""
    pem = get_preference(db, TSA_CERT_PREFERENCE)
    return _roots_from(pem.encode("ascii"), SAVED_CERT) if pem else None


def save_tsa_cert(db: sqlite_utils.Database, path: Path | None) -> None:
    """Trust only the certificate(s) in `path` when verifying from now on (None: this computer's trust store).
    Kept as PEM text in the data file, so moving or deleting the file later changes nothing."""
    from cryptography.hazmat.primitives.serialization import Encoding

    pem = "" if path is None else "".join(c.public_bytes(Encoding.PEM).decode("ascii")
                                          for c in authority_roots(path).certificates)
    set_preference(db, TSA_CERT_PREFERENCE, pem)


def saved_tsa_url(db: sqlite_utils.Database) -> str | None:
    """The timestamp authority the creator chose for every export, if any."""
    return get_preference(db, TSA_PREFERENCE) or None


def save_tsa_url(db: sqlite_utils.Database, url: str) -> None:
    """Use `url` for every export from now on ('' stops asking for timestamps)."""
    set_preference(db, TSA_PREFERENCE, url)
