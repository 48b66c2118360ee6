"""Where CreatorWatch keeps its data, config, cache and logs.

By default the platform's usual places (platformdirs); `--home DIR` or CREATORWATCH_HOME puts
everything under one folder, which is how tests and portable installs keep apart from the real home.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

HOME_ENV = "CREATORWATCH_HOME"


@dataclass(frozen=True)
class Paths:
    data: Path
    config: Path
    cache: Path
    logs: Path

    @property
    def database(self) -> Path:
        return self.data / "creatorwatch.sqlite3"

    def ensure(self) -> Paths:
        for folder in (self.data, self.config, self.cache, self.logs):
            folder.mkdir(parents=True, exist_ok=True)
        return self


def resolve_paths(home: str | os.PathLike[str] | None = None) -> Paths:
    """The data locations for `home`, else $CREATORWATCH_HOME, else the platform defaults."""
    chosen = home if home is not None else os.environ.get(HOME_ENV) or None
    if chosen is not None:
        root = Path(chosen).expanduser().resolve()
        return Paths(root / "data", root / "config", root / "cache", root / "logs")
    dirs = platformdirs.PlatformDirs("CreatorWatch", appauthor=False)
    return Paths(
        Path(dirs.user_data_dir), Path(dirs.user_config_dir), Path(dirs.user_cache_dir), Path(dirs.user_log_dir)
    )
