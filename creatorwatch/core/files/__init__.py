"""Reading the creator's files safely: walking folders, opening only regular files, and text out of plain, PDF and
Word files. Below the library, the fingerprints and the sources."""
