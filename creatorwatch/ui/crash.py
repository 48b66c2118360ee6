"""No crash goes unseen: uncaught errors land in a crash log whose path the creator is shown, now or on the next start.

Installed before anything else the window does (the habit of qutebrowser's crashsignal and Picard's start-up).
Hard crashes inside Qt are caught by faulthandler; Qt's own messages go into our log. Nothing here needs
sys.stderr, which windowed builds do not have. PySide6 is imported only where a dialog is shown or Qt is asked.
"""

from __future__ import annotations

import faulthandler
import logging
import os
import platform
import sys
import threading
import traceback
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING, Any

from creatorwatch import APP_NAME, __version__
from creatorwatch.core.store.logs import LOG_FILE

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

log = logging.getLogger(__name__)

CRASH_LOGS = "crash-*.log"
FATAL_LOG = "fatal-errors.log"  # faulthandler's file: empty unless a run died hard
TOLD_LIST = "crash-logs-told.txt"  # crash logs the creator has already been shown
QT_LEVELS = {"QtDebugMsg": logging.DEBUG, "QtInfoMsg": logging.INFO, "QtWarningMsg": logging.WARNING,
             "QtCriticalMsg": logging.ERROR, "QtFatalMsg": logging.CRITICAL}

_installed: CrashHandler | None = None


def install_crash_handler(log_dir: Path) -> CrashHandler:
    """Catch every uncaught error from now on (once per process); returns the handler."""
    global _installed
    if _installed is None:
        _installed = CrashHandler(log_dir)
        _installed.install()
    return _installed


def uninstall_crash_handler() -> None:
    """Put back the hooks that were there before (for tests)."""
    global _installed
    if _installed is not None:
        _installed.uninstall()
        _installed = None


