"""The settings a source type takes besides the ones it needs (`--set KEY=VALUE`): what each means and which values
it accepts, so `sources add`, the Add source dialog and the source's own checks read them the same way."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class OptionalSetting:
    key: str
    label: str  # how the window names it: "Look at"
    help: str  # one line on what it changes
    choices: tuple[str, ...] = ()  # a comma-separated list of these (empty: any words)
    lowest: int | None = None  # a whole number from lowest to highest
    highest: int | None = None
    default: str = ""  # what the source does when it is not set
    example: str = ""

    @property
    def is_number(self) -> bool:
        return self.lowest is not None and self.highest is not None

    def problem(self, value: str) -> str | None:
        """Why `value` could never work, in the words of `sources add` (None when it can)."""
        value = value.strip()
        if not value:
            return None
        low, high = self.lowest, self.highest
        if low is not None and high is not None and not (value.isdigit() and low <= int(value) <= high):
            return f"--set {self.key}= takes a whole number from {self.lowest} to {self.highest}, not {value!r}."
        if self.choices:
            unknown = [part for part in split_list(value) if part not in self.choices]
            if unknown or not split_list(value):
                return (f"--set {self.key}= takes {', '.join(self.choices[:-1])} or {self.choices[-1]} "
                        f"(comma-separated), not {', '.join(unknown) or value!r}.")
        return None


def split_list(raw: str) -> list[str]:
    """A comma- or newline-separated setting, without blanks or repeats, in the order given."""
    return list(dict.fromkeys(part.strip() for part in re.split(r"[,\n]", raw) if part.strip()))
