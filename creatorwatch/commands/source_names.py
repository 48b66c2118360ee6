"""A source named on the command line that does not exist is wrong usage — exit status 2 — in every command, and is
said the same way: `sources set`, `sources remove` and `check --source` used to disagree (1 or 2)."""

from __future__ import annotations

import sys
from collections.abc import Iterable

import sqlite_utils

from creatorwatch.core.records.source_store import SourceStore


def unknown_source(db: sqlite_utils.Database, names: Iterable[str]) -> bool:
    """True, after saying which, if one of `names` is not a configured source."""
    store = SourceStore(db)
    unknown = [name for name in names if store.get(name) is None]
    if unknown:
        print(f"creatorwatch: there is no source called {unknown[0]!r}. See them with: creatorwatch sources",
              file=sys.stderr)
    return bool(unknown)
