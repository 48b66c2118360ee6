"""One owner per table: findings (`matches`), licences (`allowlist`) and takedowns (`takedowns`) are each written by
one core module, so a rule about them (one transaction per change, what a status may become) lives in one place.
`matches` was once written from four places; the window never runs SQL of its own. And one way to write a file:
core/store/atomic.py, no hand-written temp-and-rename elsewhere."""

from __future__ import annotations

import re
from pathlib import Path
from types import ModuleType

import creatorwatch
from creatorwatch.core.evidence import takedown
from creatorwatch.core.records import allowlist, findings
from creatorwatch.core.store import atomic

PACKAGE = Path(creatorwatch.__file__).parent
OWNERS: dict[str, ModuleType] = {"matches": findings, "allowlist": allowlist, "takedowns": takedown}
_TABLES = "|".join(OWNERS)
# SQL that changes rows, and sqlite-utils' table methods that do.
WRITES = re.compile(rf"\b(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|UPDATE|DELETE\s+FROM)\s+({_TABLES})\b"
                    rf"|[\[(]\s*[\"']({_TABLES})[\"']\s*[\])]\s*\.\s*(?:insert|upsert|update|delete)", re.IGNORECASE)
# A rename into place: the mark of a hand-written temp-and-rename (a scratch temporary file that is only read
# back and deleted needs none, and is not one).
FILE_SWAPS = re.compile(r"\bos\.(?:replace|rename|renames)\(|\.rename\(|shutil\.move\(")


def _sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _owner_file(module: ModuleType) -> Path:
    return Path(str(module.__file__)).resolve()


def test_each_table_is_written_by_its_owner_only() -> None:
    strays = []
    for path in _sources():
        text = path.read_text(encoding="utf-8")
        for found in WRITES.finditer(text):
            table = (found.group(1) or found.group(2)).lower()
            if path.resolve() != _owner_file(OWNERS[table]) and path.name != "db.py":  # db.py: the schema
                line = text.count("\n", 0, found.start()) + 1
                strays.append(f"{path.relative_to(PACKAGE)}:{line} writes {table}")
    assert strays == [], "only its owner module may write a table:\n" + "\n".join(strays)


def test_the_window_runs_no_sql_of_its_own() -> None:
    """The window asks the core (through ui/data.py's query) and runs no SQL itself, neither writes nor reads."""
    sql = [f"{p.relative_to(PACKAGE)}:{text.count(chr(10), 0, m.start()) + 1}"
           for p in sorted((PACKAGE / "ui").rglob("*.py")) for text in [p.read_text(encoding="utf-8")]
           for m in re.finditer(r"\.execute(?:many|script)?\(|\b(?:INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|"
                                r"REPLACE\s+INTO|SELECT\s+[\w*,. ]+\s+FROM)\b", text)]
    assert sql == []


def test_files_are_swapped_into_place_by_the_one_atomic_helper() -> None:
    """Temp name, fsync, rename: written once, in core/store/atomic.py."""
    helper = _owner_file(atomic)
    strays = []
    for path in _sources():
        if path.resolve() == helper:
            continue
        text = path.read_text(encoding="utf-8")
        for found in FILE_SWAPS.finditer(text):
            line = text.count("\n", 0, found.start()) + 1
            strays.append(f"{path.relative_to(PACKAGE)}:{line}: {text.splitlines()[line - 1].strip()}")
    assert strays == [], "a hand-written temp-and-rename:\n" + "\n".join(strays)
