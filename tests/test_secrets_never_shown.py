"""A planted token never leaves the keyring, whatever a service answers: after each connector's error paths
(a redirect loop carrying YouTube's `key=`, a redirect to a non-web address carrying `tok=`, a refusal that
echoes the key back), the token is nowhere in the data home (database, logs, captures), nor in `check --json`,
`check`'s messages or `sources`. Through a YouTube redirect loop the key used to be printed in all of them."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from creatorwatch.core.net.redact import Redactor
from tests.conftest import CliRunner

TOKENS = {"youtube": "AIzaSyPLANTED-yt-0123456789", "lumen": "lumenPLANTED/tok+42", "spawning": "spwPLANTED-key-77"}


def hostile_services(server: HTTPServer) -> None:
    def loop(request: Request) -> Response:  # YouTube, redirecting back and forth with the key in the address
        other = "/youtube/v3/search2" if request.path.endswith("search") else "/youtube/v3/search"
        return Response("", status=302, headers={"Location": f"{other}?{request.query_string.decode()}"})

    server.expect_request("/youtube/v3/search").respond_with_handler(loop)
    server.expect_request("/youtube/v3/search2").respond_with_handler(loop)
    server.expect_request("/notices/search.json").respond_with_handler(lambda request: Response(
        "", status=302, headers={"Location": "ftp://files.example/?tok="
                                 + quote(request.headers["X-Authentication-Token"], safe="")}))
    server.expect_request("/api/v2/query/urls/", method="POST").respond_with_handler(lambda request: Response(
        f"invalid key: {request.headers['Authorization']}", status=400, content_type="text/plain"))


def test_a_planted_token_is_nowhere_after_the_error_paths(run_cli: CliRunner, home: Path, httpserver: HTTPServer,
                                                          keyring_file: Path) -> None:
    hostile_services(httpserver)
    base = httpserver.url_for("").rstrip("/")
    run_cli("terms", "add", "Ada Lin")  # YouTube and Lumen search for the watch terms
    keyring_file.write_text(json.dumps({f"CreatorWatch/{name}": token for name, token in TOKENS.items()}))
    for name in TOKENS:
        settings = ["--set", "urls=https://ada.example/art/1.png"] if name == "spawning" else []
        assert run_cli("sources", "add", name, "--name", f"my-{name}", "--base-url", base, *settings).returncode == 0

    shown = [run_cli("check", "--json"), run_cli("check"), run_cli("sources"), run_cli("sources", "--json")]

    said = "".join(p.stdout + p.stderr for p in shown)
    assert said.count("failing") >= 3 and "redirects in a loop" in said  # the error paths were taken
    stored = b"".join(f.read_bytes() for f in home.rglob("*") if f.is_file())
    assert stored  # the database and the log are there
    for token in TOKENS.values():
        for form in {token, quote(token, safe=""), quote(token)}:
            assert form not in said, form
            assert form.encode() not in stored, form


def test_the_redactor_knows_the_parameters_and_the_tokens() -> None:
    redact = Redactor(["s3cr3t-value"])
    text = redact("at https://x.example/a?q=ada&key=AIzaX&k=1&tok=2&api_key=3 (s3cr3t-value, s3cr3t-value)")
    assert text == ("at https://x.example/a?q=ada&key=REDACTED&k=REDACTED&tok=REDACTED&api_key=REDACTED "
                    "(REDACTED, REDACTED)")
    assert redact("https://user:pw@x.example/") == "https://REDACTED@x.example/"
    assert Redactor(["abc"])("abc stays: too short to be a token") == "abc stays: too short to be a token"
