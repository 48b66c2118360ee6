"""Problems a creator must be told about, in words they understand (as opposed to programming errors)."""


class CreatorWatchError(Exception):
    """Base of every error whose message is meant for the creator."""


class StorageError(CreatorWatchError):
    """The data file cannot be used: disk full, locked by another program, damaged, or from a newer version."""
