"""The Takedowns window's Re-check now: each open takedown's address fetched again on a pool thread, as
`creatorwatch takedown recheck` does (Takedowns.recheck, one takedown at a time so the window can say how far it got),
stopped at once when the window closes."""

from __future__ import annotations

import threading
from collections import Counter
from pathlib import Path

from creatorwatch.core.evidence.takedown import Recheck, Takedowns
from creatorwatch.core.files.file_url import path_of_file_url
from creatorwatch.core.net.client import HttpClient
from creatorwatch.core.store.db import open_database
from creatorwatch.core.wording.words import counted
from creatorwatch.ui.tasks import Progress

LABEL = "takedown re-check"  # how the shared client names what it fetched for, as `recheck` does
RESULT_WORDS = {"gone": "gone (recorded as removed)", "unchanged": "unchanged",
                "changed, still matches": "changed but still a copy", "no longer matches": "no longer a copy",
                "could not check": "could not be checked"}


def recheck_open(database: Path, stop: threading.Event, progress: Progress) -> list[Recheck]:
    """Off the main thread: re-check every open takedown, reporting each address as it is fetched."""
    db = open_database(database)
    try:
        takedowns = Takedowns(db)
        chosen = takedowns.all(open_only=True)
        results: list[Recheck] = []
        with HttpClient(source=LABEL, stop=stop) as http:
            for done, takedown in enumerate(chosen):
                if stop.is_set():
                    break
                address = takedown.media_url or takedown.candidate_url
                local = path_of_file_url(address)
                progress(done, len(chosen), f"Looking for {local}\u2026" if local else f"Fetching {address}\u2026")
                results += takedowns.recheck(http, [takedown.match_id])
        progress(len(chosen), len(chosen), "")
        return results
    finally:
        db.conn.close()


def recheck_sentence(results: list[Recheck]) -> str:
    """"Re-checked 3 addresses: 1 gone (recorded as removed), 2 unchanged." — what `recheck` prints, told at once."""
    if not results:
        return "No open takedown to re-check."
    tally = Counter(r.result for r in results)
    parts = [f"{n} {RESULT_WORDS.get(result, result)}" for result, n in tally.items()]
    said = f"Re-checked {counted(len(results), 'address', 'addresses')}: {', '.join(parts)}."
    return " ".join([said, *_why_unchecked(results), *_in_folders(results)])


def _in_folders(results: list[Recheck]) -> list[str]:
    """What became of copies found in a watched folder, which have no address to fetch: "#4: the copy is no longer
    in the folder." (the count alone said "gone" of a file)."""
    return [f"#{r.match_id}: {r.detail}." for r in results
            if r.result != "could not check" and r.detail and path_of_file_url(r.url) is not None]


def _why_unchecked(results: list[Recheck]) -> list[str]:
    """Why addresses could not be checked, each reason once with the finds it kept ("no such host" for three
    takedowns was said three times over)."""
    finds: dict[str, list[str]] = {}
    for r in results:
        if r.result == "could not check" and r.detail:
            reason = r.detail.removeprefix(f"{LABEL}: ").rstrip(".")
            finds.setdefault(reason, []).append(f"#{r.match_id}")
    return [f"{', '.join(ids)}: {reason}." for reason, ids in finds.items()]
