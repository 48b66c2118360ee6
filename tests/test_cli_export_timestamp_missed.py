"""A trusted timestamp asked for and not had is a problem the creator must see: the bundle is still written (it
says it has none), and `export` exits 1 saying why — a script that relies on the stamp must not be told all went
well."""

from __future__ import annotations

import socket
import zipfile
from pathlib import Path

from tests.conftest import CliRunner
from tests.one_find import a_find


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # nothing listens there once it is closed


def test_an_authority_that_cannot_be_reached_fails_the_export(run_cli: CliRunner, tmp_path: Path) -> None:
    match_id = a_find(run_cli, tmp_path)
    authority = f"http://127.0.0.1:{_closed_port()}/"
    bundle = tmp_path / "out" / "tsa.zip"
    bundle.parent.mkdir()

    done = run_cli("export", match_id, "--tsa", authority, "-o", bundle)

    assert done.returncode == 1, done.stdout + done.stderr
    assert "the bundle was written WITHOUT the trusted timestamp you asked for (--tsa)" in done.stderr
    assert authority in done.stderr and "Traceback" not in done.stderr
    assert "no trusted timestamp: " in done.stdout  # the line that says what the bundle holds, as before
    with zipfile.ZipFile(bundle) as written:  # the evidence itself is not lost
        assert "manifest.json" in written.namelist()
    assert run_cli("verify", bundle).returncode == 0


def test_an_authority_saved_for_every_export_that_cannot_be_reached_fails_it_too(
        run_cli: CliRunner, tmp_path: Path) -> None:
    match_id = a_find(run_cli, tmp_path)
    assert run_cli("evidence-settings", "--tsa", f"http://127.0.0.1:{_closed_port()}/tsr").returncode == 0

    done = run_cli("export", match_id, "-o", tmp_path / "saved.zip")
    assert done.returncode == 1 and "(evidence-settings --tsa)" in done.stderr
    assert run_cli("export", match_id, "-o", tmp_path / "none.zip", "--no-timestamp").returncode == 0
