"""Optional RFC 3161 trusted timestamp over the manifest's hash, from a timestamp authority the creator
chooses: a third party attests the bundle existed at that time. No network, no timestamp — the export still
succeeds and says why there is none."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

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


def request_timestamp(data: bytes, tsa_url: str, http: HttpClient) -> TimestampOutcome:
    """Ask the authority at `tsa_url` to timestamp SHA-256(`data`). Never raises for network trouble."""
    where = redact_url(tsa_url)
    request = TimestampRequestBuilder().data(data).hash_algorithm(HashAlgorithm.SHA256).build()
    try:
        answer = http.post(tsa_url, content=request.as_bytes(), max_bytes=MAX_TOKEN_BYTES,
                           headers={"Content-Type": "application/timestamp-query",
                                    "Accept": "application/timestamp-reply"})
    except SourceError as exc:
        return TimestampOutcome(None, f"no trusted timestamp: the timestamp authority {where} could not be "
                                      f"reached or refused ({exc})")
    check = check_timestamp(answer.content, data, nonce=request.nonce)
    if not check.ok:
        return TimestampOutcome(None, f"no trusted timestamp: the answer from {where} was not usable "
                                      f"({check.message})")
    return TimestampOutcome(answer.content, f"trusted timestamp from {where}: {check.message}", check.time)


def check_timestamp(token: bytes, data: bytes, *, nonce: int | None = None,
                    roots: list[cryptography.x509.Certificate] | None = None) -> TimestampCheck:
    """Whether `token` is a granted timestamp over SHA-256(`data`), signed by the certificate it carries.
    With `roots`, the signer must also chain to one of them; without, the bundle cannot say whom to trust,
    and the message says the authority's identity was not checked against a trusted root."""
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
    trusted = roots or carried
    try:
        VerifierBuilder(roots=trusted).build().verify_message(response, data)
    except (VerificationError, ValueError) as exc:
        return TimestampCheck(False, f"its signature does not check out ({exc})")
    when = info.gen_time
    authority = _signer_name(response, carried)
    who = "" if roots else (" (the authority's certificate was not checked against a trusted root: anyone can "
                            "make a certificate with any name)")
    return TimestampCheck(True, f"stamped {when.isoformat()} by \"{authority}\", signature valid{who}", when,
                          authority)


def _signer_name(response: TimeStampResponse, carried: list[cryptography.x509.Certificate]) -> str:
    """The signing authority's name (common name, else organisation) from the certificate that signed the token."""
    signers = {(info.issuer, info.serial_number) for info in response.signed_data.signer_infos}
    for certificate in carried:
        if (certificate.issuer, certificate.serial_number) in signers:
            subject = certificate.subject
            named = [a.value for oid in (NameOID.COMMON_NAME, NameOID.ORGANIZATION_NAME)
                     for a in subject.get_attributes_for_oid(oid)]
            text = str(named[0]) if named else subject.rfc4514_string()
            printable = "".join(ch for ch in text if ch.isprintable())[:120]  # a name cannot forge a line of output
            return printable or "an unnamed authority"
    return "an authority whose certificate is not in the token"


TSA_PREFERENCE = "evidence_tsa_url"


def saved_tsa_url(db: sqlite_utils.Database) -> str | None:
    """The timestamp authority the creator chose for every export, if any."""
    return get_preference(db, TSA_PREFERENCE) or None


def save_tsa_url(db: sqlite_utils.Database, url: str) -> None:
    """Use `url` for every export from now on ('' stops asking for timestamps)."""
    set_preference(db, TSA_PREFERENCE, url)
