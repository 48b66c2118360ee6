"""Civitai: AI images with the prompts that made them ("in the style of …") and models named after the
creator or depicting them (the `poi` flag), including ones already taken down."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from creatorwatch.core.sources.base import Candidate, Cursor, PollResult, SourceError
from creatorwatch.core.sources.http import HttpStatusError
from creatorwatch.core.sources.public_api import ApiSource, join_text, plain_text, seen_for

KINDS = ("images", "models")


class CivitaiSource(ApiSource):
    TYPE = "civitai"
    DISPLAY_NAME = "Civitai"
    DEFAULT_BASE_URL = "https://civitai.com"
    TOKEN = "civitai"
    TOKEN_HELP = "Create an API key in your Civitai account settings."
    TOKEN_NOUN = "API key"
    INTERVAL_MINUTES = 60

    def poll(self, cursor: Cursor) -> PollResult:
        kinds = self.setting_list("kinds") or list(KINDS)
        if set(kinds) - set(KINDS):
            raise SourceError(f"{self.label}: kinds can only be images, models (or both).")
        terms = self.search_terms() if "models" in kinds else []
        queries = (["images"] if "images" in kinds else []) + [f"models:{t}" for t in terms]
        newest: dict[str, Any] = seen_for(cursor, queries)
        candidates: list[Candidate] = []
        if "images" in kinds:
            images = self._new_items("images", self._image_params(), newest.get("images", 0))
            candidates += [self._image(item) for item in images]
            newest["images"] = max([newest.get("images", 0), *(_id(i) for i in images)])
        for term in terms:
            query = f"models:{term}"
            params = {"query": term, "limit": 100, "sort": "Newest", "nsfw": "true"}
            models = self._new_items("models", params, newest.get(query, 0))
            candidates += [self._model(item, term) for item in models]
            newest[query] = max([newest.get(query, 0), *(_id(m) for m in models)])
        unique: dict[str, Candidate] = {}
        for candidate in candidates:
            unique.setdefault(candidate.url, candidate)
        return PollResult(list(unique.values()), {"newest": newest})

    def _image_params(self) -> dict[str, Any]:
        params: dict[str, Any] = {
            "limit": self.setting_int("limit", 100, highest=200), "sort": "Newest", "withMeta": "true",
        }
        if self.config.settings.get("username"):
            params["username"] = self.config.settings["username"]
        if self.config.settings.get("model_id"):
            params["modelId"] = self.setting_int("model_id", 0, highest=10**12)
        return params

    # -- paging --

    def _new_items(self, kind: str, params: dict[str, Any], since: int) -> list[dict[str, Any]]:
        """Items newer than id `since`, following metadata.nextCursor until the last run's items appear."""
        items: list[dict[str, Any]] = []
        for page in self._pages(kind, params):
            fresh = [i for i in page if _id(i) > since]
            items += fresh
            if len(fresh) < len(page):
                break
        return items

    def _pages(self, kind: str, params: dict[str, Any]) -> Iterator[list[Any]]:
        following: str | None = None
        for _ in range(self.setting_int("max_pages", 2, highest=50)):
            answer = self._get(f"{self.base_url}/api/v1/{kind}", {**params, "cursor": following})
            yield answer["items"]
            following = (answer.get("metadata") or {}).get("nextCursor")
            if not following:
                return

    def _get(self, url: str, params: dict[str, Any]) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        query = {k: v for k, v in params.items() if v is not None}
        try:
            with self.token_checked():
                answer = self.http.get_json(url, params=query, headers=headers)
        except HttpStatusError as exc:
            raise SourceError(f"{self.label}: Civitai refused the request ({_said(exc)}).") from exc
        if isinstance(answer, dict) and "error" in answer and "items" not in answer:
            raise SourceError(f"{self.label}: Civitai answered with an error: {answer['error']}")
        if not isinstance(answer, dict) or not isinstance(answer.get("items"), list):
            raise SourceError(f"{self.label}: Civitai's answer came back in an unexpected shape.")
        return answer

    # -- candidates --

    def _image(self, item: dict[str, Any]) -> Candidate:
        meta = item.get("meta") or {}
        username = item.get("username") or "unknown"
        return Candidate(
            url=f"{self.base_url}/images/{item['id']}",
            source=self.config.name,
            title=f"Image {item['id']} by {username}",
            text=str(meta.get("prompt") or ""),
            media_url=item.get("url"),
            published=item.get("createdAt"),
            meta={
                "kind": "image",
                "media_type": item.get("type", "image"),
                "username": username,
                "post_id": item.get("postId"),
                "base_model": item.get("baseModel"),
                "prompt": meta.get("prompt"),
                "negative_prompt": meta.get("negativePrompt"),
                "generator_model": meta.get("Model"),
                "nsfw_level": item.get("nsfwLevel"),
                "width": item.get("width"),
                "height": item.get("height"),
                "blurhash": item.get("hash"),  # a blurred placeholder, not a content hash
            },
        )

    def _model(self, item: dict[str, Any], term: str) -> Candidate:
        versions = [v for v in item.get("modelVersions") or [] if isinstance(v, dict)]
        previews = [img.get("url") for v in versions for img in v.get("images") or [] if img.get("url")]
        trained = [w for v in versions for w in v.get("trainedWords") or []]
        return Candidate(
            url=f"{self.base_url}/models/{item['id']}",
            source=self.config.name,
            title=str(item.get("name", "")),
            text=join_text(item.get("name"), plain_text(item.get("description")), ", ".join(trained)),
            media_url=previews[0] if previews else None,
            published=(versions[0].get("publishedAt") or versions[0].get("createdAt")) if versions else None,
            meta={
                "kind": "model",
                "model_type": item.get("type"),
                "poi": bool(item.get("poi")),
                "nsfw": bool(item.get("nsfw")),
                "mode": item.get("mode"),
                "taken_down": item.get("mode") == "TakenDown",
                "creator": (item.get("creator") or {}).get("username"),
                "tags": item.get("tags", []),
                "trained_words": trained,
                "file_hashes": [
                    {"name": f.get("name"), **(f.get("hashes") or {})}
                    for v in versions
                    for f in v.get("files") or []
                ],
                "downloads": (item.get("stats") or {}).get("downloadCount"),
                "query": term,
            },
        )


def _id(item: Any) -> int:
    """An item's numeric id; 0 (never new) for anything without one."""
    try:
        return int(item["id"]) if isinstance(item, dict) else 0
    except (KeyError, TypeError, ValueError):
        return 0


def _said(exc: HttpStatusError) -> str:
    """Civitai's own words from an {"error": …} body, else the status."""
    try:
        said = json.loads(exc.body).get("error")
    except (ValueError, AttributeError):
        said = None
    return f"HTTP {exc.status}: {said}" if said else f"HTTP {exc.status}"
