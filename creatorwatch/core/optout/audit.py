"""Audit a creator's website: which AI crawlers may fetch it, and what the other opt-out signals say.

Everything is read over the one shared HTTP client; nothing is sent anywhere but the site itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

from creatorwatch.core.net.client import HttpClient
from creatorwatch.core.net.guard import is_web_address
from creatorwatch.core.optout.aitxt import AiTxt, read_ai_txt
from creatorwatch.core.optout.crawlers import Crawler, known_crawlers
from creatorwatch.core.optout.page import PageSignals, read_page
from creatorwatch.core.optout.robots import DISALLOW_ALL, RobotsFile, read_robots
from creatorwatch.core.optout.tdmrep import TdmRepFile, read_tdmrep


class NotAWebsite(ValueError):
    """The address to audit is not an http(s) address; the message says so in plain words."""


@dataclass
class CrawlerVerdict:
    crawler: Crawler
    may_fetch: dict[str, bool]  # path → allowed by robots.txt
    named: bool  # robots.txt has a group for this crawler itself

    @property
    def open(self) -> bool:
        return any(self.may_fetch.values())

    def as_json(self) -> dict[str, object]:
        c = self.crawler
        return {"token": c.token, "operator": c.operator, "uses": list(c.uses), "honours_robots": c.honours_robots,
                "token_only": c.token_only, "may_fetch": dict(self.may_fetch), "named_in_robots": self.named,
                "blocking_stops": c.blocking_stops, "blocking_does_not_stop": c.blocking_does_not_stop,
                "documentation": c.documentation}


@dataclass
class SiteAudit:
    url: str
    site: str  # scheme://host[:port]/
    paths: list[str]
    robots: RobotsFile
    crawlers: list[CrawlerVerdict]
    tdmrep: TdmRepFile
    page: PageSignals
    ai_txt: AiTxt
    checked_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))

    @property
    def reserved(self) -> bool:
        """TDMRep: rights reserved for the audited page, by header, meta tag or well-known file (in that order)."""
        for value in (self.page.header_reservation, self.page.meta_reservation):
            if value is not None and value.strip() in ("0", "1"):
                return value.strip() == "1"
        rule = self.tdmrep.rule_for(urlsplit(self.url).path or "/")
        return bool(rule and rule.reservation == 1)

    @property
    def unreachable(self) -> str:
        """Why the site could not be reached at all (neither robots.txt nor the page answered), else "": a wrong
        address then read as a site every crawler keeps out of."""
        if self.robots.status is None and self.robots.mode == DISALLOW_ALL and self.page.status is None:
            return self.page.problem or "it did not answer"
        return ""

    def open_to_training(self) -> list[CrawlerVerdict]:
        return [v for v in self.crawlers if v.crawler.trains and v.open]

    def gaps(self) -> list[str]:
        """What is missing, in plain words; empty when every signal says "do not train"."""
        if self.unreachable:
            return [unreached(self.unreachable, "here").rstrip(".")]
        gaps = []
        if self.robots.mode == "disallow_all":
            gaps.append("robots.txt cannot be read right now, so crawlers stay away only until it comes back")
        open_ones = self.open_to_training()
        if open_ones:
            gaps.append("robots.txt lets these AI training crawlers in: "
                        + ", ".join(v.crawler.token for v in open_ones))
        if not self.reserved:
            gaps.append("no TDMRep reservation (tdm-reservation: 1) — the EU's machine-readable opt-out")
        if not self.page.noai:  # noai covers the pictures too; noimageai alone leaves the text open
            gaps.append('the page has no <meta name="robots" content="noai, noimageai"> tag')
        if not self.ai_txt.blocks_all:
            gaps.append("no ai.txt forbidding AI training on the site's files")
        return gaps

    @property
    def protected(self) -> bool:
        return not self.gaps()

    def as_json(self) -> dict[str, object]:
        return {"url": self.url, "site": self.site, "checked_at": self.checked_at, "paths": list(self.paths),
                "protected": self.protected, "gaps": self.gaps(),
                "unreachable": self.unreachable or None, "robots": self.robots.as_json(),
                "crawlers": [v.as_json() for v in self.crawlers],
                "tdmrep": {"reserved": self.reserved, "well_known": self.tdmrep.as_json()},
                "page": self.page.as_json(), "ai_txt": self.ai_txt.as_json()}


def unreached(reason: str, where: str = "below") -> str:
    """What an audit of a site that could not be reached tells: why, and that nothing `where` (in the table
    below, here in the gaps) says how crawlers treat it."""
    return f"{reason.rstrip('.')}. Until the site answers, nothing {where} says how crawlers treat it."


def site_root(url: str) -> str:
    if not is_web_address(url):
        raise NotAWebsite(f"{url!r} is not a web address; give one that starts with https:// or http://")
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/"


def audit_site(http: HttpClient, url: str, paths: list[str] | None = None) -> SiteAudit:
    """Audit the site of `url`: robots.txt for the site root, the page `url` and each of `paths` ("/gallery/")."""
    site = site_root(url)
    checked = ["/"]
    for path in [urlsplit(url).path or "/", *(paths or [])]:
        path = path if path.startswith("/") else "/" + path
        if path not in checked:
            checked.append(path)
    robots = read_robots(http, site)
    verdicts = [
        CrawlerVerdict(c, {p: robots.may_fetch(c.token, urljoin(site, p)) for p in checked}, robots.names(c.token))
        for c in known_crawlers()
    ]
    return SiteAudit(url, site, checked, robots, verdicts, read_tdmrep(http, site), read_page(http, url),
                     read_ai_txt(http, site))
