"""OpenAI-compatible chat endpoints — OpenAI, Mistral, Groq, Together, OpenRouter, DeepSeek, Hugging Face's router,
and local servers (Ollama, llama.cpp, vLLM, LM Studio) — asked one prompt at a time, at temperature 0, unstreamed."""

from __future__ import annotations

from typing import Any

from creatorwatch.core.sources.model_endpoint import TEXT_ANSWER_BYTES, Answer, Ask, ModelEndpoint, usage_int


class OpenAICompatibleSource(ModelEndpoint):
    TYPE = "openai-compatible"
    DISPLAY_NAME = "Model endpoint"
    DEFAULT_BASE_URL = "https://api.openai.com"
    TOKEN = "openai"
    OTHER_SETTINGS = ("seed", "api")
    TOKEN_HELP = "Create an API key in your provider's dashboard (local servers need none)."

    def complete(self, ask: Ask) -> Answer:
        params: dict[str, Any] = {"temperature": 0, "max_tokens": ask.max_tokens, "stream": False}
        seed = self.config.settings.get("seed", "").strip()
        if seed.isdigit():
            params["seed"] = int(seed)
        raw = bool(ask.bare) and self.config.settings.get("api", "chat") == "completions"
        if raw:  # --set api=completions: the passage alone, continued as a base model would (Carlini et al.)
            body: dict[str, Any] = {"model": self.model, "prompt": ask.bare, **params}
            path = "/v1/completions"
        else:
            messages = [{"role": "system", "content": ask.system}] if ask.system else []
            messages.append({"role": "user", "content": ask.prompt})
            body = {"model": self.model, "messages": messages, **params}
            path = "/v1/chat/completions"
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        data, exchange = self.post_json(path, body, headers, TEXT_ANSWER_BYTES)
        choices = data.get("choices")
        self.check_answer(isinstance(choices, list) and bool(choices) and isinstance(choices[0], dict), "no choices")
        first = choices[0]
        text = first.get("text") if raw else (first.get("message") or {}).get("content")
        self.check_answer(isinstance(text, str), "no text in the first choice")
        usage = data.get("usage") if isinstance(data.get("usage"), dict) else {}
        version = data.get("system_fingerprint") or exchange_header(exchange.response_headers, "openai-version")
        return Answer(str(text), str(data.get("model") or self.model), str(version or ""),
                      usage_int(usage.get("prompt_tokens")), usage_int(usage.get("completion_tokens")), exchange,
                      {"endpoint": path, **params})


def exchange_header(headers: list[tuple[str, str]], name: str) -> str:
    return next((value for key, value in headers if key.lower() == name), "")
