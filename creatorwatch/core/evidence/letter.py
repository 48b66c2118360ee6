"""What the likeness report and the opt-out request share as letters: their width, indenting, times in UTC, the
opening, and the creator's contact block and signature at the end."""

from __future__ import annotations

import textwrap
from datetime import UTC, datetime

from creatorwatch.core.records.notice_details import NoticeDetails

WIDTH = 110


def indented(text: str) -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent="   ", subsequent_indent="   ")


def opening(title: str, before_sending: list[str], kind: str, recipient: str, today: datetime | None) -> list[str]:
    """The title, the notes for the creator before sending, and the letter's date and addressee."""
    return [
        title,
        "Check every statement, complete anything marked [FILL IN …], and sign before sending.",
        "",
        *before_sending,
        "",
        f"------------------------------------------------------------ the {kind} starts here",
        "",
        f"Date: {(today or datetime.now(UTC)).strftime('%Y-%m-%d')}",
        f"To: {recipient}",
        "",
        "Hello,",
        "",
    ]


def closing(details: NoticeDetails, statement: str, bundle: str) -> list[str]:
    """Sections 3 and 4: who the creator is and how to reach them, then the statement and signature."""
    return [
        "3. Who I am, and how to reach me:",
        f"   Name:       {details.name or '[FILL IN: your full name]'}",
        *([f"   Acting for: {details.on_behalf_of}"] if details.on_behalf_of else []),
        f"   Email:      {details.email or '[FILL IN: your email address]'}",
        *([f"   Address:    {details.address}"] if details.address else []),
        *([f"   Telephone:  {details.phone}"] if details.phone else []),
        "",
        "4. Statement:",
        *indented(statement),
        "",
        "   Signed: ______________________________",
        f"   Name: {details.name or '[FILL IN]'}        Date: ____________",
        "",
        f"An evidence bundle ({bundle}) is available on request.",
    ]
