"""A name as repo and file names write it, its words run together ("Ian Murdock" → "ianmurdock"), and when that
form is distinctive enough to count: a short name run together is often a word or name of its own ("Ada Lin" →
"adalin"), a longer one hardly ever is. Shared by the watch-term rule and the sources that search by name."""

from __future__ import annotations

import re

JOINED_MIN_CHARS = 8  # "ianmurdock", "adalumen" count; "adalin" does not
SEPARATORS = r"[\s_.\-]"  # what names are written with between their words: space, "_", "." and "-"


def joined_name(term: str) -> str:
    """`term`'s words run together in lower case: "Ian Murdock" → "ianmurdock" (a one-word term is itself)."""
    return "".join(re.split(SEPARATORS + "+", term.strip())).lower()


def counts_joined(term: str) -> bool:
    """Whether `term` written with its words run together still names it: more than one word, and long enough."""
    return len(term.split()) > 1 and len(joined_name(term)) >= JOINED_MIN_CHARS
