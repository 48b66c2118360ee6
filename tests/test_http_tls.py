"""HTTPS through the client's own connections (every real service is HTTPS): the handshake and reads run in
the same deadline-and-stop slices as plain HTTP, a kept-alive connection is reused, and an untrusted
certificate is still refused."""

from __future__ import annotations

import datetime
import ipaddress
import ssl
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pytest_httpserver import HTTPServer
from werkzeug import Response

from creatorwatch.core.errors import Stopped, Unreachable
from creatorwatch.core.net.client import HttpClient


def certificate(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(hours=1))
            .not_valid_after(now + datetime.timedelta(hours=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                        x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[tuple[HTTPServer, Path]]:
    cert, key = certificate(tmp_path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server = HTTPServer(ssl_context=context)
    server.start()
    yield server, cert
    server.clear()
    if server.is_running():
        server.stop()


def test_https_answers_are_read_and_the_connection_reused(tls_server: tuple[HTTPServer, Path],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    server, cert = tls_server
    server.expect_request("/api/models").respond_with_json([{"id": "ada/voice"}])
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # trust this test's own certificate, as a system store would
    with HttpClient(retries=0, host_interval=0.0) as client:
        for _ in range(3):
            assert client.get_json(server.url_for("/api/models")) == [{"id": "ada/voice"}]
    assert len(server.log) == 3


def test_a_stop_reaches_a_slow_https_answer(tls_server: tuple[HTTPServer, Path],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    server, cert = tls_server
    release = threading.Event()

    def slow(_: object) -> Response:
        release.wait(20)
        return Response("late")

    server.expect_request("/slow").respond_with_handler(slow)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    stop = threading.Event()
    threading.Timer(0.5, stop.set).start()
    try:
        with HttpClient(retries=0, stop=stop) as client, pytest.raises(Stopped):
            client.get(server.url_for("/slow"))
    finally:
        release.set()


def test_an_untrusted_certificate_is_refused(tls_server: tuple[HTTPServer, Path]) -> None:
    server, _ = tls_server
    server.expect_request("/x").respond_with_data("should not be read")
    with HttpClient(retries=0) as client, pytest.raises(Unreachable, match="certificate verify failed"):
        client.get(server.url_for("/x"))
