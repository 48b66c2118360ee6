"""Spawning's Do Not Train registry: whether the creator's own URLs carry an opt-out (or opt-in) that AI
trainers honouring the registry will see — reported when it is first known and whenever it changes."""

from __future__ import annotations

from typing import Any

from creatorwatch.core.errors import HttpStatusError, SourceError
from creatorwatch.core.sources.base import Candidate, Cursor, PollResult
from creatorwatch.core.sources.public_api import ApiSource

BATCH = 100  # URLs per request

STATUS_WORDS = {
    "opted-out": "opted out of AI training",
    "opted-in": "opted in to AI training",
    "no-reservation": "no opt-out recorded",
}


class SpawningSource(ApiSource):
    TYPE = "spawning"
    DISPLAY_NAME = "Spawning"
    DEFAULT_BASE_URL = "https://opts-api.spawningaiapi.com"
    TOKEN = "spawning"
    TOKEN_REQUIRED = True
    TOKEN_NOUN = "API key"
    TOKEN_HELP = "Spawning gives API keys from its website (https://spawning.ai)."
    REQUIRED_SETTINGS = ("urls",)
    INTERVAL_MINUTES = 1440

    def poll(self, cursor: Cursor) -> PollResult:
        key = self.required_token()
        urls = self.required_list("urls", "https://example.com/my-art/,https://example.com/gallery/1.jpg")
        before: dict[str, str] = cursor.get("status") or {}
        now: dict[str, str] = {}
        candidates = []
        for start in range(0, len(urls), BATCH):
            for entry in self._query(urls[start : start + BATCH], key):
                url, status = str(entry["url"]), _status(entry)
                now[url] = status
                if before.get(url) != status:
                    candidates.append(self._candidate(entry, status, before.get(url)))
        return PollResult(candidates, {"status": now})

    def _query(self, urls: list[str], key: str) -> list[dict[str, Any]]:
        """One request for a batch; the API wants more than one line, so a lone URL is sent twice."""
        lines = urls if len(urls) > 1 else urls * 2
        try:
            with self.token_checked():
                fetched = self.http.post(
                    f"{self.base_url}/api/v2/query/urls/",  # with the slash, as Spawning's own client sends it
                    content="\n".join(lines).encode(),
                    headers={"Authorization": f"API {key}", "Content-Type": "text/plain", "Accept": "application/json"},
                )
        except HttpStatusError as exc:
            said = exc.body[:200].decode("utf-8", "replace").strip()
            raise SourceError(f"{self.label}: Spawning refused the query (HTTP {exc.status}: {said}).") from exc
        answer = fetched.json()
        entries = answer.get("urls") if isinstance(answer, dict) else None
        if not isinstance(entries, list):
            raise SourceError(f"{self.label}: Spawning's answer came back in an unexpected shape.")
        unique = {str(e["url"]): e for e in entries if isinstance(e, dict) and e.get("url")}
        return list(unique.values())

    def _candidate(self, entry: dict[str, Any], status: str, previous: str | None) -> Candidate:
        url = str(entry["url"])
        return Candidate(
            url=url,
            source=self.config.name,
            title=f"{url}: {STATUS_WORDS[status]}",
            meta={
                "kind": "do_not_train_status",
                "status": status,
                "opt_out": bool(entry.get("optOut")),
                "opt_in": bool(entry.get("optIn")),
                "previous_status": previous,
                "revision": status,  # a changed status is recorded again
            },
        )


def _status(entry: dict[str, Any]) -> str:
    if entry.get("optOut"):
        return "opted-out"
    if entry.get("optIn"):
        return "opted-in"
    return "no-reservation"
