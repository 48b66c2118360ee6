"""Asking AI models directly whether they reproduce the creator's works: text probes (continuation, name cloze,
recall by title) and image probes, each exchange kept verbatim as evidence, within a budget the creator sees."""
