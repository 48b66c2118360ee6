"""Numbers in the words and units a creator reads."""


def human_size(size: float) -> str:
    """1234567 → "1.2 MB" (decimal units, as file managers show them)."""
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1000
    raise AssertionError("unreachable")
