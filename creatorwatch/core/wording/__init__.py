"""Wording shared by the window and the CLI: counts, sizes and time phrases, said the same way everywhere."""
