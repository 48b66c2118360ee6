"""Lumen Database: takedown notices that name the creator or their works — who complained, to whom, and
which addresses were said to infringe. Lumen answers searches only with an API token.

Notices reach Lumen long after they were received (and some have no date received at all), so searches are
sorted by when Lumen recorded them and the cursor keeps the highest notice id seen: Lumen numbers notices as
it records them. Each notice type names its fields its own way (Lumen's serializers swap keys by type); the
readers below accept every spelling.
"""

from __future__ import annotations

from typing import Any

from creatorwatch.core.errors import RateLimited, SourceError
from creatorwatch.core.sources.base import Candidate, Cursor, PollResult
from creatorwatch.core.sources.public_api import ApiSource, join_text

LUMEN_WAIT = 300.0  # Lumen's 429 asks, in plain text, for five minutes
FIELDS = ("term", "works", "principal_name", "sender_name")  # what a watch term is searched as, by default
SEARCHABLE = (*FIELDS, "title", "recipient_name")

# How each notice type spells the same thing (DMCA, Trademark, Other, Defamation, Court Order, …)
BODY_KEYS = ("body", "explanation", "legal_complaint", "complaint")
WORKS_KEYS = ("works", "marks")
DESCRIPTION_KEYS = ("description", "complaint", "subject_of_court_order", "subject_of_enforcement_request")
INFRINGING_KEYS = (
    "infringing_urls", "problematic_urls", "defamatory_urls", "targetted_urls", "urls_with_private_information",
    "urls_mentioned_in_request", "urls_in_request",
)
ORIGINAL_KEYS = ("copyrighted_urls", "original_work_urls")
NO_URL = "no url submitted"  # Lumen's stand-in for an empty list of addresses


class LumenSource(ApiSource):
    TYPE = "lumen"
    DISPLAY_NAME = "Lumen Database"
    DEFAULT_BASE_URL = "https://lumendatabase.org"
    TOKEN = "lumen"
    OTHER_SETTINGS = ("fields", "max_pages", "per_page")
    TOKEN_REQUIRED = True
    INTERVAL_MINUTES = 360
    TOKEN_HELP = "Lumen gives researchers and journalists a free token: ask for one at https://lumendatabase.org."

    def poll(self, cursor: Cursor) -> PollResult:
        token = self.required_token()
        fields = self.setting_list("fields") or list(FIELDS)
        unknown = [f for f in fields if f not in SEARCHABLE]
        if unknown:
            raise SourceError(
                f"{self.label}: Lumen cannot search the field {unknown[0]!r}. Choose from: "
                f"{', '.join(SEARCHABLE)}."
            )
        queries = [f"{field}:{term}" for term in self.search_terms() for field in fields]
        before: dict[str, Any] = cursor.get("last_id") or {}
        last_id = {q: _int(before.get(q)) for q in queries if q in before}
        found: dict[str, Candidate] = {}
        for query in queries:
            field, term = query.split(":", 1)
            notices = self._new_notices(field, term, last_id.get(query, 0), token)
            if notices:
                last_id[query] = max(last_id.get(query, 0), *(_int(n.get("id")) for n in notices))
            for notice in notices:
                candidate = self._candidate(notice, term)
                found.setdefault(candidate.url, candidate)
        return PollResult(list(found.values()), {"last_id": last_id})

    def _new_notices(self, field: str, term: str, since: int, token: str) -> list[dict[str, Any]]:
        """Notices Lumen recorded after notice `since`, newest first, page by page until older ones appear."""
        notices: list[dict[str, Any]] = []
        page: int | None = 1
        for _ in range(self.setting_int("max_pages", 3, highest=50)):
            answer = self._search(field, term, page or 1, token)
            if answer is None:  # Lumen answers 404 past its 20,000th result: nothing further
                break
            listed = answer.get("notices")
            if not isinstance(listed, list):
                raise SourceError(f"{self.label}: Lumen's answer came back in an unexpected shape.")
            batch = [n for n in listed if isinstance(n, dict) and _int(n.get("id")) > 0]
            fresh = [n for n in batch if _int(n.get("id")) > since]
            notices += fresh
            meta = answer.get("meta")
            page = _int(meta.get("next_page")) if isinstance(meta, dict) else 0
            if len(fresh) < len(batch) or not page:
                break
        return notices

    def _search(self, field: str, term: str, page: int, token: str) -> dict[str, Any] | None:
        params = {
            field: term, "sort_by": "created_at desc", "page": page,
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
            raise RateLimited(f"{self.label}: Lumen asked CreatorWatch to wait (too many searches).",
                              LUMEN_WAIT) from exc
        if fetched.status == 404:
            return None
        answer = fetched.json()
        if not isinstance(answer, dict):
            raise SourceError(f"{self.label}: Lumen's answer came back in an unexpected shape.")
        return answer

    def _candidate(self, notice: dict[str, Any], term: str) -> Candidate:
        works = [w for key in WORKS_KEYS for w in _list(notice.get(key)) if isinstance(w, dict)]
        described = [_first_text(w, DESCRIPTION_KEYS) for w in works]
        return Candidate(
            url=f"{self.base_url}/notices/{_int(notice['id'])}",
            source=self.config.name,
            title=_text(notice.get("title")) or f"Notice {_int(notice['id'])}",
            text=join_text(
                _text(notice.get("title")), _first_text(notice, BODY_KEYS), _text(notice.get("sender_name")),
                _text(notice.get("principal_name")), *described,
            ),
            published=_text(notice.get("date_received")) or _text(notice.get("date_submitted"))
            or _text(notice.get("date_sent")) or None,
            meta={
                "kind": "notice",
                "notice_type": notice.get("type"),
                "sender_name": notice.get("sender_name"),
                "principal_name": notice.get("principal_name"),
                "recipient_name": notice.get("recipient_name"),
                "date_sent": notice.get("date_sent"),
                "date_received": notice.get("date_received"),
                "date_submitted": notice.get("date_submitted"),
                "topics": [t for t in _list(notice.get("topics")) if isinstance(t, str)],
                "action_taken": notice.get("action_taken"),
                "works": [
                    {
                        "description": text,
                        "infringing_urls": _addresses(w, INFRINGING_KEYS),
                        "copyrighted_urls": _addresses(w, ORIGINAL_KEYS),
                    }
                    for w, text in zip(works, described, strict=True)
                ],
                "query": term,
            },
        )


def _addresses(work: dict[str, Any], keys: tuple[str, ...]) -> list[str]:
    """Full URLs (researcher tokens), bare host names (other tokens) or plain strings, as Lumen gives them;
    never Lumen's "No URL submitted" stand-in."""
    found: list[str] = []
    for key in keys:
        for entry in _list(work.get(key)):
            value = entry.get("url") or entry.get("fqdn") or entry.get("domain") if isinstance(entry, dict) else entry
            if isinstance(value, str) and value.strip() and value.strip().lower() != NO_URL:
                found.append(value.strip())
    return list(dict.fromkeys(found))


def _first_text(item: dict[str, Any], keys: tuple[str, ...]) -> str:
    return next((text for key in keys if (text := _text(item.get(key)))), "")


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _int(value: Any) -> int:
    """Lumen's ids come as numbers or as strings of digits; anything else counts as none."""
    if isinstance(value, bool):
        return 0
    if isinstance(value, int):
        return max(value, 0)
    return int(value) if isinstance(value, str) and value.strip().isdigit() else 0
