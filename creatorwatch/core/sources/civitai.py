"""Civitai: AI images with the prompts that made them ("in the style of …"), models named after the creator,
and the galleries of images made with those models (the images a LoRA of a creator's style produced).

What the public API can and cannot show: it hides every model or image of a real person ("poi") from all
callers, and gives anonymous callers safe-for-work images only. Model search is by relevance (newest first is
ignored) and image lists are ordered by when Civitai last published or scanned an image, not by id, so the
cursor remembers which ids it has seen instead of the highest one. The images endpoint has no text search:
images are read from the uploaders, models and model versions the creator names, and from the galleries of
models found under their watch terms.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from creatorwatch.core.errors import HttpStatusError, SourceError
from creatorwatch.core.sources.base import Candidate, Cursor, PollResult
from creatorwatch.core.sources.public_api import ApiSource, join_text, plain_text

KINDS = ("images", "models")
REMEMBERED = 2000  # ids remembered per query: more than the pages one run reads
YES = ("1", "yes", "true", "on")


class CivitaiSource(ApiSource):
    TYPE = "civitai"
    DISPLAY_NAME = "Civitai"
    DEFAULT_BASE_URL = "https://civitai.com"
    TOKEN = "civitai"
    OTHER_SETTINGS = ("kinds", "limit", "username", "model_id", "model_version_id", "galleries", "max_pages", "hashes",
                      "nsfw")
    TOKEN_HELP = "Create an API key in your Civitai account settings."
    TOKEN_NOUN = "API key"
    INTERVAL_MINUTES = 60

    def poll(self, cursor: Cursor) -> PollResult:
        kinds = self.setting_list("kinds") or list(KINDS)
        if set(kinds) - set(KINDS):
            raise SourceError(f"{self.label}: kinds can only be images, models (or both).")
        before: dict[str, Any] = cursor.get("seen") or {}
        seen: dict[str, list[int]] = {}
        candidates: list[Candidate] = []
        galleries: list[int] = [_int(m) for m in cursor.get("galleries") or []]
        if "models" in kinds:
            for term in self.search_terms():
                query = f"models:{term}"
                models, seen[query] = self._unseen("models", self._model_params(term), before.get(query))
                candidates += [self._model(item, term) for item in models]
                galleries = [_int(m.get("id")) for m in models] + galleries
            candidates += self._by_hash(cursor.get("hashes_found") or [])
        if "images" in kinds:
            scopes = self._image_scopes(list(dict.fromkeys(g for g in galleries if g)))
            if not scopes and "models" not in kinds:
                raise SourceError(
                    f"{self.label}: Civitai cannot search images by words. Name whose images to watch with "
                    "--set username=NAME, --set model_id=ID or --set model_version_id=ID, or also watch models "
                    "(kinds=images,models) so the galleries of models named after you are read."
                )
            for scope, params in scopes.items():
                query = f"images:{scope}"
                images, seen[query] = self._unseen("images", params, before.get(query))
                candidates += [self._image(item, scope) for item in images]
        unique: dict[str, Candidate] = {}
        for candidate in candidates:
            unique.setdefault(candidate.url, candidate)
        found_hashes = [c.meta["hash"] for c in candidates if c.meta.get("kind") == "model_file"]
        return PollResult(list(unique.values()), {
            "seen": seen,
            "galleries": list(dict.fromkeys(g for g in galleries if g))[: self._gallery_count()],
            "hashes_found": list(dict.fromkeys([*(cursor.get("hashes_found") or []), *found_hashes])),
        })

    # -- what to ask --

    def _model_params(self, term: str) -> dict[str, Any]:
        return {"query": term, "limit": self.setting_int("limit", 100, highest=100), "nsfw": self._nsfw()}

    def _image_scopes(self, galleries: list[int]) -> dict[str, dict[str, Any]]:
        """One image query per uploader, model and model version to watch: named ones, then galleries."""
        common: dict[str, Any] = {
            "limit": self.setting_int("limit", 100, highest=200), "sort": "Newest", "withMeta": "true",
        }
        if not self._nsfw_wanted():
            common["nsfw"] = "None"  # Civitai's level name for safe-for-work
        scopes: dict[str, dict[str, Any]] = {}
        for name in self.setting_list("username"):
            scopes[f"user:{name}"] = {**common, "username": name}
        for key, param in (("model_id", "modelId"), ("model_version_id", "modelVersionId")):
            for value in self.setting_list(key):
                if not value.isdigit():
                    raise SourceError(f"{self.label}: the setting {key}={value!r} must be a Civitai id (a number).")
                scopes[f"{param}:{value}"] = {**common, param: int(value)}
        for model_id in galleries[: self._gallery_count()]:
            scopes.setdefault(f"modelId:{model_id}", {**common, "modelId": model_id})
        return scopes

    def _gallery_count(self) -> int:
        return self.setting_int("galleries", 5, lowest=0, highest=50)

    def _nsfw_wanted(self) -> bool:
        return self.config.settings.get("nsfw", "").strip().lower() in YES

    def _nsfw(self) -> str:
        return "true" if self._nsfw_wanted() else "false"

    # -- paging --

    def _unseen(self, kind: str, params: dict[str, Any], remembered: Any) -> tuple[list[dict[str, Any]], list[int]]:
        """Items whose ids were not seen before, and the ids to remember (newest first, bounded).

        Models come in relevance order, so every page up to max_pages is read. Images come newest published
        or scanned first, so a late-published old image is at the top: paging stops at a page seen whole."""
        remembered_ids = [_int(i) for i in remembered] if isinstance(remembered, list) else []
        known = set(remembered_ids) - {0}
        items: list[dict[str, Any]] = []
        for page in self._pages(kind, params):
            ids = [_int(i) for i in page]
            whole_page_known = bool(known) and all(n in known for n in ids)
            items += [i for i, n in zip(page, ids, strict=True) if n and n not in known]
            known.update(n for n in ids if n)
            if kind == "images" and whole_page_known:
                break
        fresh = list({_int(i): i for i in items}.values())
        ordered = [_int(i) for i in fresh] + remembered_ids
        return fresh, [n for n in dict.fromkeys(ordered) if n][:REMEMBERED]

    def _pages(self, kind: str, params: dict[str, Any]) -> Iterator[list[dict[str, Any]]]:
        following: str | None = None
        for _ in range(self.setting_int("max_pages", 2, highest=50)):
            answer = self._get(f"{self.base_url}/api/v1/{kind}", {**params, "cursor": following})
            yield [i for i in answer["items"] if isinstance(i, dict)]
            metadata = answer.get("metadata")
            following = metadata.get("nextCursor") if isinstance(metadata, dict) else None
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

    def _by_hash(self, already: list[str]) -> list[Candidate]:
        """Model files the creator identified by hash (--set hashes=SHA256,…) that Civitai hosts."""
        found: list[Candidate] = []
        for digest in self.setting_list("hashes"):
            if digest.upper() in {h.upper() for h in already}:
                continue
            try:
                fetched = self.http.get(
                    f"{self.base_url}/api/v1/model-versions/by-hash/{digest}", accept_status=(404,),
                    headers={"Authorization": f"Bearer {self.token}"} if self.token else {},
                )
            except HttpStatusError as exc:
                raise SourceError(f"{self.label}: Civitai refused the request ({_said(exc)}).") from exc
            version = fetched.json() if fetched.status != 404 else None
            if isinstance(version, dict) and _int(version.get("id")):
                found.append(self._model_file(version, digest))
        return found

    # -- candidates --

    def _image(self, item: dict[str, Any], scope: str) -> Candidate:
        meta = _dict(item.get("meta"))
        username = item.get("username") or "unknown"
        return Candidate(
            url=f"{self.base_url}/images/{_int(item)}",
            source=self.config.name,
            title=f"Image {_int(item)} by {username}",
            text=_str(meta.get("prompt")),
            media_url=item.get("url") if isinstance(item.get("url"), str) else None,
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
                "made_with_model_versions": [v for v in item.get("modelVersionIds") or [] if isinstance(v, int)],
                "nsfw_level": item.get("nsfwLevel"),
                "width": item.get("width"),
                "height": item.get("height"),
                "blurhash": item.get("hash"),  # a blurred placeholder, not a content hash
                "watched_as": scope,
            },
        )

    def _model(self, item: dict[str, Any], term: str) -> Candidate:
        versions = [v for v in item.get("modelVersions") or [] if isinstance(v, dict)]
        previews = [
            img.get("url") for v in versions for img in v.get("images") or []
            if isinstance(img, dict) and isinstance(img.get("url"), str)
        ]
        trained = [w for v in versions for w in v.get("trainedWords") or [] if isinstance(w, str)]
        creator = _dict(item.get("creator"))
        stats = _dict(item.get("stats"))
        return Candidate(
            url=f"{self.base_url}/models/{_int(item)}",
            source=self.config.name,
            title=_str(item.get("name")),
            text=join_text(_str(item.get("name")), plain_text(_str(item.get("description"))), ", ".join(trained)),
            media_url=previews[0] if previews else None,
            published=(versions[0].get("publishedAt") or versions[0].get("createdAt")) if versions else None,
            meta={
                "kind": "model",
                "model_type": item.get("type"),
                "nsfw": bool(item.get("nsfw")),
                "mode": item.get("mode"),
                "taken_down": item.get("mode") == "TakenDown",
                "creator": creator.get("username"),
                "tags": [t for t in item.get("tags") or [] if isinstance(t, str)],
                "trained_words": trained,
                "file_hashes": [
                    {"name": f.get("name"), **(_dict(f.get("hashes")))}
                    for v in versions
                    for f in v.get("files") or []
                    if isinstance(f, dict)
                ],
                "downloads": stats.get("downloadCount"),
                "query": term,
            },
        )

    def _model_file(self, version: dict[str, Any], digest: str) -> Candidate:
        model = _dict(version.get("model"))
        model_id = _int(version.get("modelId"))
        name = " ".join(p for p in (_str(model.get("name")), _str(version.get("name"))) if p)
        return Candidate(
            url=f"{self.base_url}/models/{model_id}?modelVersionId={_int(version)}",
            source=self.config.name,
            title=name or f"Model version {_int(version)}",
            text=join_text(name, plain_text(_str(version.get("description")))),
            published=version.get("publishedAt") or version.get("createdAt"),
            meta={"kind": "model_file", "hash": digest, "model_type": model.get("type"), "base_model":
                  version.get("baseModel")},
        )


def _int(item: Any) -> int:
    """An item's numeric id (or a number given as text); 0, never new, for anything else."""
    value = item.get("id") if isinstance(item, dict) else item
    if isinstance(value, bool):
        return 0
    if isinstance(value, int):
        return max(value, 0)
    return int(value) if isinstance(value, str) and value.isdigit() else 0


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _said(exc: HttpStatusError) -> str:
    """Civitai's own words from an {"error": …} body, else the status."""
    try:
        said = json.loads(exc.body).get("error")
    except (ValueError, AttributeError):
        said = None
    return f"HTTP {exc.status}: {said}" if said else f"HTTP {exc.status}"
