"""Evidence: what was captured when a match was found, exported as a self-checking evidence bundle, and the
takedown that follows it. An "evidence bundle" documents what was seen; it makes no claim to be admissible."""
