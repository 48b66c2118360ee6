"""CreatorWatch: find out when AI systems reuse a creator's work without consent."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("creatorwatch")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"

APP_NAME = "CreatorWatch"
APP_ID = "org.creatorwatch.CreatorWatch"
