"""The note kept beside a table's saved column layout (QHeaderView.saveState) in window.ini: which version of
its columns the layout is of. QHeaderView.restoreState takes a layout of fewer, other or differently ordered
columns without complaint (new ones tacked on at the end at a default width), so only a layout whose note is
today's is put back."""

from __future__ import annotations

from collections.abc import Sequence


def columns_note(version: int, headers: Sequence[str]) -> str:
    """The layout's version and its columns ("2: Found,What,…"): a change to either drops a saved layout."""
    return f"{version}: {','.join(headers)}"
