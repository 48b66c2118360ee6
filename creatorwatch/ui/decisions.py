"""The review decisions and their keys, one list for Review's toolbar and the Compare dialog: a creator who learnt
C, D and L in the list finds them on the dialog's buttons too."""

from __future__ import annotations

# status, the words on its button, its key, its icon
DECISIONS = (("confirmed", "Confirm", "C", "confirm"), ("dismissed", "Dismiss", "D", "dismiss"),
             ("licensed", "Licensed", "L", "licensed"), ("new", "Back to new", "N", "review"))
