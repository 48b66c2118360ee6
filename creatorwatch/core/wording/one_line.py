"""Text from a file or the web (a work's title, a page address) shown on one line of a table: a line break in a
title broke the `works` table, and an escape sequence could rewrite the terminal. Such characters are shown
escaped (`\\n`), the rest as is."""

from __future__ import annotations


def one_line(text: str) -> str:
    """`text` with every character that is not printable (line breaks, tabs, terminal escapes) written as its escape."""
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)
