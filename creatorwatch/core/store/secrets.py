"""Tokens for the services CreatorWatch checks, kept in the system keyring only — never in the data file,
logs or messages. A machine without a usable keyring gets a clear message instead of a crash."""

from __future__ import annotations

import keyring
import keyring.errors

from creatorwatch.core.errors import CreatorWatchError, KeyringUnavailable

SERVICE = "CreatorWatch"


def _unavailable(exc: Exception) -> KeyringUnavailable:
    """What to do, in words: a locked keyring is there and only wants unlocking; a missing one must be installed.
    (The back-end's own class name, "KeyringLocked", means nothing to a creator.)"""
    if isinstance(exc, keyring.errors.KeyringLocked):
        return KeyringUnavailable(
            "The system keyring is locked, so CreatorWatch cannot store or read tokens. Unlock it, then try again: "
            "on Linux, open Passwords and Keys (Seahorse) or KWallet Manager and unlock the Login keyring, or log "
            "out and back in; on macOS, unlock the login keychain in Keychain Access."
        )
    return KeyringUnavailable(
        "No system keyring is available, so CreatorWatch cannot store or read tokens. Install one and unlock it "
        "(GNOME Keyring or KWallet on Linux; the Keychain and Credential Manager are built into macOS and "
        "Windows), then try again."
    )


def get_secret(name: str, service: str = SERVICE) -> str | None:
    """The stored secret called `name`, or None if none is stored."""
    try:
        return keyring.get_password(service, name)
    except (keyring.errors.KeyringError, RuntimeError) as exc:
        raise _unavailable(exc) from None


def set_secret(name: str, value: str, service: str = SERVICE) -> None:
    """Store (or replace) the secret called `name`."""
    if not value.strip():
        raise CreatorWatchError(f"The token for {name} is empty; nothing was stored.")
    try:
        keyring.set_password(service, name, value.strip())
    except (keyring.errors.KeyringError, RuntimeError) as exc:
        raise _unavailable(exc) from None


def delete_secret(name: str, service: str = SERVICE) -> bool:
    """Forget the secret called `name`; False if there was none."""
    try:
        keyring.delete_password(service, name)
    except keyring.errors.PasswordDeleteError:
        return False
    except (keyring.errors.KeyringError, RuntimeError) as exc:
        raise _unavailable(exc) from None
    return True
