"""Log to a rotating file in the log folder, so a creator can send it when something goes wrong."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

LOG_FILE = "creatorwatch.log"


def setup_logging(log_dir: Path, level: int = logging.INFO) -> Path:
    """Send CreatorWatch's log records to `log_dir`/creatorwatch.log (1 MB × 5 files); returns the file's path.

    Libraries' warnings go there too, never to the terminal or over the command's own words: Python warnings
    (Pillow's "Corrupt EXIF data" of a found picture) and log records of WARNING or worse from any library, which
    Python printed on stderr while no handler took them."""
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / LOG_FILE
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_creatorwatch", False):
            root.removeHandler(handler)
            handler.close()
    handler = _QuietWhenFull(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler._creatorwatch = True  # type: ignore[attr-defined]
    handler.addFilter(_ours_or_a_warning)
    root.addHandler(handler)  # the root's own level (WARNING) holds for libraries; CreatorWatch logs from `level`
    logging.getLogger("creatorwatch").setLevel(level)
    logging.captureWarnings(True)  # warnings.warn(…) becomes a record of the "py.warnings" logger
    return path


def _ours_or_a_warning(record: logging.LogRecord) -> bool:
    """CreatorWatch's own records from its level; another library's only from WARNING, whatever level it set on
    itself: an HTTP library's or a server's INFO line holds a request's address, and an address can hold a token."""
    return record.name == "creatorwatch" or record.name.startswith("creatorwatch.") or record.levelno >= logging.WARNING


class _QuietWhenFull(logging.handlers.RotatingFileHandler):
    """A log record the disk has no room for is dropped, not printed with its traceback over the command's own
    words: a full disk is said once, plainly, by whatever could not save."""

    def handleError(self, record: logging.LogRecord) -> None:
        pass
