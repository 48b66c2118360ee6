"""A keyring back-end for CLI tests, chosen with PYTHON_KEYRING_BACKEND=tests.file_keyring.FileKeyring: tokens
kept in the JSON file named by CREATORWATCH_TEST_KEYRING, so a `creatorwatch` subprocess can store and read them
on a machine without a session bus. Only the storage is stand-in; CreatorWatch reads it through `keyring`."""

from __future__ import annotations

import json
import os
from pathlib import Path

from jaraco.classes import properties
from keyring.backend import KeyringBackend
from keyring.errors import KeyringLocked, PasswordDeleteError


class FileKeyring(KeyringBackend):
    @properties.classproperty
    def priority(cls) -> float:
        """Chosen only where a test names its file: once imported (by the in-process CLI), keyring's own search
        would otherwise offer it to every later test, including those of the real Secret Service."""
        return 1 if os.environ.get("CREATORWATCH_TEST_KEYRING") else -2

    @property
    def _file(self) -> Path:
        return Path(os.environ["CREATORWATCH_TEST_KEYRING"])

    def _load(self) -> dict[str, str]:
        return json.loads(self._file.read_text()) if self._file.exists() else {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        stored = self._load()
        stored[f"{service}/{username}"] = password
        self._file.write_text(json.dumps(stored))

    def delete_password(self, service: str, username: str) -> None:
        stored = self._load()
        if stored.pop(f"{service}/{username}", None) is None:
            raise PasswordDeleteError(username)
        self._file.write_text(json.dumps(stored))


class LockedKeyring(FileKeyring):
    """A keyring that is there but locked, as the Secret Service answers when its collection stays locked: every
    read and write raises KeyringLocked, the error keyring's own back-ends raise (PYTHON_KEYRING_BACKEND names it)."""

    priority = -2  # never chosen by keyring's own search, only by name

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringLocked("Failed to unlock the collection!")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringLocked("Failed to unlock the collection!")
