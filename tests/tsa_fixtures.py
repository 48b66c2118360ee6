"""A timestamp authority made in the test: a root CA and a TSA certificate (cryptography), and RFC 3161 tokens
signed by OpenSSL's own `openssl ts -reply` (a real TSA implementation, not one written for the test), served
over loopback like a real authority."""

from __future__ import annotations

import datetime
import subprocess
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

_CONFIG = """\
[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
serial = {folder}/serial
crypto_device = builtin
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256
accuracy = secs:1
ordering = no
tsa_name = no
ess_cert_id_chain = no
ess_cert_id_alg = sha256
"""


@dataclass(frozen=True)
class Authority:
    name: str
    root_pem: Path  # the root CA certificate, as a creator would save it from the authority's site
    signer_pem: Path  # the TSA's own certificate (issued by the root)
    key_pem: Path
    config: Path

    def stamp(self, query: bytes) -> bytes:
        """The DER TimeStampResp for a DER TimeStampReq, as the authority's server would answer. The token carries
        the TSA's certificate only (the root is what the verifier must already trust)."""
        folder = self.config.parent
        (folder / "query.tsq").write_bytes(query)
        subprocess.run(["openssl", "ts", "-reply", "-config", str(self.config), "-queryfile",
                        str(folder / "query.tsq"), "-signer", str(self.signer_pem), "-inkey", str(self.key_pem),
                        "-out", str(folder / "reply.tsr")],
                       check=True, capture_output=True)
        return (folder / "reply.tsr").read_bytes()

    def serve(self, server: HTTPServer, path: str = "/tsa") -> str:
        """Answer timestamp queries at `path` of `server`; returns the authority's URL."""
        def answer(request: Request) -> Response:
            return Response(self.stamp(request.get_data()), content_type="application/timestamp-reply")

        server.expect_request(path, method="POST").respond_with_handler(answer)
        return server.url_for(path)


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Test Trust Services")])


def make_authority(folder: Path, name: str = "Test Timestamp Authority") -> Authority:
    """A root CA "<name> Root" and a TSA certificate "<name>" it issued (critical timeStamping EKU, as RFC 3161
    requires), written as PEM files in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    now = datetime.datetime.now(datetime.UTC)
    root_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    root = (x509.CertificateBuilder().subject_name(_name(f"{name} Root")).issuer_name(_name(f"{name} Root"))
            .public_key(root_key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                         crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()), critical=False)
            .sign(root_key, hashes.SHA256()))
    signer = (x509.CertificateBuilder().subject_name(_name(name)).issuer_name(root.subject)
              .public_key(key.public_key()).serial_number(x509.random_serial_number())
              .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=365))
              .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
              .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
              .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                           data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                           crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
              .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()),
                             critical=False)
              .sign(root_key, hashes.SHA256()))
    root_pem, signer_pem, key_pem = folder / "root.pem", folder / "tsa.pem", folder / "tsa.key"
    root_pem.write_bytes(root.public_bytes(serialization.Encoding.PEM))
    signer_pem.write_bytes(signer.public_bytes(serialization.Encoding.PEM))
    key_pem.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
    (folder / "serial").write_text("01\n")
    config = folder / "tsa.cnf"
    config.write_text(_CONFIG.format(folder=folder))
    return Authority(name, root_pem, signer_pem, key_pem, config)
