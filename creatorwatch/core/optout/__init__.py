"""Saying "do not train" in every machine-readable way: audit a creator's site, and protect copies of their works."""
