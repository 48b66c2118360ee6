"""Tokens live in the real system keyring (gnome-keyring's Secret Service under dbus in CI) and nowhere else.

Run under: dbus-run-session -- sh -c 'echo -n pw | gnome-keyring-daemon --unlock --components=secrets; pytest …'
"""

from __future__ import annotations

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
