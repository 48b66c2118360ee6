"""Hugging Face Hub: models, datasets and spaces named after the creator — voice clones, LoRAs, fine-tunes —
with their model cards, so a repo called after them is seen the day it changes.

The Hub's `search` matches repo names and authors only, never card text. So besides searching the watch terms,
the source can watch named authors (`--set authors=…`) and tags (`--set tags=lora,text-to-speech,base_model:…`):
their newest repos are listed and their cards read, and a card naming the creator is a mention like any other.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, ClassVar
from urllib.parse import urlsplit

from creatorwatch.core.errors import SourceError
from creatorwatch.core.net.fetched import Fetched
from creatorwatch.core.net.guard import web_address
from creatorwatch.core.sources.base import Candidate, Cursor, PollResult
from creatorwatch.core.sources.optional import OptionalSetting
from creatorwatch.core.sources.public_api import ApiSource, join_text, seen_for
from creatorwatch.core.wording.joined_names import counts_joined, joined_name

KINDS = ("models", "datasets", "spaces")
PLACEHOLDER_CREATED = "2022-03-02T23:29:04.000Z"  # what the Hub reports for repos older than the field
CARD_BYTES = 512 * 1024
_NEXT_LINK = re.compile(r'<([^>]+)>\s*;\s*rel="?next"?')
_VOICE_WORDS = re.compile(
    r"(?<![a-z])(rvc|so-?vits(-svc)?|sovits|svc|voice[-_ ]?(clone|cloning|conversion|model))(?![a-z])"
)
_LORA_WORD = re.compile(r"(?<![a-z])lora(?![a-z])")
VOICE_TAGS = {"text-to-speech", "rvc", "so-vits-svc", "sovits", "voice-conversion", "voice-cloning"}
IMAGE_TAGS = {"text-to-image", "image-to-image", "stable-diffusion", "stable-diffusion-xl", "flux", "sd-lora"}

KINDS_SETTING = OptionalSetting("kinds", "Look at", "which kinds of repos to list", choices=KINDS,
                                default=",".join(KINDS))
AUTHORS = OptionalSetting("authors", "Authors", "whose newest repos to list and read the cards of",
                          example="pixelsmith,voicelab")
TAGS = OptionalSetting("tags", "Tags", "tags whose newest repos to list and read the cards of",
                       example="lora,text-to-speech,base_model:…")
MAX_PAGES = OptionalSetting("max_pages", "Pages per listing", "how many pages of 100 repos each listing reads",
                            lowest=1, highest=50, default="3")
CARDS = OptionalSetting("cards", "Cards per check", "how many model cards a check reads (0: none)",
                        lowest=0, highest=1000, default="20")


class HuggingFaceSource(ApiSource):
    TYPE = "huggingface"
    DISPLAY_NAME = "Hugging Face"
    DEFAULT_BASE_URL = "https://huggingface.co"
    TOKEN = "huggingface"
    TOKEN_HELP = "Create a read token at https://huggingface.co/settings/tokens."
    INTERVAL_MINUTES = 120

    PAGE_SIZE: ClassVar[int] = 100
    OPTIONAL_SETTINGS = (KINDS_SETTING, AUTHORS, TAGS, MAX_PAGES, CARDS)

    def poll(self, cursor: Cursor) -> PollResult:
        kinds = self.setting_list("kinds") or list(KINDS)
        unknown = sorted(set(kinds) - set(KINDS))
        if unknown:
            raise SourceError(
                f"{self.label}: kinds can only be {', '.join(KINDS)} (not {', '.join(unknown)})."
            )
        watched = self._watched()
        queries = [f"{kind}:{label}" for kind in kinds for label in watched]
        newest = seen_for(cursor, queries)
        found: dict[str, Candidate] = {}
        for kind in kinds:
            for label, params in watched.items():
                query = f"{kind}:{label}"
                repos = self._new_repos(kind, params, newest.get(query, ""))
                if repos:
                    newest[query] = max(str(r.get("lastModified") or "") for r in repos)
                for repo in repos:
                    candidate = self._candidate(kind, label, repo)
                    found.setdefault(candidate.url, candidate)
        candidates = self._with_cards(list(found.values()))
        return PollResult(candidates, {"newest": newest})

    def _watched(self) -> dict[str, dict[str, Any]]:
        """Each listing to follow: the watch terms as searches, then named authors and tags (newest first).
        The watch terms are optional when authors or tags are named."""
        authors, tags = self.setting_list("authors"), self.setting_list("tags")
        terms = self.search_terms() if not (authors or tags) else [t for t in self.terms if t.strip()]
        watched: dict[str, dict[str, Any]] = {term: {"search": term} for term in dict.fromkeys(terms)}
        for term in filter(counts_joined, terms):  # the Hub's search finds the words as written ("Ian Murdock");
            joined = joined_name(term)  # a repo named with them run together ("ianmurdock-lora") needs a search of
            watched.setdefault(joined, {"search": joined})  # its own: one more listing per such name (case-blind)
        watched.update({f"author:{a}": {"author": a} for a in authors})
        watched.update({f"tag:{t}": {"filter": t} for t in tags})
        return watched

    # -- listing --

    def _new_repos(self, kind: str, asked: dict[str, Any], since: str) -> list[dict[str, Any]]:
        """Repos matching `asked`, most recently changed first, down to what the last run already saw."""
        endpoint = f"{self.base_url}/api/{kind}"
        params: dict[str, Any] = {**asked, "sort": "lastModified", "limit": self.PAGE_SIZE, "full": "true"}
        url, repos = endpoint, []
        for _ in range(self.setting_number(MAX_PAGES)):
            fetched = self._get(url, params)
            page = fetched.json()
            if not isinstance(page, list) or (page and not any(isinstance(r, dict) for r in page)):
                raise SourceError(f"{self.label}: the {kind} list came back in an unexpected shape.")  # a list of
                # no repos at all (["a", null, 5]) was read as an answer holding nothing new
            fresh = [r for r in page if _changed_since(r, since)]
            repos.extend(fresh)
            following = web_address(_next_link(fetched) or "", url)  # a malformed next link ends the list there
            if len(fresh) < len(page) or not following:
                break
            url, params = f"{endpoint}?{urlsplit(following).query}", {}
        return repos

    def _get(self, url: str, params: dict[str, Any] | None = None, **kwargs: Any) -> Fetched:
        headers = {"Accept": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        with self.token_checked():
            return self.http.get(url, params=params or None, headers=headers, **kwargs)

    def _candidate(self, kind: str, query: str, repo: dict[str, Any]) -> Candidate:
        repo_id = str(repo.get("id", ""))
        prefix = "" if kind == "models" else f"{kind}/"
        created = repo.get("createdAt")
        return Candidate(
            url=f"{self.base_url}/{prefix}{repo_id}",
            source=self.config.name,
            title=repo_id,
            text=join_text(repo_id, repo.get("description")),
            published=None if created in (None, PLACEHOLDER_CREATED) else str(created),
            meta={
                "kind": kind[:-1],
                "repo_id": repo_id,
                "author": repo.get("author") or repo_id.partition("/")[0],
                "tags": repo.get("tags", []),
                "pipeline_tag": repo.get("pipeline_tag"),
                "library_name": repo.get("library_name"),
                "downloads": repo.get("downloads"),
                "likes": repo.get("likes"),
                "gated": repo.get("gated"),
                "last_modified": repo.get("lastModified"),
                "revision": repo.get("sha") or repo.get("lastModified"),  # a changed repo is looked at again
                "voice": is_voice_repo(repo),
                "image_lora": is_image_lora(repo),
                "query": query,
            },
        )

    # -- model cards --

    def _with_cards(self, candidates: list[Candidate]) -> list[Candidate]:
        """Add each repo's card (README) to its text, up to `cards` per run; a card that cannot be had is
        noted in meta and the rest go on, but a refusal or slow-down stops further card fetches."""
        budget = self.setting_number(CARDS)
        done: list[Candidate] = []
        for candidate in candidates:
            if budget <= 0:
                done.append(candidate)
                continue
            budget -= 1
            try:
                card = self._card(candidate)
            except SourceError:
                budget = 0
                card = None
            meta = {**candidate.meta, "card": "missing" if card is None else "fetched"}
            text = join_text(candidate.text, card) if card else candidate.text
            done.append(replace(candidate, text=text, meta=meta))
        return done

    def _card(self, candidate: Candidate) -> str | None:
        fetched = self._get(f"{candidate.url}/raw/main/README.md", accept_status=(404,), max_bytes=CARD_BYTES)
        return None if fetched.status == 404 else fetched.text


def _changed_since(repo: Any, since: str) -> bool:
    return isinstance(repo, dict) and bool(repo.get("id")) and str(repo.get("lastModified") or "") > since


def _next_link(fetched: Fetched) -> str | None:
    match = _NEXT_LINK.search(fetched.headers.get("link", ""))
    return match.group(1) if match else None


def _words(repo: dict[str, Any]) -> tuple[str, list[str], list[str]]:
    tags = [str(t).lower() for t in repo.get("tags") or []]
    files = [str(s.get("rfilename", "")).lower() for s in repo.get("siblings") or [] if isinstance(s, dict)]
    return str(repo.get("id", "")).lower(), tags, files


def is_voice_repo(repo: dict[str, Any]) -> bool:
    """A text-to-speech model, an RVC or so-vits voice model: likely a clone of someone's voice."""
    repo_id, tags, files = _words(repo)
    if repo.get("pipeline_tag") == "text-to-speech" or VOICE_TAGS & set(tags):
        return True
    if _VOICE_WORDS.search(repo_id):
        return True
    rvc_files = any(f.endswith(".index") for f in files) and any(f.endswith(".pth") for f in files)
    sovits_files = any(re.fullmatch(r"(.*/)?g_\d+\.pth", f) for f in files)
    return rvc_files or sovits_files


def is_image_lora(repo: dict[str, Any]) -> bool:
    """A LoRA for an image model: a small add-on that teaches a style, a character or a person."""
    repo_id, tags, _ = _words(repo)
    lora = "lora" in tags or any(_LORA_WORD.search(t) for t in tags) or bool(_LORA_WORD.search(repo_id))
    image = repo.get("pipeline_tag") in ("text-to-image", "image-to-image") or bool(IMAGE_TAGS & set(tags))
    image = image or any(t.startswith("base_model:") and ("diffusion" in t or "flux" in t) for t in tags)
    return lora and image
