"""Anthropic's Messages API, asked one prompt at a time at temperature 0."""

from __future__ import annotations

from creatorwatch.core.sources.model_endpoint import TEXT_ANSWER_BYTES, Answer, Ask, ModelEndpoint, usage_int
from creatorwatch.core.sources.openai_compatible import exchange_header

API_VERSION = "2023-06-01"


class AnthropicSource(ModelEndpoint):
    TYPE = "anthropic"
    DISPLAY_NAME = "Anthropic"
    DEFAULT_BASE_URL = "https://api.anthropic.com"
    TOKEN = "anthropic"
    TOKEN_HELP = "Create an API key at https://console.anthropic.com/settings/keys."

    def complete(self, ask: Ask) -> Answer:
        body: dict[str, object] = {"model": self.model, "max_tokens": ask.max_tokens, "temperature": 0,
                                   "messages": [{"role": "user", "content": ask.prompt}]}
        if ask.system:
            body["system"] = ask.system
        headers = {"anthropic-version": API_VERSION}
        if self.token or not self.is_local:  # a local stand-in (a proxy, a test server) may need no key
            headers["x-api-key"] = self.required_token()
        data, exchange = self.post_json("/v1/messages", body, headers, TEXT_ANSWER_BYTES)
        content = data.get("content")
        self.check_answer(isinstance(content, list), "no content")
        parts = [str(b.get("text", "")) for b in content if isinstance(b, dict) and b.get("type") == "text"]
        usage = data.get("usage") if isinstance(data.get("usage"), dict) else {}
        version = exchange_header(exchange.response_headers, "request-id")
        return Answer("".join(parts), str(data.get("model") or self.model), version,
                      usage_int(usage.get("input_tokens")), usage_int(usage.get("output_tokens")), exchange,
                      {"endpoint": "/v1/messages", "temperature": 0, "max_tokens": ask.max_tokens,
                       "anthropic-version": API_VERSION})
