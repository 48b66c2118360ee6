"""What was found and what the creator decided or configured: findings, the allowlist, terms, the sources and their
reports, the notice details and the overview."""
