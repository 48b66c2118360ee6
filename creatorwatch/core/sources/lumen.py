"""Lumen Database: takedown notices that name the creator or their works — who complained, to whom, and
which addresses were said to infringe. Lumen answers searches only with an API token."""

from __future__ import annotations

from typing import Any

from creatorwatch.core.sources.base import Candidate, Cursor, PollResult, RateLimited, SourceError
from creatorwatch.core.sources.public_api import ApiSource, join_text, seen_for

LUMEN_WAIT = 300.0  # Lumen's 429 asks, in plain text, for five minutes


class LumenSource(ApiSource):
    TYPE = "lumen"
    DISPLAY_NAME = "Lumen Database"
    DEFAULT_BASE_URL = "https://lumendatabase.org"
    TOKEN = "lumen"
    TOKEN_REQUIRED = True
    INTERVAL_MINUTES = 360
    TOKEN_HELP = "Lumen gives researchers and journalists a free token: ask for one at https://lumendatabase.org."

    def poll(self, cursor: Cursor) -> PollResult:
        token = self.required_token()
        terms = self.search_terms()
        newest: dict[str, Any] = seen_for(cursor, terms)
        found: dict[str, Candidate] = {}
        for term in terms:
            notices = self._new_notices(term, newest.get(term, ""), token)
            if notices:
                newest[term] = max(str(n.get("date_received") or "") for n in notices)
            for notice in notices:
                candidate = self._candidate(notice, term)
                found.setdefault(candidate.url, candidate)
        return PollResult(list(found.values()), {"newest": newest})

    def _new_notices(self, term: str, since: str, token: str) -> list[dict[str, Any]]:
        """Notices received after `since`, newest first, page by page until the last run's appear."""
        notices: list[dict[str, Any]] = []
        page: int | None = 1
        for _ in range(self.setting_int("max_pages", 3, highest=50)):
            answer = self._search(term, page or 1, token)
            if answer is None:  # Lumen answers 404 past its 20,000th result: nothing further
                break
            batch = [n for n in answer.get("notices") or [] if isinstance(n, dict) and n.get("id")]
            fresh = [n for n in batch if str(n.get("date_received") or "") > since]
            notices += fresh
            page = (answer.get("meta") or {}).get("next_page")
            if len(fresh) < len(batch) or not page:
                break
        return notices

    def _search(self, term: str, page: int, token: str) -> dict[str, Any] | None:
        params = {
            "term": term, "sort_by": "date_received desc", "page": page,
            "per_page": self.setting_int("per_page", 50, highest=1000),
        }
        headers = {"X-Authentication-Token": token, "Accept": "application/json"}
        try:
            with self.token_checked():
                fetched = self.http.get(
                    f"{self.base_url}/notices/search.json", params=params, headers=headers, accept_status=(404,)
                )
        except RateLimited as exc:
            if exc.retry_after is not None:
                raise
            raise RateLimited(
                f"{self.label}: Lumen asked CreatorWatch to wait (too many searches); it will try again in "
                "five minutes.",
                LUMEN_WAIT,
            ) from exc
        if fetched.status == 404:
            return None
        answer = fetched.json()
        if not isinstance(answer, dict):
            raise SourceError(f"{self.label}: Lumen's answer came back in an unexpected shape.")
        return answer

    def _candidate(self, notice: dict[str, Any], term: str) -> Candidate:
        works = [w for w in notice.get("works") or [] if isinstance(w, dict)]
        return Candidate(
            url=f"{self.base_url}/notices/{notice['id']}",
            source=self.config.name,
            title=str(notice.get("title") or f"Notice {notice['id']}"),
            text=join_text(
                notice.get("title"), notice.get("body"), notice.get("sender_name"), notice.get("principal_name"),
                *(w.get("description") for w in works),
            ),
            published=notice.get("date_received"),
            meta={
                "kind": "notice",
                "notice_type": notice.get("type"),
                "sender_name": notice.get("sender_name"),
                "principal_name": notice.get("principal_name"),
                "recipient_name": notice.get("recipient_name"),
                "date_sent": notice.get("date_sent"),
                "topics": notice.get("topics", []),
                "action_taken": notice.get("action_taken"),
                "works": [
                    {
                        "description": w.get("description"),
                        "infringing_urls": _addresses(w.get("infringing_urls")),
                        "copyrighted_urls": _addresses(w.get("copyrighted_urls")),
                    }
                    for w in works
                ],
                "query": term,
            },
        )


def _addresses(entries: Any) -> list[str]:
    """Full URLs (researcher tokens) or bare host names (other tokens), as Lumen gives them."""
    return [
        str(e.get("url") or e.get("fqdn") or e.get("domain"))
        for e in entries or []
        if isinstance(e, dict) and (e.get("url") or e.get("fqdn") or e.get("domain"))
    ]
