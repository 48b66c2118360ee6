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

    @property
    def page_read(self) -> bool:
        """Whether the page itself was read (a 500 or a 429 shows none of its meta tags)."""
        return not self.page.problem

    @property
    def noai_missing(self) -> bool:
        """The page was read and carries no noai (which covers the pictures too; noimageai alone leaves the text
        open), nor do its headers: a gap, not a guess."""
        return not self.page.noai and self.page_read

    @property
    def reservation_missing(self) -> bool:
        """No TDMRep reservation where every place one could be was read (the page for its header and meta tag,
        the well-known file): a gap, not a guess."""
        return not self.reserved and self.page_read and self.tdmrep.state != "unreachable"

    @property
    def ai_txt_missing(self) -> bool:
        """ai.txt was read (or is not published) and does not forbid AI training on every file."""
        return not self.ai_txt.blocks_all and self.ai_txt.state != "unreachable"

    def gaps(self) -> list[str]:
        """What is missing, in plain words; empty when every signal that could be read says "do not train" (what
        could not be read is in not_checked(), never a gap)."""
        if self.unreachable:
            return [unreached(self.unreachable, "here").rstrip(".")]
        gaps = []
        if self.robots.mode == "disallow_all":
            gaps.append("robots.txt cannot be read right now, so crawlers stay away only until it comes back")
        open_ones = self.open_to_training()
        if open_ones:
            gaps.append("robots.txt lets these AI training crawlers in: "
                        + ", ".join(v.crawler.token for v in open_ones))
        if self.reservation_missing:
            gaps.append("no TDMRep reservation (tdm-reservation: 1) — the EU's machine-readable opt-out")
        if self.noai_missing:
            gaps.append('the page has no <meta name="robots" content="noai, noimageai"> tag')
        if self.ai_txt_missing:
            gaps.append("no ai.txt forbidding AI training on the site's files")
        return gaps

    def not_checked(self) -> list[str]:
        """What the audit could not see, each with why, in plain words: not a gap (nothing says it is missing),
        and no file is written to close it. Empty when everything was read (or the whole site was unreachable,
        which gaps() says)."""
        if self.unreachable:
            return []
        unread = []
        why = self.page.problem.rstrip(".")
        if not self.page_read and not self.page.noai:
            unread.append(f"the page's meta tags (noai, noimageai, tdm-reservation) were not checked: {why}")
        if not self.reserved and self.tdmrep.state == "unreachable":
            unread.append(f"the TDMRep file {self.tdmrep.url} was not checked: it {self.tdmrep.note.rstrip('.')}")
        if self.ai_txt.state == "unreachable":
            unread.append(f"ai.txt was not checked: it {self.ai_txt.note.rstrip('.')}")
        return unread

    @property
    def protected(self) -> bool:
        """Every signal says "do not train", each one seen: what could not be checked is not counted as there."""
        return not self.gaps() and not self.not_checked()

    def as_json(self) -> dict[str, object]:
        return {"url": self.url, "site": self.site, "checked_at": self.checked_at, "paths": list(self.paths),
                "protected": self.protected, "gaps": self.gaps(), "not_checked": self.not_checked(),
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
