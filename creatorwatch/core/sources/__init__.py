"""Connectors to the public places where a creator's work and likeness turn up in AI, one module each."""
