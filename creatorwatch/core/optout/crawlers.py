"""The maintained list of AI crawlers (crawlers.json beside this file): who runs each and what blocking it does."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

USES = ("training", "search", "user")


@dataclass(frozen=True)
class Crawler:
    token: str  # the robots.txt product token, e.g. "GPTBot"
    operator: str
    uses: tuple[str, ...]  # some of USES
    honours_robots: str  # "yes" | "may_not_apply" | "reported_not" | "unknown"
    token_only: bool  # no crawler sends this name; the operator's main crawler obeys its rules for AI use
    blocking_stops: str
    blocking_does_not_stop: str
    documentation: str

    @property
    def trains(self) -> bool:
        return "training" in self.uses


@lru_cache(maxsize=1)
def known_crawlers() -> tuple[Crawler, ...]:
    """Every crawler in the shipped list, in the list's order."""
    data = json.loads(resources.files(__package__).joinpath("crawlers.json").read_text("utf-8"))
    return tuple(
        Crawler(token=c["token"], operator=c["operator"], uses=tuple(c["uses"]), honours_robots=c["honours_robots"],
                token_only=bool(c["token_only"]), blocking_stops=c["blocking_stops"],
                blocking_does_not_stop=c["blocking_does_not_stop"], documentation=c["documentation"])
        for c in data["crawlers"]
    )
