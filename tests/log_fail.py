"""A warning in the log is something a creator would have to read: a test that logs one it did not declare fails
(qutebrowser's logfail.py does the same). Declare an expected one with the `expect_log` fixture or the marker
`@pytest.mark.expect_log("creatorwatch.x", "words in the message")`.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass


@dataclass
class Expected:
    logger: str
    text: str
    level: int
    required: bool
    seen: int = 0

    def matches(self, record: logging.LogRecord) -> bool:
        named = record.name == self.logger or record.name.startswith(self.logger + ".")
        return named and record.levelno >= self.level and self.text in record.getMessage()


class LogFail(logging.Handler):
    """Collects every WARNING-or-above record while installed on the root logger; `unexpected()` says which were
    not declared. While `pause_depth` is above 0 (the in-process CLI) a command's own log goes only to its log
    file, as it does from a subprocess."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.expected: list[Expected] = []
        self.records: list[logging.LogRecord] = []
        self.pause_depth = 0
        self._guard = threading.Lock()

    def expect(self, logger: str, text: str, level: int = logging.WARNING, required: bool = True) -> None:
        """A record from `logger` (or a child) at `level` or above whose message contains `text` is expected;
        with `required`, the test also fails if none comes."""
        self.expected.append(Expected(logger, text, level, required))

    def emit(self, record: logging.LogRecord) -> None:
        with self._guard:
            if self.pause_depth:
                return
            self.records.append(record)

    def unexpected(self) -> list[str]:
        problems: list[str] = []
        with self._guard:
            records = list(self.records)
        for record in records:
            hit = next((e for e in self.expected if e.matches(record)), None)
            if hit is None:
                problems.append(f"unexpected {record.levelname} from {record.name}: {record.getMessage()}")
            else:
                hit.seen += 1
        problems += [f"expected a {logging.getLevelName(e.level)} from {e.logger} containing {e.text!r}; none came"
                     for e in self.expected if e.required and not e.seen]
        return problems
