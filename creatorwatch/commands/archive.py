"""The archive command: an independent, dated copy of each find's page at the Wayback Machine."""

from __future__ import annotations

import argparse
import json
import sys

from creatorwatch.commands.registry import WRONG_USAGE, CommandAdder
from creatorwatch.core.evidence.archive import KEYS_NAME, SAVE_BASE_URL, record_archived_copy, save_page_now
from creatorwatch.core.net.client import HttpClient
from creatorwatch.core.records.findings import Findings
from creatorwatch.core.store.db import open_database, transaction
from creatorwatch.core.store.secrets import get_secret
from creatorwatch.paths import Paths


def register(command: CommandAdder) -> None:
    p = command("archive", run_archive, "ask the Wayback Machine to save an independent copy of each find's page "
                f"(needs your archive.org keys: creatorwatch secret set {KEYS_NAME})")
    p.add_argument("ids", nargs="+", type=int, metavar="MATCH_ID")
    p.add_argument("--base-url", default=SAVE_BASE_URL, help="a mirror or test server instead of web.archive.org")
    p.add_argument("--json", action="store_true")


def run_archive(args: argparse.Namespace, paths: Paths) -> int:
    db = open_database(paths.database)
    findings = Findings(db)
    named = {match_id: findings.get(match_id) for match_id in dict.fromkeys(args.ids)}
    unknown = [match_id for match_id, finding in named.items() if finding is None]
    for match_id in unknown:  # said first: a wrong id is wrong usage, with keys or without
        print(f"creatorwatch: there is no find {match_id}.", file=sys.stderr)
    if len(unknown) == len(named):
        return WRONG_USAGE  # nothing to archive: no keys needed, and none looked for
    keys = get_secret(KEYS_NAME)
    if not keys:
        print("creatorwatch: the Wayback Machine saves pages only for people with an archive.org account. Store your "
              f"keys (ACCESS_KEY:SECRET_KEY from https://archive.org/account/s3.php) with: creatorwatch secret set "
              f"{KEYS_NAME}", file=sys.stderr)
        return WRONG_USAGE if unknown else 1
    problems = 0
    with HttpClient(source="Wayback Machine", retries=1) as http:
        for match_id, finding in named.items():
            if finding is None:
                continue
            copy = save_page_now(http, finding.candidate_url, keys, base_url=args.base_url)
            with transaction(db):
                record_archived_copy(db, match_id, copy)
            problems += copy.status != "success"
            if args.json:
                print(json.dumps({"id": match_id, **copy.as_json()}))
            elif copy.status == "success":
                print(f"{match_id}: archived as {copy.archived_url}")
            else:
                print(f"{match_id}: not archived ({copy.status}{': ' + copy.said if copy.said else ''})")
    return WRONG_USAGE if unknown else 1 if problems else 0
