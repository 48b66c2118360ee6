"""The takedown steps that end one, for `takedown list` and the Overview alike: the Overview kept its own list
("resolved", "closed", "withdrawn": steps no takedown ever takes), so a takedown removed or refused stayed counted."""

from __future__ import annotations

CLOSED = ("removed", "refused")
