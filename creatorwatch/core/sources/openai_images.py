"""OpenAI-style image generation (`/v1/images/generations`): a prompt in, pictures out as base64 or as URLs."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from creatorwatch.core.errors import SourceError
from creatorwatch.core.sources.model_endpoint import (
    IMAGE_ANSWER_BYTES,
    ModelEndpoint,
    Picture,
    Pictures,
    download_exchange,
)


class OpenAIImagesSource(ModelEndpoint):
    TYPE = "openai-images"
    DISPLAY_NAME = "Image model endpoint"
    DEFAULT_BASE_URL = "https://api.openai.com"
    TOKEN = "openai"
    OTHER_SETTINGS = ("size",)
    TOKEN_HELP = "Create an API key in your provider's dashboard (local servers need none)."
    KIND = "image"

    def generate(self, prompt: str) -> Pictures:
        params: dict[str, Any] = {"n": 1, "size": self.config.settings.get("size") or "1024x1024",
                                  "response_format": "b64_json"}
        body = {"model": self.model, "prompt": prompt, **params}
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        data, exchange = self.post_json("/v1/images/generations", body, headers, IMAGE_ANSWER_BYTES)
        items = data.get("data")
        self.check_answer(isinstance(items, list), "no data list")
        pictures = [self._picture(item) for item in items if isinstance(item, dict)]
        return Pictures(pictures, str(data.get("model") or self.model), exchange, {"endpoint": "/v1/images/generations",
                                                                                    **params})

    def _picture(self, item: dict[str, Any]) -> Picture:
        revised = str(item.get("revised_prompt") or "")
        if isinstance(item.get("b64_json"), str):
            try:
                return Picture(base64.b64decode(item["b64_json"], validate=True), revised)
            except (binascii.Error, ValueError) as exc:
                raise SourceError(f"{self.label}: sent a picture that is not valid base64.") from exc
        url = item.get("url")
        self.check_answer(isinstance(url, str), "a picture with neither b64_json nor url")
        fetched = self.http.get(str(url), max_bytes=IMAGE_ANSWER_BYTES)
        return Picture(fetched.content, revised, download_exchange(fetched))
