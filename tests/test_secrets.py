"""Tokens live in the real system keyring (gnome-keyring's Secret Service under dbus in CI) and nowhere else.

Run under: dbus-run-session -- sh -c 'echo -n pw | gnome-keyring-daemon --unlock --components=secrets; pytest …'
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from creatorwatch.core.errors import KeyringUnavailable
from creatorwatch.core.store.secrets import delete_secret, get_secret, set_secret
from tests.conftest import CliRunner


@pytest.fixture
def service() -> Iterator[str]:
    """A keyring service name of this test's own, emptied afterwards."""
    name = f"CreatorWatch-test-{uuid.uuid4().hex[:8]}"
    yield name
    for key in ("lumen", "youtube"):
        delete_secret(key, name)


def test_a_token_is_stored_read_and_forgotten(service: str) -> None:
    assert get_secret("lumen", service) is None
    set_secret("lumen", "  tok-123\n", service)
    assert get_secret("lumen", service) == "tok-123"
    set_secret("lumen", "tok-456", service)
    assert get_secret("lumen", service) == "tok-456"
    assert delete_secret("lumen", service) and get_secret("lumen", service) is None
    assert not delete_secret("lumen", service)


def test_no_keyring_gives_a_clear_message(service: str) -> None:
    real = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        with pytest.raises(KeyringUnavailable, match="No system keyring is available"):
            set_secret("lumen", "tok", service)
        with pytest.raises(KeyringUnavailable):
            get_secret("lumen", service)
    finally:
        keyring.set_keyring(real)


def test_secret_set_reads_stdin_and_keeps_the_token_out_of_the_data_file(run_cli: CliRunner, home: Path) -> None:
    name = f"test-{uuid.uuid4().hex[:8]}"
    assert run_cli("sources", "add", "huggingface", "--name", "hub", "--set", f"secret={name}").returncode == 0
    try:
        stored = run_cli("secret", "set", name, input="hf_very_secret_value\n")
        assert stored.returncode == 0, stored.stderr
        assert "hf_very_secret_value" not in stored.stdout + stored.stderr
        assert get_secret(name) == "hf_very_secret_value"
        for path in home.rglob("*"):
            if path.is_file():
                assert b"hf_very_secret_value" not in path.read_bytes(), path
    finally:
        delete_secret(name)


def test_a_token_set_under_the_creators_own_source_name_lands_where_that_source_reads_it(
    run_cli: CliRunner, home: Path
) -> None:
    """A creator who named their Lumen source "takedowns" types `secret set takedowns`: the token must reach the
    "lumen" entry the source reads, not an entry nothing reads while the source keeps "waiting for a token"."""
    before = get_secret("lumen")
    name = f"takedowns-{uuid.uuid4().hex[:6]}"
    try:
        assert run_cli("sources", "add", "lumen", "--name", name).returncode == 0
        stored = run_cli("secret", "set", name, input="lumen_tok_for_takedowns\n")
        assert stored.returncode == 0, stored.stderr
        assert get_secret("lumen") == "lumen_tok_for_takedowns"
        assert get_secret(name) is None
        assert "'lumen'" in stored.stdout and "lumen_tok_for_takedowns" not in stored.stdout + stored.stderr
    finally:
        delete_secret(name)
        if before is None:
            delete_secret("lumen")
        else:
            set_secret("lumen", before)


def test_a_token_name_no_source_reads_is_refused_and_nothing_is_stored(run_cli: CliRunner, home: Path) -> None:
    """`secret set nosuchsource` stored the token and exited 0 with a warning: a typo passed for a stored token."""
    name = f"hugginface-{uuid.uuid4().hex[:6]}"  # a typo of huggingface
    try:
        refused = run_cli("secret", "set", name, input="hf_typo\n")
        assert refused.returncode == 2, refused.stderr
        assert f"there is no source called {name!r}, and no source reads a token by that name" in refused.stderr
        assert "Nothing was stored." in refused.stderr and get_secret(name) is None

        assert run_cli("sources", "add", "huggingface", "--name", "hub").returncode == 0
        refused = run_cli("secret", "set", name, input="hf_typo\n")
        assert refused.returncode == 2 and "Your sources read: huggingface for hub." in refused.stderr
        assert get_secret(name) is None

        assert run_cli("sources", "add", "feed", "--name", "gallery", "--set",
                       "url=https://example.org/feed.xml").returncode == 0
        refused = run_cli("secret", "set", "gallery", input="tok\n")
        assert refused.returncode == 2 and "the source 'gallery' (feed) takes no token" in refused.stderr
        assert get_secret("gallery") is None
    finally:
        delete_secret(name)


@pytest.mark.parametrize("backend, said", [
    ("tests.file_keyring.LockedKeyring", "The system keyring is locked"),
    ("keyring.backends.fail.Keyring", "No system keyring is available"),
])
def test_a_keyring_that_cannot_be_used_is_said_in_words(run_cli: CliRunner, monkeypatch: pytest.MonkeyPatch,
                                                        backend: str, said: str) -> None:
    """Locked is told apart from missing (unlocking it is all it takes), and no class name like "(KeyringLocked)"."""
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", backend)
    refused = run_cli("secret", "set", "lumen", input="tok-123\n")
    assert refused.returncode == 1 and said in refused.stderr
    assert ("Unlock it" in refused.stderr) == ("locked" in said)
    assert not re.search(r"\(\w+(Error|Locked)\)", refused.stderr)
