"""Common Crawl index: whether the creator's own sites were swept into the newest crawls, the raw material of
many training sets. The service blocks eager clients, so it is asked little and left alone at the first 503.

`domains` takes whole sites (adalumen.example) and profiles on shared hosts (artstation.com/adalumen): a
profile is asked about by path prefix, so the rest of the host's pages are not counted as the creator's."""

from __future__ import annotations

from collections import Counter
from typing import Any
from urllib.parse import urlencode

from creatorwatch.core.errors import RateLimited, ServerError, SourceError
from creatorwatch.core.net.client import HttpClient
from creatorwatch.core.net.fetched import Fetched, parse_json
from creatorwatch.core.sources.base import Candidate, Cursor, PollResult
from creatorwatch.core.sources.public_api import ApiSource, cdx_time

BACK_OFF = 3600.0  # after a 503 without Retry-After: an hour, so a blocked client is not blocked for longer
KEEP_CHECKED = 24  # crawl ids remembered per domain
SAMPLE_URLS = 50
TRAINING_SETS = (  # widely used training data built from Common Crawl snapshots
    "C4, RefinedWeb, FineWeb, RedPajama, Dolma and The Pile's Pile-CC (text), and LAION (image links)"
)


class CommonCrawlSource(ApiSource):
    TYPE = "commoncrawl"
    DISPLAY_NAME = "Common Crawl"
    DEFAULT_BASE_URL = "https://index.commoncrawl.org"
    REQUIRED_SETTINGS = ("domains",)
    OTHER_SETTINGS = ("crawls", "limit")
    INTERVAL_MINUTES = 1440  # a new crawl comes out about once a month

    def poll(self, cursor: Cursor) -> PollResult:
        domains = [d.strip().strip("/") for d in self.required_list("domains", "example.com,artstation.com/you")]
        http = self.http.configured(retries=0)  # one 503 is the signal to stop, not to try again
        crawls = self._newest_crawls(http)
        checked: dict[str, list[str]] = {d: list((cursor.get("checked") or {}).get(d, [])) for d in domains}
        candidates = []
        for domain in domains:
            for crawl in crawls:
                if crawl["id"] in checked[domain]:
                    continue
                captures = self._captures(http, crawl["id"], domain)
                if captures:
                    candidates.append(self._candidate(crawl, domain, captures))
                checked[domain] = sorted({*checked[domain], crawl["id"]}, reverse=True)[:KEEP_CHECKED]
        return PollResult(candidates, {"checked": checked})

    def _newest_crawls(self, http: HttpClient) -> list[dict[str, Any]]:
        crawls = self._json(self._get(http, f"{self.base_url}/collinfo.json"))
        if not isinstance(crawls, list) or not all(isinstance(c, dict) and c.get("id") for c in crawls):
            raise SourceError(f"{self.label}: the list of crawls came back in an unexpected shape.")
        newest = sorted(crawls, key=lambda c: str(c["id"]), reverse=True)
        return newest[: self.setting_int("crawls", 2, highest=12)]

    def _captures(self, http: HttpClient, crawl_id: str, domain: str) -> list[dict[str, Any]]:
        """One JSON object per captured URL; Common Crawl's 404 "No Captures found" means none."""
        params = {
            "url": domain, "matchType": _match_type(domain), "output": "json", "filter": "=status:200",
            "limit": self.setting_int("limit", 1000, highest=100_000),
        }
        fetched = self._get(http, f"{self.base_url}/{crawl_id}-index", params, accept_status=(404,))
        if fetched.status == 404:
            said = self._json(fetched)
            if isinstance(said, dict) and str(said.get("message", "")).startswith("No Captures found"):
                return []
            raise SourceError(f"{self.label}: the crawl {crawl_id} was not found in the index.")
        lines = [line for line in fetched.content.splitlines() if line.strip()]
        return [self._json(fetched, line) for line in lines]

    def _get(self, http: HttpClient, url: str, params: dict[str, Any] | None = None, **kwargs: Any) -> Fetched:
        try:
            return http.get(url, params=params, **kwargs)
        except ServerError as exc:
            wait = exc.retry_after if exc.retry_after is not None else BACK_OFF
            raise RateLimited(f"{self.label}: Common Crawl is overloaded or is turning clients away (HTTP "
                              f"{exc.status}), so CreatorWatch stopped this check.", wait) from exc

    def _json(self, fetched: Fetched, content: bytes | None = None) -> Any:
        raw = fetched.content if content is None else content
        return parse_json(raw, fetched.content_type, self.label, fetched.status)

    def _candidate(self, crawl: dict[str, Any], domain: str, captures: list[dict[str, Any]]) -> Candidate:
        urls = list(dict.fromkeys(str(c.get("url")) for c in captures if c.get("url")))
        stamps = sorted(str(c.get("timestamp", "")) for c in captures if c.get("timestamp"))
        limit = self.setting_int("limit", 1000, highest=100_000)
        query = urlencode({"url": domain, "matchType": _match_type(domain), "output": "json"})
        crawl_name = crawl.get("name") or crawl["id"]
        return Candidate(
            url=f"{self.base_url}/{crawl['id']}-index?{query}",
            source=self.config.name,
            title=f"{domain} in {crawl_name}",
            text=(f"{len(urls)} of your pages at {domain} are in Common Crawl's {crawl_name} ({crawl['id']}). "
                  f"Training data built from Common Crawl snapshots includes {TRAINING_SETS}."),
            published=cdx_time(stamps[0]) if stamps else None,
            meta={
                "kind": "crawl",
                "domain": domain,
                "match": _match_type(domain),
                "crawl": crawl["id"],
                "crawl_name": crawl.get("name"),
                "captures": len(captures),
                "complete": len(captures) < limit,  # False: at least this many; the limit was reached
                "mime_types": dict(Counter(str(c.get("mime", "unknown")) for c in captures)),
                "urls": urls[:SAMPLE_URLS],
                "first_capture": cdx_time(stamps[0]) if stamps else None,
                "last_capture": cdx_time(stamps[-1]) if stamps else None,
                "warc_files": sorted({str(c["filename"]) for c in captures if c.get("filename")})[:SAMPLE_URLS],
            },
        )



def _match_type(entry: str) -> str:
    """A whole site is asked about as a domain (with its subdomains); a profile on a shared host by path."""
    return "prefix" if "/" in entry else "domain"
