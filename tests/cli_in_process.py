"""Run `creatorwatch ARGS…` inside the test process: the same `creatorwatch.cli.main(argv)` the installed command
calls, with its own standard input, output and error, its own keyring lookup (from the environment, as a fresh
process makes it) and its log file closed after — a second or more faster than starting Python and importing
Qt, numpy and the rest for each call. A subprocess proves more only for what a process is: the installed entry
point, being killed, signals, memory ceilings and having no display; those tests start one themselves.
"""

from __future__ import annotations

import contextlib
import io
import logging
import subprocess
import sys
import traceback
from collections.abc import Iterator

import keyring.core

from creatorwatch.cli import main
from tests.log_fail import LogFail


@contextlib.contextmanager
def _fresh_keyring() -> Iterator[None]:
    """The keyring backend chosen from the environment now (PYTHON_KEYRING_BACKEND), as a new process would."""
    before = keyring.core._keyring_backend
    keyring.core._keyring_backend = None
    try:
        yield
    finally:
        keyring.core._keyring_backend = before


@contextlib.contextmanager
def _own_log() -> Iterator[None]:
    """setup_logging() gives the root logger a file handler, the `creatorwatch` logger a level, and takes Python's
    warnings into the log; all three go with the command."""
    logger, root = logging.getLogger("creatorwatch"), logging.getLogger()
    level, handlers = logger.level, list(root.handlers)
    try:
        yield
    finally:
        logging.captureWarnings(False)
        for handler in list(root.handlers):
            if handler not in handlers:
                root.removeHandler(handler)
                handler.close()
        logger.setLevel(level)


def run_in_process(argv: list[str], input: str | None, log_fail: LogFail | None) -> subprocess.CompletedProcess[str]:
    """`creatorwatch *argv` as a finished process: exit status, standard output and error."""
    out, err = io.StringIO(), io.StringIO()
    stdin = io.StringIO(input or "")
    if log_fail is not None:
        log_fail.pause_depth += 1
    try:
        with (_fresh_keyring(), _own_log(), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err),
              _stdin(stdin)):
            try:
                status = main(argv)
            except SystemExit as exc:  # argparse: --help, wrong usage
                status = _exit_status(exc.code, err)
            except Exception:  # what the interpreter would print before exiting with 1
                traceback.print_exc(file=err)
                status = 1
    finally:
        if log_fail is not None:
            log_fail.pause_depth -= 1
    return subprocess.CompletedProcess(["creatorwatch", *argv], status, out.getvalue(), err.getvalue())


def _exit_status(code: object, err: io.StringIO) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=err)
    return 1


@contextlib.contextmanager
def _stdin(stream: io.StringIO) -> Iterator[None]:
    before = sys.stdin
    sys.stdin = stream
    try:
        yield
    finally:
        sys.stdin = before

