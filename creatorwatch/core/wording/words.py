"""Counting in plain English, the same way on every screen and in every command: "1 work", "3 possible copies"."""

from __future__ import annotations


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """`n` and the noun, plural unless `n` is one (`plural` for nouns that do not just take an "s")."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


def a_or_an(word: str) -> str:
    """The article for `word` by its first letter, right for the source types ("an openai-compatible", "a feed")."""
    return "an" if word[:1].lower() in "aeiou" else "a"


def listed(items: list[str]) -> str:
    """Items as a sentence lists them: "a", "a and b", "a, b and c"."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}" if items else ""
