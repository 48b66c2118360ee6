"""The files that close an audit's gaps, for the creator to upload: robots.txt, tdmrep.json, ai.txt, and a README
saying where each goes (with the meta tags and headers a page can carry too). Nothing is uploaded by CreatorWatch."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from protego import Protego

from creatorwatch.core.optout.audit import SiteAudit
from creatorwatch.core.optout.files import write_atomic
from creatorwatch.core.optout.robots import DISALLOW_ALL, RULES

AI_TXT = """# ai.txt — no AI or machine-learning training use of any file on this site.
# Written by CreatorWatch; see https://site.spawning.ai/spawning-ai-txt
User-Agent: *
Disallow: /
Disallow: *.jpg
Disallow: *.jpeg
Disallow: *.png
Disallow: *.gif
Disallow: *.webp
Disallow: *.mp3
Disallow: *.wav
Disallow: *.flac
Disallow: *.ogg
Disallow: *.mp4
Disallow: *.txt
Disallow: *.pdf
Disallow: *.html
"""
HEAD_TAGS = ('<meta name="robots" content="noai, noimageai">\n<meta name="tdm-reservation" content="1">\n')


@dataclass
class FixFiles:
    files: dict[str, bytes] = field(default_factory=dict)  # file name → contents
    blocked: list[str] = field(default_factory=list)  # crawler tokens the new robots.txt blocks
    still_open: list[str] = field(default_factory=list)  # blocked in the new group, yet allowed by older lines
    written: list[Path] = field(default_factory=list)


def fix_files(audit: SiteAudit, *, policy_url: str | None = None, all_ai: bool = False) -> FixFiles:
    """The files for `audit`'s site. `all_ai` blocks AI search and user-asked fetchers too, not only training.
    Only gaps the audit saw are closed: nothing is written for what it could not check (a page that answered 500)."""
    fixes = FixFiles()
    unreadable = audit.robots.mode == DISALLOW_ALL  # crawlers keep out only until the file answers again
    targets = [v for v in audit.crawlers if (v.open or unreadable) and (all_ai or v.crawler.trains)]
    if targets:
        robots = _robots_with_block(audit, [v.crawler.token for v in targets])
        fixes.files["robots.txt"] = robots.encode()
        fixes.blocked = [v.crawler.token for v in targets]
        parser = Protego.parse(robots)
        fixes.still_open = [t for t in fixes.blocked if any(parser.can_fetch(audit.site.rstrip("/") + p, t)
                                                            for p in audit.paths)]
    if audit.reservation_missing:  # only what was seen missing: a file that could not be read is not replaced
        rule: dict[str, object] = {"location": "/*", "tdm-reservation": 1}
        if policy_url:
            rule["tdm-policy"] = policy_url
        fixes.files["tdmrep.json"] = (json.dumps([rule], indent=2) + "\n").encode()
    if audit.ai_txt_missing:
        fixes.files["ai.txt"] = AI_TXT.encode()
    if fixes.files or audit.noai_missing:  # noai alone covers the pictures too
        fixes.files["README.txt"] = _readme(fixes, audit.site, policy_url).encode()
    return fixes


def write_fix_files(fixes: FixFiles, folder: Path) -> list[Path]:
    """Write every file into `folder`, each atomically (temporary name, then renamed into place)."""
    fixes.written = [write_atomic(folder / name, data) for name, data in fixes.files.items()]
    return fixes.written


def _robots_with_block(audit: SiteAudit, tokens: list[str]) -> str:
    """The site's own robots.txt (when it was read as rules), with one group blocking `tokens` added at the end."""
    robots = audit.robots
    kept = robots.text if robots.mode == RULES and not any("web page" in n for n in robots.notes) else ""
    if kept and not kept.endswith("\n"):
        kept += "\n"
    today = datetime.now(UTC).date().isoformat()
    block = [f"# Added by CreatorWatch on {today}: no AI training on this site.",
             *(f"User-agent: {t}" for t in tokens), "Disallow: /", ""]
    return kept + ("\n" if kept else "") + "\n".join(block)


def _readme(fixes: FixFiles, site: str, policy_url: str | None) -> str:
    """Where each file goes, at `site` (scheme://host/, the audited site's root)."""
    lines = ["Files to upload to the root of your website (CreatorWatch wrote them; it uploads nothing):", ""]
    if "robots.txt" in fixes.files:
        lines += [f"robots.txt  ->  {site}robots.txt (replaces the one there; your own lines are kept",
                  f"               at the top). It blocks: {', '.join(fixes.blocked)}."]
        if fixes.still_open:
            lines += [f"               Still allowed by your older lines: {', '.join(fixes.still_open)}: remove",
                      "               the Allow lines that name them, or these crawlers stay allowed."]
    if "tdmrep.json" in fixes.files:
        lines += [f"tdmrep.json ->  {site}.well-known/tdmrep.json (W3C TDMRep: text-and-data-mining",
                  "               rights reserved for every page, the EU's machine-readable opt-out)."]
    if "ai.txt" in fixes.files:
        lines += [f"ai.txt      ->  {site}ai.txt (Spawning's ai.txt: no AI training on any file)."]
    lines += ["", "In the <head> of every page, add:", "", HEAD_TAGS.rstrip("\n"), "",
              "If your host lets you set HTTP headers, send with every page and file:", "",
              "tdm-reservation: 1", "X-Robots-Tag: noai, noimageai"]
    if policy_url:
        lines.append(f"tdm-policy: {policy_url}")
    return "\n".join(lines) + "\n"
