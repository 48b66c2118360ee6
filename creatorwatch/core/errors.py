"""Problems a creator must be told about, in words they understand (as opposed to programming errors).

The one room for error types raised in one folder and caught in another, so that no folder has to import another
only to name its errors. Errors raised and caught within one folder stay in that folder."""


class CreatorWatchError(Exception):
    """Base of every error whose message is meant for the creator."""


class WrongUsage(CreatorWatchError):
    """Something the creator gave that cannot be used as given: the command line answers exit status 2 whichever
    command it was."""


class NamesNothing(WrongUsage):
    """An id, name or file the creator gave that names nothing there is (a work removed, a match id mistyped)."""


class WrongPlace(WrongUsage):
    """A place to write to that cannot be one: a folder where a file name is wanted, a folder that does not exist."""


class CannotWriteThere(CreatorWatchError):
    """The place the creator chose to write to refuses new files (no permission, a read-only disk, a system folder)."""


class StorageError(CreatorWatchError):
    """The data file cannot be used: disk full, locked by another program, damaged, or from a newer version."""


class DamagedDataFile(StorageError):
    """The data file is damaged: only a backup brings back what is lost (a locked or full one needs only waiting)."""


class KeyringUnavailable(CreatorWatchError):
    """No keyring back-end can store or read secrets here."""


NOT_ALLOWED_TO_READ = "CreatorWatch is not allowed to read this file (permission denied)"


class UnreadableMedia(Exception):
    """A file that cannot be decoded or fingerprinted; str(exc) is a sentence a creator understands."""


# --- sources and the HTTP client ---------------------------------------------------------------------------


class SourceError(CreatorWatchError):
    """A source could not be checked; str(exc) tells the creator what happened and, where they can, what to do.

    It never says whether it will be tried again: only the scheduler retries, so whoever reports the error says that
    (core/wording/retry.py) from `passing` (the same request may work later: a timeout, an unreachable host, a
    service in trouble or asking for a pause) and `retry_after` (the seconds the service asked to wait, if it said)."""

    passing = False

    def __init__(self, message: str, *, passing: bool | None = None, retry_after: float | None = None) -> None:
        super().__init__(message)
        if passing is not None:
            self.passing = passing
        self.retry_after = retry_after


class TokenMissing(SourceError):
    """The source needs a token the creator has not stored, or the service refused the one stored."""


class RateLimited(SourceError):
    """The service asked CreatorWatch to wait (a 429, a spent quota); `retry_after` is how long, when known."""

    passing = True

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message, retry_after=retry_after)


class HttpError(SourceError):
    """A request failed; `status` is the HTTP status when there was one."""

    def __init__(self, message: str, status: int | None = None, *, passing: bool | None = None,
                 retry_after: float | None = None) -> None:
        super().__init__(message, passing=passing, retry_after=retry_after)
        self.status = status


class ServerError(HttpError):
    """The service kept answering 5xx (it is down or overloaded)."""

    passing = True

    def __init__(self, message: str, status: int, retry_after: float | None = None) -> None:
        super().__init__(message, status, retry_after=retry_after)


class TooManyRequests(RateLimited):
    """A 429. `retry_after` is the service's own hint (None when it gave none, as connectors that know the
    service's habits check); `held` is how long the whole host is kept waiting either way."""

    def __init__(self, message: str, retry_after: float | None, held: float) -> None:
        super().__init__(message, retry_after)
        self.held = held


class HttpStatusError(HttpError):
    """Any other refusal (404, 400 …); `body` holds the start of the answer for connectors to read."""

    def __init__(self, message: str, status: int, body: bytes = b"") -> None:
        super().__init__(message, status)
        self.body = body


class TimedOut(HttpError):
    """The service did not connect or stopped sending within the timeout."""

    passing = True


class Unreachable(HttpError):
    """The address could not be reached at all (no such host, connection refused)."""

    passing = True


class TooLarge(HttpError):
    """The answer is bigger than the byte cap for this source."""


class RedirectRefused(HttpError):
    """Too many redirects, a loop, a non-web scheme, or a hop from a public address into a private network."""


class PrivateNetwork(RedirectRefused):
    """The address (as connected to, not as once looked up) is in a private or local network."""


class BadResponse(HttpError):
    """The answer could not be used: cut short, not JSON, or an HTML error page where data was expected."""

    passing = True


class Stopped(HttpError):
    """The creator stopped the check while this request was under way."""
