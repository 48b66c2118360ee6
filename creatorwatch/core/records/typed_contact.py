"""The creator's name and contact details as typed at `creatorwatch settings` or on the Settings page: a name of
only spaces counted as set ("© 2026    . All rights reserved." went into protected copies), and a telephone
number holding a line break put its second half at the start of a line of the takedown letter. Each is kept
trimmed; only the postal address may hold line breaks (the letter lays its lines out one under the other)."""

from __future__ import annotations

import unicodedata

# the settings keys kept as the creator typed them, and what the creator calls each
SAID = {
    "creator_name": "your name",
    "creator_contact": "your contact",
    "creator_phone": "your telephone number",
    "creator_address": "your postal address",
    "on_behalf_of": "who you act for",
}
# `creatorwatch evidence-settings` options and the settings key each is typed as
AS_TYPED = {
    "name": "creator_name",
    "address": "creator_address",
    "phone": "creator_phone",
    "email": "creator_contact",
    "on_behalf_of": "on_behalf_of",
}
BREAKS = ("Cc", "Zl", "Zp")  # line breaks, tabs and terminal escapes (Unicode's control and separator characters)


def tidied_contact(key: str, text: str) -> tuple[str, str | None]:
    """`text` trimmed (the address: each line, empty lines left out), and what is wrong with it, or None."""
    if key == "creator_address":
        lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
        text = "\n".join(line for line in lines if line)
        allowed = "\n"
    else:
        text = text.strip()
        allowed = ""
    if any(unicodedata.category(ch) in BREAKS and ch not in allowed for ch in text):
        what = "a tab or other control character" if allowed else "a line break, tab or other control character"
        return (
            text,
            f"{SAID[key]} holds {what}, which would break the lines of your notices; type it on one line "
            f"without it{'' if allowed else ' (only the postal address can have lines of its own)'}. "
            "Nothing was changed.",
        )
    return text, None


def on_one_line(text: str) -> str:
    """A one-line field's text as the Settings page keeps it: a line break or tab pasted into it becomes a space."""
    parts = "".join("\n" if unicodedata.category(ch) in BREAKS else ch for ch in text).split("\n")
    return " ".join(part.strip() for part in parts if part.strip())
