"""How a command module declares its commands to the parser."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Protocol

from creatorwatch.paths import Paths

Command = Callable[[argparse.Namespace, Paths], int]
# An id, name or file given as an argument that names nothing is wrong usage, in every command; except `add` and
# `match`, which say what each item they could not read was and go on (exit status 1).
WRONG_USAGE = 2


class CommandAdder(Protocol):
    def __call__(self, name: str, run: Command, help_text: str) -> argparse.ArgumentParser:
        """Add sub-command `name` (with --home) that calls run(args, paths); returns its parser."""
        ...
