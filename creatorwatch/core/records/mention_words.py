"""What a mention found, as `matches` and Review say it: the watch terms the page names, or, for a Common Crawl
find, the creator's site in the crawl (the watch term only matched the site's address there)."""

from __future__ import annotations

from creatorwatch.core.records.findings import Finding
from creatorwatch.core.wording.words import listed


def mention_terms(finding: Finding) -> list[str]:
    """Every watch term the mention names, the most specific first (one mention per thing found holds them all)."""
    terms = finding.evidence.get("terms")
    if isinstance(terms, list) and terms and all(isinstance(t, str) for t in terms):
        return list(terms)
    return [finding.term] if finding.term else []


def site_in_crawl(finding: Finding) -> tuple[str, str] | None:
    """The site a Common Crawl find found and the crawl it is in, in words ("kennethwimer.example", "Common
    Crawl's November 2026 Index (CC-MAIN-2026-47)"), or None for any other find."""
    meta = finding.meta
    if meta.get("kind") != "crawl" or not meta.get("domain"):
        return None
    crawl_id, name = str(meta.get("crawl") or ""), str(meta.get("crawl_name") or "")
    crawl = f"{name} ({crawl_id})" if name and crawl_id and name != crawl_id else name or crawl_id or "a crawl"
    return str(meta["domain"]), f"Common Crawl's {crawl}"


def mention_said(finding: Finding) -> str:
    """ "names 'Kenneth Wimer'" (and each other term it names), or "kennethwimer.example is in Common Crawl's …"."""
    crawl = site_in_crawl(finding)
    if crawl is not None:
        return f"{crawl[0]} is in {crawl[1]}"
    return f"names {listed([repr(term) for term in mention_terms(finding)])}"
