"""A download's failure said for a command that tries once: the connectors' messages promise a retry ("it will be
tried again later") that only the scheduler keeps, so `match` says what the creator can do instead."""

from __future__ import annotations

import re

_RETRY = re.compile(r"([;.]) ([Ii])t will be tried again (later|in [^.;]+)\.")


def said_for_one_try(message: str) -> str:
    """`message` with its promise of a retry turned into "running the command again (in …) may work"."""

    def instead(found: re.Match[str]) -> str:
        when = "" if found[3] == "later" else f" {found[3]}"
        return f"{found[1]} {'R' if found[2] == 'I' else 'r'}unning the command again{when} may work."

    return _RETRY.sub(instead, message)