class CrashHandler:
    def __init__(self, log_dir: Path) -> None:
        self.log_dir = log_dir
        self._previous: tuple[Any, Any] = (sys.excepthook, threading.excepthook)
        self._previous_qt: Any = None
        self._fatal_file: IO[str] | None = None
        self._dialog: QMessageBox | None = None
        self._telling = False

    def install(self) -> None:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        _fill_missing_streams()
        sys.excepthook = self.handle_exception
        threading.excepthook = self._handle_thread_exception
        self._catch_fatal_errors()
        from PySide6.QtCore import qInstallMessageHandler

        self._previous_qt = qInstallMessageHandler(self._log_qt_message)

    def uninstall(self) -> None:
        from PySide6.QtCore import qInstallMessageHandler

        qInstallMessageHandler(self._previous_qt)
        sys.excepthook, threading.excepthook = self._previous
        faulthandler.disable()
        if self._fatal_file is not None:
            self._fatal_file.close()
        if sys.__stderr__ is not None:
            faulthandler.enable(sys.__stderr__)

    # -- an uncaught error ------------------------------------------------------------------------
    def handle_exception(self, kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        """sys.excepthook: log, write a crash log, and show its path when a window can; never raises."""
        if issubclass(kind, KeyboardInterrupt):
            self._previous[0](kind, error, tb)
            return
        try:
            log.critical("Uncaught error", exc_info=(kind, error, tb))
            crash_log = self.write_crash_log(kind, error, tb)
            if self._tell_now(crash_log):
                self.mark_told([crash_log])
        except BaseException:  # the hook itself must not fail; fall back to Python's own report
            sys.__excepthook__(kind, error, tb)

    def _handle_thread_exception(self, args: threading.ExceptHookArgs) -> None:
        """threading.excepthook: the same crash log, shown on the next start (a dialog belongs to the main thread)."""
        if args.exc_type is SystemExit:
            return
        try:
            where = args.thread.name if args.thread else "a thread"
            log.critical("Uncaught error in %s", where, exc_info=args.exc_value)
            self.write_crash_log(args.exc_type, args.exc_value, args.exc_traceback)
        except BaseException:
            threading.__excepthook__(args)

    def write_crash_log(self, kind: type[BaseException], error: BaseException | None,
                        tb: TracebackType | None) -> Path:
        return self._write("".join(traceback.format_exception(kind, error, tb)), datetime.now())

    def _write(self, body: str, when: datetime) -> Path:
        path = self.log_dir / f"crash-{when:%Y-%m-%d-%H%M%S-%f}.log"
        path.write_text(_about_this_run(when) + body + _log_tail(self.log_dir), encoding="utf-8")
        return path

    def _tell_now(self, crash_log: Path) -> bool:
        """Show the crash log's path, if a QApplication exists and this is its thread."""
        app = _running_qapplication()
        if app is None or self._telling or threading.current_thread() is not threading.main_thread():
            return False
        self._telling = True
        try:
            self._dialog = _message(f"{APP_NAME} ran into a problem it did not expect.", crash_log,
                                    f"If something now looks wrong, please restart {APP_NAME}.")
            if app.thread().loopLevel() > 0:
                self._dialog.open()  # the event loop runs on; the window stays usable behind the message
            else:
                self._dialog.exec()  # before or after the event loop: wait until the creator has read it
        finally:
            self._telling = False
        return True

    # -- crash logs from earlier runs -------------------------------------------------------------
    def untold_crash_logs(self) -> list[Path]:
        told_list = self.log_dir / TOLD_LIST
        told = set(told_list.read_text(encoding="utf-8").split()) if told_list.exists() else set()
        return sorted(path for path in self.log_dir.glob(CRASH_LOGS) if path.name not in told)

    def mark_told(self, crash_logs: list[Path]) -> None:
        with (self.log_dir / TOLD_LIST).open("a", encoding="utf-8") as told:
            told.writelines(f"{path.name}\n" for path in crash_logs)

    def tell_about_earlier_crashes(self, parent: QWidget | None = None) -> QMessageBox | None:
        """Once, mention crash logs no one saw: written before the window existed, in a thread, or by a hard crash."""
        untold = self.untold_crash_logs()
        if not untold:
            return None
        self.mark_told(untold)
        more = f"There are {len(untold) - 1} more crash logs in the same folder." if len(untold) > 1 else ""
        self._dialog = _message(f"{APP_NAME} ran into a problem the last time it ran.", untold[-1], more, parent)
        self._dialog.open()
        return self._dialog

    def _catch_fatal_errors(self) -> None:
        """A segfault inside Qt kills Python; faulthandler still writes the stacks to a file we keep open."""
        fatal = self.log_dir / FATAL_LOG
        if fatal.exists() and fatal.stat().st_size:
            when = datetime.fromtimestamp(fatal.stat().st_mtime)
            self._write("The app stopped abruptly (a hard crash). Python's stacks at that moment:\n\n"
                        + fatal.read_text(encoding="utf-8", errors="replace"), when)
            fatal.write_text("", encoding="utf-8")
        self._fatal_file = fatal.open("a", encoding="utf-8")
        faulthandler.enable(self._fatal_file, all_threads=True)

    # -- Qt's own messages ------------------------------------------------------------------------
    def _log_qt_message(self, kind: Any, context: Any, message: str) -> None:
        category = context.category if context.category not in (None, "", "default") else None
        text = f"{category}: {message}" if category else message
        logging.getLogger("creatorwatch.qt").log(QT_LEVELS.get(kind.name, logging.WARNING), "%s", text)
        if self._previous_qt is not None:  # e.g. pytest-qt's, so tests still fail on Qt warnings
            self._previous_qt(kind, context, message)


def _running_qapplication() -> QApplication | None:
    """The QApplication, if the start-up got that far; never imports Qt itself."""
    widgets = sys.modules.get("PySide6.QtWidgets")
    app = widgets.QApplication.instance() if widgets is not None else None
    return app if widgets is not None and isinstance(app, widgets.QApplication) else None


def _message(text: str, crash_log: Path, advice: str, parent: QWidget | None = None) -> QMessageBox:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QMessageBox

    box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, text, parent=parent or QApplication.activeWindow())
    paragraphs = (f"The details were saved to:\n{crash_log}", advice, "When you report the problem, please attach it.")
    box.setInformativeText("\n\n".join(p for p in paragraphs if p))
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setObjectName("crash-message")
    return box


def _about_this_run(when: datetime) -> str:
    qt = sys.modules.get("PySide6.QtCore")
    qt_version = f"Qt {qt.qVersion()}" if qt is not None else "Qt not loaded"
    build = "packaged app" if getattr(sys, "frozen", False) else "run from Python"
    return (f"{APP_NAME} {__version__}: an unexpected error at {when:%Y-%m-%d %H:%M:%S}\n"
            f"Python {platform.python_version()}, {qt_version}, {platform.platform()}, {build}\n\n")


def _log_tail(log_dir: Path, lines: int = 40) -> str:
    try:
        tail = (log_dir / LOG_FILE).read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]
    except OSError:
        return ""
    return "\nThe last lines of the log:\n" + "\n".join(tail) + "\n"


def _fill_missing_streams() -> None:
    """Windowed builds start with sys.stdout and sys.stderr set to None; give writers somewhere harmless to go."""
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 — open for the whole run
