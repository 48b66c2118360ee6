"""Counting in plain English, the same way on every screen and in every command: "1 work", "3 possible copies"."""

from __future__ import annotations


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """`n` and the noun, plural unless `n` is one (`plural` for nouns that do not just take an "s")."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"
