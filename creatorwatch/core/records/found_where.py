"""Where a find was made, as the window's explanations and alerts say it: "on example.org", or "in the folder
“Downloads”" for a file of a watched folder, whose file:// address names no site (and a folder is not one)."""

from __future__ import annotations

from creatorwatch.core.files.file_url import path_of_file_url
from creatorwatch.core.records.allowlist import site_of


def in_a_folder(candidate_url: str) -> bool:
    """Whether the find is a file of a watched folder (its address a file:// one)."""
    return path_of_file_url(candidate_url) is not None


def found_where(candidate_url: str, source: str) -> str:
    """"on example.org", or "in the folder “Downloads”" (`source` names the folder, and a site with none)."""
    if in_a_folder(candidate_url):
        return f"in the folder “{source}”"
    return f"on {site_of(candidate_url) or source}"
