"""Words a creator read and could not act on, through the real command: each says what happened, to what, and
what to do next, in the command's own terms."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from creatorwatch.core.records.allowlist import pattern_for
from creatorwatch.core.store.secrets import delete_secret
from tests.conftest import CliRunner
from tests.media import make_picture
from tests.one_find import a_find


def test_removing_an_allow_rule_says_which_rule_went_and_how_many_finds_are_new_again(
        run_cli: CliRunner, tmp_path: Path) -> None:
    match_id = a_find(run_cli, tmp_path)
    [found] = json.loads(run_cli("matches", "--json").stdout)
    added = run_cli("allow", "--add", pattern_for(found["candidate_url"]))
    assert added.returncode == 0 and json.loads(run_cli("matches", "--json").stdout)[0]["status"] == "licensed"
    [rule] = json.loads(run_cli("allow", "--json").stdout)

    removed = run_cli("allow", "--remove", str(rule["id"]))

    assert removed.returncode == 0
    assert removed.stdout.strip() == (
        f"removed 1 rule: {rule['id']} ({rule['pattern']!r}); 1 find it had marked licensed went back to new "
        "(review it with: creatorwatch matches --status new)")
    assert f"[{match_id}]" not in removed.stdout  # the finds' ids were printed as if they were rules
    assert json.loads(run_cli("matches", "--json").stdout)[0]["status"] == "new"

    run_cli("allow", "--add", "partner.example")
    [rule] = json.loads(run_cli("allow", "--json").stdout)
    assert run_cli("allow", "--remove", str(rule["id"])).stdout.strip() == (
        f"removed 1 rule: {rule['id']} ('partner.example'); no find was licensed by it")


def test_a_url_over_the_download_limit_gives_advice_match_can_follow(run_cli: CliRunner,
                                                                     httpserver: HTTPServer) -> None:
    """It advised "--set max_bytes=…", an option `match` does not have."""
    big = Response(iter([b"\xff\xd8\xff"]), headers={"Content-Length": str(60 * 2**20)}, mimetype="image/jpeg",
                   direct_passthrough=True)  # says 60 MB up front: refused before any of it is read
    httpserver.expect_request("/huge.jpg").respond_with_response(big)

    done = run_cli("match", "--json", httpserver.url_for("/huge.jpg"))

    assert done.returncode == 1
    error = json.loads(done.stdout)["error"]
    assert "larger than the 50 MB limit" in error and "--set" not in error
    assert error.endswith("Download it yourself and match the file by its path: creatorwatch match FILE")


def test_a_source_whose_token_cannot_be_read_is_named(run_cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every line of `check` starts with "name (type):"; the keyring's line did not say which source it was about."""
    assert run_cli("sources", "add", "lumen", "--name", "takedowns").returncode == 0
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")

    checked = run_cli("check")

    said = [line.strip() for line in (checked.stdout + checked.stderr).splitlines() if "keyring" in line]
    assert said and all(line.startswith("takedowns (lumen): No system keyring is available") for line in said), said
    assert "takedowns (lumen): No system keyring is available" in run_cli("sources").stdout


def test_a_certificate_file_that_is_not_there_is_said_in_words(run_cli: CliRunner, tmp_path: Path) -> None:
    """It showed Python's own "[Errno 2] No such file or directory: '/nonexist.pem'"."""
    bundle = tmp_path / "evidence.zip"
    bundle.write_bytes(b"PK\x05\x06" + bytes(18))  # any file: the certificate is looked at first
    missing = tmp_path / "nonexist.pem"
    for done in (run_cli("verify", bundle, "--tsa-cert", missing),
                 run_cli("evidence-settings", "--tsa-cert", missing),
                 run_cli("verify", bundle, "--tsa-cert", tmp_path)):
        assert done.returncode == 2
        assert done.stderr.startswith(f"creatorwatch: cannot use {tmp_path}")
        assert "Errno" not in done.stderr and "Traceback" not in done.stderr
        assert "there is no file at that path" in done.stderr or "that is a folder" in done.stderr


def test_matching_against_an_empty_library_says_it_is_empty_and_how_to_add_works(
        run_cli: CliRunner, tmp_path: Path) -> None:
    """It said "no match in your library", as if the picture were no copy of the creator's works."""
    picture = make_picture(tmp_path / "found.png", seed=3)

    done = run_cli("match", picture)
    assert done.returncode == 0
    assert done.stdout.strip() == (f"{picture}: no match: your library is empty, so there is nothing to match "
                                   "against; add your works first with: creatorwatch add PATH…")
    line = json.loads(run_cli("match", "--json", picture).stdout)
    assert line["matches"] == [] and "your library is empty" in line["note"]

    assert run_cli("add", make_picture(tmp_path / "mine.png", seed=9)).returncode == 0
    assert run_cli("match", picture).stdout.strip() == f"{picture}: no match in your library"


def test_a_source_that_needs_a_token_says_so_when_it_is_added(run_cli: CliRunner,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    added = run_cli("sources", "add", "lumen", "--name", "notices", "--set", "secret=lumen-notices-test")
    assert added.returncode == 0
    assert ("note: notices (lumen): needs a token. Store it with: creatorwatch secret set lumen-notices-test (it is "
            "kept in the system keyring") in added.stderr

    assert run_cli("secret", "set", "notices", input="tok-for-notices\n").returncode == 0
    try:
        again = run_cli("sources", "add", "lumen", "--name", "more", "--set", "secret=lumen-notices-test")
        assert again.returncode == 0 and "needs a token" not in again.stderr  # it has one now

        monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
        locked = run_cli("sources", "add", "lumen", "--name", "third")
        assert locked.returncode == 0
        assert "note: third (lumen) needs a token, kept in the system keyring, before it can be checked; but no " \
            "system keyring is available" in locked.stderr
        assert "needs" not in run_cli("sources", "add", "feed", "--name", "f", "--set",
                                      "url=https://example.org/feed.xml").stderr  # a feed needs none
    finally:
        monkeypatch.delenv("PYTHON_KEYRING_BACKEND")
        delete_secret("lumen-notices-test")
