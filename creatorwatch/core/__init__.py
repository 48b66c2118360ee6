"""Everything CreatorWatch does, without any user interface (no Qt may be imported here)."""
