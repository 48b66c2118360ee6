"""From a candidate to matches: the library's fingerprints held in memory as one index per kind, and a candidate
file scored and explained against it."""
