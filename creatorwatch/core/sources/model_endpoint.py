"""What the AI model endpoints share: one prompt in, the model's words out, and the exchange kept byte for byte
(the request without its key) so a probe's answer can be shown to anyone as it was given.

These sources are not polled for candidates: `creatorwatch probe` asks them about the creator's works
(core/model_probe/). Every request goes through the shared client with its caps; errors name the source.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, ClassVar

from creatorwatch.core.errors import HttpStatusError, ServerError, SourceError
from creatorwatch.core.net.fetched import Fetched
from creatorwatch.core.net.guard import is_private_url
from creatorwatch.core.net.redact import redact_headers
from creatorwatch.core.net.settings import USER_AGENT
from creatorwatch.core.sources.base import Cursor, PollResult, SourceConfig
from creatorwatch.core.sources.public_api import ApiSource

MB = 1024 * 1024
TEXT_ANSWER_BYTES = 2 * MB  # a model's reply to one probe is a few kilobytes; anything near this is not one
IMAGE_ANSWER_BYTES = 24 * MB  # a few base64 pictures
WEEK_MINUTES = 7 * 24 * 60


class ModelRefused(SourceError):
    """The endpoint answered with an error the run cannot get past (unknown model, bad request)."""

    def __init__(self, message: str, status: int | None = None, stop: bool = True) -> None:
        super().__init__(message)
        self.status = status
        self.stop = stop  # False: only this one prompt was refused (too long, filtered); the run goes on


@dataclass(frozen=True)
class Ask:
    """One prompt for a text model, always at temperature 0."""

    prompt: str
    max_tokens: int
    system: str = ""
    bare: str = ""  # for a continuation, the passage alone: what a completions endpoint (no chat) is given


@dataclass(frozen=True)
class Exchange:
    """One request and its answer as sent and received; credential headers are already replaced."""

    method: str
    url: str
    request_headers: list[tuple[str, str]]
    request_body: bytes
    status: int
    response_headers: list[tuple[str, str]]
    response_body: bytes
    at: datetime  # when the answer arrived (UTC)

    def facts(self) -> dict[str, Any]:
        return {"method": self.method, "url": self.url, "status": self.status,
                "at": self.at.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
                "request_headers": [list(h) for h in self.request_headers],
                "response_headers": [list(h) for h in self.response_headers]}


@dataclass(frozen=True)
class Answer:
    """What a text model said, with the facts that identify which model said it."""

    text: str
    model: str  # as the endpoint named it in its answer
    version: str  # system_fingerprint, or a version/request header; "" when the endpoint gives none
    input_tokens: int
    output_tokens: int
    exchange: Exchange
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Picture:
    """One generated picture: its bytes, and the download that fetched it when the endpoint gave a URL."""

    data: bytes
    revised_prompt: str = ""
    download: Exchange | None = None


@dataclass(frozen=True)
class Pictures:
    pictures: list[Picture]
    model: str
    exchange: Exchange
    params: dict[str, Any] = field(default_factory=dict)


class ModelEndpoint(ApiSource):
    """A model endpoint as a source. `--set model=…` names the model; the base URL is the service's address."""

    REQUIRED_SETTINGS = ("model",)
    # each scheduled probe's budget, and how long one answer is waited for
    OTHER_SETTINGS: ClassVar[tuple[str, ...]] = ("max_requests", "max_tokens", "timeout")
    INTERVAL_MINUTES = WEEK_MINUTES  # probes cost money and rate limit: they run rarely
    TOKEN_NOUN = "API key"
    KIND: ClassVar[str] = "text"  # "text" or "image": which works it can be asked about

    POLLED = False  # a check lists nothing from it: "ok" comes from a probe that asked and was answered

    @classmethod
    def needs_token(cls, config: SourceConfig) -> bool:
        """The service at its own address needs an API key (OpenAI, Anthropic); at an address the creator gave, a
        model on this computer needs none and a server elsewhere may not either: its answer tells (a refusal then
        reads as waiting for a key), rather than it never being asked."""
        return not config.base_url

    def poll(self, cursor: Cursor) -> PollResult:
        """Nothing to list: model endpoints are asked with `creatorwatch probe`, never polled."""
        return PollResult([], cursor)

    @property
    def base_url(self) -> str:
        """The address without a trailing /v1, which people often copy along with it (Ollama's docs do)."""
        base = super().base_url
        return base[:-3] if base.endswith("/v1") else base

    @property
    def model(self) -> str:
        return self.config.settings.get("model", "").strip()

    @property
    def is_local(self) -> bool:
        """Loopback or private address: what is sent stays on this computer (or this network)."""
        return is_private_url(self.base_url)

    def complete(self, ask: Ask) -> Answer:  # pragma: no cover - text endpoints override
        raise SourceError(f"{self.label}: makes pictures; it cannot be asked about texts.")

    def generate(self, prompt: str) -> Pictures:  # pragma: no cover - image endpoints override
        raise SourceError(f"{self.label}: answers in words; it cannot be asked for pictures.")

    # -- for subclasses --

    def post_json(self, path: str, body: dict[str, Any], headers: dict[str, str],
                  max_bytes: int) -> tuple[Any, Exchange]:
        """POST `body` as JSON (the exact bytes kept), return the parsed answer and the exchange."""
        url = f"{self.base_url}{path}"
        content = json.dumps(body, ensure_ascii=False).encode("utf-8")
        sent = {"Content-Type": "application/json", "Accept": "application/json", **headers}
        try:
            with self.token_checked():
                fetched = self.http.post(url, content=content, headers=sent, max_bytes=max_bytes)
        except HttpStatusError as exc:
            raise self.refused(exc) from exc
        except ServerError as exc:
            if exc.status == 529:
                raise ServerError(f"{self.label}: is overloaded (HTTP 529).", exc.status, exc.retry_after) from exc
            raise
        exchange = _exchange("POST", fetched, [("User-Agent", USER_AGENT), *sent.items()], content)
        data = fetched.json()
        if not isinstance(data, dict):
            raise SourceError(f"{self.label}: answered in an unexpected shape (not a JSON object).")
        return data, exchange

    def refused(self, exc: HttpStatusError) -> ModelRefused:
        """A plain message for a 4xx refusal, from the API's own error object when it has one."""
        kind, message = _error_of(exc.body)
        said = f" It said: {self.http.redact(message)[:300]}" if message else ""  # a reply may repeat the key sent
        if exc.status == 404 or kind in ("model_not_found", "not_found_error"):
            return ModelRefused(
                f"{self.label}: does not offer the model {self.model!r} (HTTP {exc.status}).{said} Check the model's "
                f"name, then change it with: creatorwatch sources set {self.config.name} --set model=…", exc.status)
        if exc.status in (400, 413, 422):
            return ModelRefused(f"{self.label}: refused one prompt (HTTP {exc.status}).{said}", exc.status, stop=False)
        return ModelRefused(f"{self.label}: refused the request (HTTP {exc.status}).{said}", exc.status)

    def check_answer(self, condition: bool, what: str) -> None:
        if not condition:
            raise SourceError(f"{self.label}: answered in an unexpected shape ({what}). It may not speak this "
                              f"API; check the address given with --base-url.")


def _error_of(body: bytes) -> tuple[str, str]:
    """(error code or type, message) from OpenAI's {"error": {...}} or Anthropic's {"type": "error", ...}."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return "", ""
    error = data.get("error") if isinstance(data, dict) else None
    if not isinstance(error, dict):
        return "", str(error or "")[:300] if isinstance(error, str) else ""
    kind = str(error.get("code") or error.get("type") or "")
    return kind, str(error.get("message") or "")


def _exchange(method: str, fetched: Fetched, request_headers: list[tuple[str, str]], body: bytes) -> Exchange:
    return Exchange(method, fetched.final_url, redact_headers(request_headers), body, fetched.status,
                    redact_headers(fetched.headers.multi_items()), fetched.content, datetime.now(UTC))


def download_exchange(fetched: Fetched) -> Exchange:
    """A GET of a generated picture, kept as evidence like the request that made it."""
    return _exchange("GET", fetched, [("User-Agent", USER_AGENT)], b"")


def usage_int(value: Any) -> int:
    return int(value) if isinstance(value, int | float) and value >= 0 else 0
