"""How a found copy of a picture was changed, in words: said alike by the window and the evidence report."""

from __future__ import annotations

from typing import Any


def picture_changes(transform: dict[str, Any]) -> list[str]:
    """["turned 5°", "mirrored"], or [] for a copy neither turned nor mirrored. Not the engine's scale, which is
    between the two pictures compared at one size (evidence.picture_size gives the pixels)."""
    turned = round(float(transform.get("rotation_degrees") or 0))  # under a degree is the fit's noise (a pure crop)
    changes = [f"turned {turned}°"] if turned % 360 else []
    return changes + (["mirrored"] if transform.get("flipped") else [])
