"""What an image hit's method says when the hit was found on a part or view of the candidate, not the whole of it.

The evidence keeps the engine's words; the window (ui/explain.py) finds them to say them plainly, so both take
them from here, which imports nothing heavy.
"""

IN_HUE = "on the picture's hues (its brightness is all but even)"  # a hit on a view of the candidate in hue
IN_PAGE = "used on the picture found inside the candidate"  # a hit on the picture found on a page
BESIDE = "on the part of the candidate beside another work found in it"  # a hit on a collage's other side
OWN_PART = "on its own part of the candidate, looked at again once another work was found beside it"  # a collage's
# first picture found, its size then measured on its own pixels rather than on the few details it showed in the whole
