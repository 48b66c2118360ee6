"""Sign a copy with C2PA Content Credentials that say "no AI training, no data mining" (c2pa.training-mining and
cawg.training-mining).

The certificate is made on the spot and labelled untrusted in its own name: it proves nothing about who signed,
only that the file has not changed since. Its private key is never stored; a creator with a real signing
certificate from a C2PA trust list would get a "trusted" verdict instead.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from creatorwatch import __version__

MIME = {"PNG": "image/png", "JPEG": "image/jpeg", "WebP": "image/webp", "MP3": "audio/mpeg"}
UNTRUSTED = "untrusted, self-made by CreatorWatch"
USES = ("ai_training", "ai_generative_training", "data_mining", "ai_inference")
# Both spellings of "not allowed": C2PA 1.x readers look for c2pa.training-mining, newer ones for the Creator
# Assertions Working Group's cawg.training-mining (CAWG 1.0), each with entries named after its own label.
TRAINING_MINING = {label: {f"{label.split('.')[0]}.{use}": {"use": "notAllowed"} for use in USES}
                   for label in ("c2pa.training-mining", "cawg.training-mining")}


class SigningUnavailable(RuntimeError):
    """c2pa-python is not installed or cannot sign here; the message says what to do."""


def untrusted_certificate(name: str) -> tuple[bytes, bytes]:
    """(PEM certificate chain: leaf then CA, PEM private key) for `name`, clearly labelled untrusted."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    def subject(common: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common),
                          x509.NameAttribute(NameOID.ORGANIZATION_NAME, UNTRUSTED)])

    now = datetime.now(UTC)
    usage = {k: False for k in ("digital_signature", "content_commitment", "key_encipherment", "data_encipherment",
                                "key_agreement", "key_cert_sign", "crl_sign", "encipher_only", "decipher_only")}
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca = (x509.CertificateBuilder().subject_name(subject(f"{name} (untrusted CA)"))
          .issuer_name(subject(f"{name} (untrusted CA)")).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(days=1))
          .not_valid_after(now + timedelta(days=3650))
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(**{**usage, "key_cert_sign": True, "crl_sign": True}), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
          .sign(ca_key, hashes.SHA256()))
    leaf = (x509.CertificateBuilder().subject_name(subject(f"{name} (untrusted)")).issuer_name(ca.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(**{**usage, "digital_signature": True}), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    pem = serialization.Encoding.PEM
    chain = leaf.public_bytes(pem) + ca.public_bytes(pem)
    private = key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    return chain, private


def sign_file(source: Path, target: Path, fmt: str, manifest: dict[str, Any], name: str) -> None:
    """Write `source` signed with `manifest` (a C2PA manifest definition) to `target`, with an untrusted certificate."""
    try:
        import c2pa
    except ImportError as exc:
        raise SigningUnavailable("c2pa-python, which CreatorWatch signs with, is missing from this installation: "
                                 "install CreatorWatch again, or pip install c2pa-python") from exc
    if fmt not in MIME:
        raise SigningUnavailable(f"{fmt} files are not signed with Content Credentials by CreatorWatch")
    chain, private = untrusted_certificate(name or "CreatorWatch user")
    info = c2pa.C2paSignerInfo(alg=c2pa.C2paSigningAlg.ES256, sign_cert=chain, private_key=private, ta_url=None)
    try:
        with c2pa.Signer.from_info(info) as signer, c2pa.Builder(json.dumps(manifest)) as builder, \
                source.open("rb") as src, target.open("w+b") as dst:
            builder.set_intent(c2pa.C2paBuilderIntent.EDIT)  # the creator's file is the parent ingredient
            builder.sign(signer, MIME[fmt], src, dst)
    except c2pa.C2paError as exc:
        raise SigningUnavailable(f"the copy could not be signed ({str(exc)[:200]})") from exc


def reservation_manifest(title: str, rights: str) -> dict[str, Any]:
    """A manifest that says every AI and data-mining use is not allowed, made by CreatorWatch for the creator."""
    return {
        "claim_generator_info": [{"name": "CreatorWatch", "version": __version__}],
        "title": title,
        "assertions": [
            *({"label": label, "data": {"entries": entries}} for label, entries in TRAINING_MINING.items()),
            {"label": "stds.schema-org.CreativeWork", "data": {"@context": "https://schema.org", "@type":
                                                                "CreativeWork", "copyrightNotice": rights}},
        ],
    }
