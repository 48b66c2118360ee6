"""Reddit: new posts naming the creator or a work — shared AI images, voice models, "style" LoRAs. Reddit
answers programs only through OAuth, so the creator needs a small app's id and secret. Since November 2025 a new
app needs Reddit's approval first; without one, a subreddit's public RSS feed works through the feed source."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from creatorwatch import __version__
from creatorwatch.core.errors import SourceError
from creatorwatch.core.net.fetched import Fetched
from creatorwatch.core.net.settings import PROJECT_URL
from creatorwatch.core.sources.base import Candidate, Cursor, PollResult
from creatorwatch.core.sources.public_api import ApiSource, join_text, seen_for

AUTH_BASE_URL = "https://www.reddit.com"
SITE = "https://www.reddit.com"
IMAGE_ENDINGS = (".jpg", ".jpeg", ".png", ".gif", ".webp")


class RedditSource(ApiSource):
    TYPE = "reddit"
    DISPLAY_NAME = "Reddit"
    DEFAULT_BASE_URL = "https://oauth.reddit.com"
    TOKEN = "reddit"
    OTHER_SETTINGS = ("username", "subreddit", "max_pages")
    TOKEN_REQUIRED = True
    TOKEN_NOUN = "app id and secret"
    TOKEN_HELP = (
        'It needs a "script" app from https://www.reddit.com/prefs/apps; the token is its id and secret joined '
        "by a colon (client_id:client_secret). Since November 2025 Reddit approves each new app before it works, "
        "which can take weeks. Without an app, watch a subreddit's public feed instead: creatorwatch sources add "
        "feed --name r-aiart --set url=https://www.reddit.com/r/aiArt/new/.rss"
    )
    INTERVAL_MINUTES = 60

    def poll(self, cursor: Cursor) -> PollResult:
        client_id, secret = self._credentials()
        terms = self.search_terms()
        bearer = self._access_token(client_id, secret)
        newest: dict[str, Any] = seen_for(cursor, terms)
        found: dict[str, Candidate] = {}
        for term in terms:
            posts, exhausted = self._new_posts(term, newest.get(term, 0.0), bearer)
            if posts:
                newest[term] = max(float(p["created_utc"]) for p in posts)
            for post in posts:
                candidate = self._candidate(post, term)
                found.setdefault(candidate.url, candidate)
            if exhausted:  # Reddit's allowance for this window is spent: the other terms wait for next time
                break
        return PollResult(list(found.values()), {"newest": newest})

    @property
    def user_agent(self) -> str:
        """Reddit asks for <platform>:<app id>:<version> (by /u/<username>) and blocks generic agents."""
        user = self.config.settings.get("username", "").strip().removeprefix("/u/").removeprefix("u/")
        contact = f"by /u/{user}" if user else f"+{PROJECT_URL}"
        return f"desktop:creatorwatch:{__version__} ({contact})"

    def _credentials(self) -> tuple[str, str]:
        client_id, colon, secret = self.required_token().partition(":")
        if not colon or not client_id.strip() or not secret.strip():
            raise self.token_refused("it must be stored as client_id:client_secret, with a colon between")
        return client_id.strip(), secret.strip()

    def _access_token(self, client_id: str, secret: str) -> str:
        """OAuth client credentials: the app's id and secret (Basic auth) for a short-lived bearer token."""
        auth_base = (self.config.base_url or AUTH_BASE_URL).rstrip("/")
        with self.token_checked():
            fetched = self.http.post(
                f"{auth_base}/api/v1/access_token",
                data={"grant_type": "client_credentials"},
                auth=(client_id, secret),
                headers={"User-Agent": self.user_agent, "Accept": "application/json"},
            )
        answer = fetched.json()
        if not isinstance(answer, dict) or not answer.get("access_token"):
            said = answer.get("error") if isinstance(answer, dict) else None
            raise self.token_refused(f"Reddit said: {said}" if said else "no access token came back")
        return str(answer["access_token"])

    def _new_posts(self, term: str, since: float, bearer: str) -> tuple[list[dict[str, Any]], bool]:
        """Posts newer than `since` (created_utc), newest first, following `after`; and whether Reddit's
        request allowance ran out on the way."""
        params: dict[str, Any] = {"q": term, "sort": "new", "type": "link", "limit": 100, "raw_json": 1}
        subreddit = self.config.settings.get("subreddit", "").strip().removeprefix("r/")
        path = f"/r/{subreddit}/search" if subreddit else "/search"
        if subreddit:
            params["restrict_sr"] = 1
        posts: list[dict[str, Any]] = []
        for _ in range(self.setting_int("max_pages", 3, highest=20)):
            fetched = self._get(f"{self.base_url}{path}", params, bearer)
            listing = fetched.json()
            data = listing.get("data") if isinstance(listing, dict) else None
            if not isinstance(data, dict) or not isinstance(data.get("children"), list):
                raise SourceError(f"{self.label}: Reddit's answer came back in an unexpected shape.")
            page = [c["data"] for c in data["children"] if isinstance(c, dict) and isinstance(c.get("data"), dict)]
            fresh = [p for p in page if float(p.get("created_utc") or 0) > since]
            posts += fresh
            params["after"] = data.get("after")
            if _allowance_spent(fetched):
                return posts, True
            if len(fresh) < len(page) or not params["after"]:
                break
        return posts, False

    def _get(self, url: str, params: dict[str, Any], bearer: str) -> Fetched:
        headers = {"Authorization": f"bearer {bearer}", "User-Agent": self.user_agent, "Accept": "application/json"}
        with self.token_checked():
            return self.http.get(url, params={k: v for k, v in params.items() if v is not None}, headers=headers)

    def _candidate(self, post: dict[str, Any], term: str) -> Candidate:
        link = str(post.get("url") or "")
        is_image = post.get("post_hint") == "image" or link.lower().split("?")[0].endswith(IMAGE_ENDINGS)
        created = float(post.get("created_utc") or 0)
        return Candidate(
            url=f"{SITE}{post.get('permalink') or '/comments/' + str(post.get('id'))}",
            source=self.config.name,
            title=str(post.get("title") or ""),
            text=join_text(post.get("title"), post.get("selftext")),
            media_url=link if is_image else None,
            published=datetime.fromtimestamp(created, UTC).isoformat().replace("+00:00", "Z") if created else None,
            meta={
                "kind": "post",
                "post_id": post.get("name") or post.get("id"),
                "subreddit": post.get("subreddit"),
                "author": post.get("author"),
                "link": link,
                "nsfw": bool(post.get("over_18")),
                "query": term,
            },
        )


def _allowance_spent(fetched: Fetched) -> bool:
    try:
        return float(fetched.headers.get("x-ratelimit-remaining", "")) < 1
    except ValueError:
        return False
