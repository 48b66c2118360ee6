"""The letters' wording lives in templates (creatorwatch/resources/letters/, Jinja), so a letter reads as the letter
and every one ends with the same contact block and signature (_sender.txt). This module fills them: their width
and indenting, times in UTC, and the typed context each letter is filled from."""

from __future__ import annotations

import textwrap
from dataclasses import fields
from datetime import UTC, datetime
from functools import cache
from typing import Any

import jinja2

from creatorwatch.core.library.sniff import kind_and_format
from creatorwatch.core.wording.times import utc_minute

WIDTH = 110
TEMPLATES = "creatorwatch.resources"  # the package whose letters/ folder holds the templates


def today_of(today: datetime | None) -> str:
    """The letter's date, "2026-12-01" (today unless given)."""
    return (today or datetime.now(UTC)).strftime("%Y-%m-%d")


def wrapped(text: str, first: str = "   ", rest: str | None = None, whole_words: bool = False) -> str:
    """`text` as one paragraph, however the template lays it out, wrapped to the letters' width. `whole_words`
    never splits a word, an address or a hash, nor breaks at a hyphen: for words quoted exactly as written."""
    lines = textwrap.wrap(" ".join(text.split()), WIDTH, initial_indent=first,
                          subsequent_indent=first if rest is None else rest,
                          break_long_words=not whole_words, break_on_hyphens=not whole_words)
    return "\n".join(lines)


def paragraph(text: str, first: str = "   ", rest: str | None = None, whole_words: bool = False) -> str:
    """A `{% filter paragraph %}` block: `wrapped`, ending its last line (the block tag takes the template's)."""
    return wrapped(text, first, rest, whole_words) + "\n"


@cache
def _templates() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader(TEMPLATES, "letters"),
        autoescape=False,  # plain text, not HTML
        undefined=jinja2.StrictUndefined,  # a misspelt name fails loudly instead of leaving a gap in a legal letter
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["wrap"] = wrapped
    environment.filters["paragraph"] = paragraph
    environment.filters["when"] = utc_minute
    environment.filters["kind_and_format"] = lambda work: kind_and_format(work.kind, work.format)
    return environment


def render(template: str, context: Any) -> str:
    """The letter `template` (a file in letters/) filled from `context`, a dataclass whose fields it names."""
    values = {f.name: getattr(context, f.name) for f in fields(context)}
    return _templates().get_template(template).render(values)
