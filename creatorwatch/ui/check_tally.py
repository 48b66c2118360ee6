"""What one "Check now" found, over every source it covers: each source's check reports on its own, and a source
already being checked when the creator asked is that check. The status bar said only the first source to finish
("Check finished on 1 source"), while the tray's alert counted the finds of them all."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from creatorwatch.core.wording.words import counted


class CheckTally:
    def __init__(self, awaited: Iterable[str]) -> None:
        self.awaited = set(awaited)  # the sources still to report: those asked and those already running
        self.checked: list[str] = []
        self.failed: list[str] = []
        self.busy: list[str] = []  # being read by another check (`creatorwatch check`, say): not by this one
        self.new = self.matches = self.mentions = 0

    def add(self, finished: dict[str, Any]) -> bool:
        """Count a check_finished event's sources that this check awaits; True once all of them have reported."""
        failed, busy = set(finished.get("failed", [])), set(finished.get("busy", []))
        for source in finished.get("sources", []):
            name = str(source.get("name"))
            if name not in self.awaited:
                continue
            self.awaited.discard(name)
            (self.busy if name in busy else self.failed if name in failed else self.checked).append(name)
            self.new += int(source.get("new", 0))
            self.matches += int(source.get("matches", 0))
            self.mentions += int(source.get("mentions", 0))
        return not self.awaited

    def sentence(self) -> str:
        """"Check finished on 2 sources: 3 new items, 1 new possible copy and 0 new mentions." and which were not
        checked."""
        if self.new or self.matches or self.mentions:
            found = (f"{counted(self.new, 'new item')}, "
                     f"{counted(self.matches, 'new possible copy', 'new possible copies')} and "
                     f"{counted(self.mentions, 'new mention')}")
        else:
            found = "nothing new"
        said = f"Check finished on {counted(len(self.checked), 'source')}: {found}." if self.checked else \
            "Check finished."
        if self.failed:
            said += f" Not checked: {', '.join(self.failed)} (the Sources page says why)."
        if self.busy:
            said += (f" Already being checked elsewhere (by `creatorwatch check` or `run`): {', '.join(self.busy)};"
                     " its finds are recorded by that check.")
        return said
