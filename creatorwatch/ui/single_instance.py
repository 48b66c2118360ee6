"""One CreatorWatch per data home: a second launch asks the first to come forward, then leaves.

The socket name is derived from the user and the data home (qutebrowser's habit), so two data homes can run side
by side and two users never meet.
"""

from __future__ import annotations

import getpass
import hashlib

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from creatorwatch.paths import Paths

WAKE = b"raise\n"
TIMEOUT_MS = 1000


def socket_name(paths: Paths) -> str:
    digest = hashlib.sha256(f"{getpass.getuser()}\0{paths.data.resolve()}".encode()).hexdigest()[:16]
    return f"creatorwatch-{digest}"


class SingleInstance(QObject):
    """`claim()` is True for the first instance; `activated` fires when another launch asks it to come forward."""

    activated = Signal()

    def __init__(self, paths: Paths, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = socket_name(paths)
        self._server: QLocalServer | None = None

    def claim(self) -> bool:
        if self._wake_running_instance():
            return False
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            QLocalServer.removeServer(self.name)  # a stale socket left by a crash
            if not server.listen(self.name):
                return True  # run without the guard rather than refuse to start
        server.newConnection.connect(self._on_connection)
        self._server = server
        return True

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None

    def _wake_running_instance(self) -> bool:
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(TIMEOUT_MS):
            return False
        socket.write(WAKE)
        socket.waitForBytesWritten(TIMEOUT_MS)
        socket.disconnectFromServer()
        return True

    def _on_connection(self) -> None:
        assert self._server is not None
        while (socket := self._server.nextPendingConnection()) is not None:
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        if WAKE.strip() in bytes(socket.readAll().data()):
            self.activated.emit()
