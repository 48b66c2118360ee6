"""A loopback "memorising model" for the probe tests, speaking the exact shapes of the OpenAI chat, Anthropic
Messages and OpenAI images APIs (their errors too): it returns the true continuation of some works, a paraphrase
of others, and unrelated text for the rest, and draws a copy of a library picture when asked for it by title."""

from __future__ import annotations

import base64
import io
import json
import random
import re
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils
from PIL import Image
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from creatorwatch.core.library.works import Library
from creatorwatch.core.records.terms import Terms
from tests.media import make_picture
from tests.sources_fixtures import SocketServer

KEY = "sk-test-Zq7SECRETkey0042"
GLUE = ["the", "a", "of", "in", "and", "with", "under", "beside", "toward", "past", "near", "beyond"]
VERBS = ["carried", "mended", "counted", "painted", "buried", "traded", "whistled at", "folded", "guarded",
         "measured", "followed", "warned", "sheltered", "polished", "forgot"]


def _coined(rng: random.Random, count: int) -> list[str]:
    syllables = ["bra", "quel", "mor", "tin", "vask", "lor", "pim", "dren", "sal", "oth", "gru", "fen", "zar",
                 "wil", "cas", "nib", "tor", "hesk", "yul", "pran"]
    return ["".join(rng.choice(syllables) for _ in range(rng.randint(2, 3))) for _ in range(count)]


def make_story(seed: int, sentences: int = 45) -> str:
    """Prose with coined nouns and three recurring character names: distinctive, and nothing like another seed."""
    rng = random.Random(seed)
    nouns = _coined(rng, 60)
    names = [n.capitalize() for n in _coined(rng, 3)]
    out = []
    for i in range(sentences):
        who = names[i % 3] if i % 2 == 0 else rng.choice(names)
        a, b, c = rng.sample(nouns, 3)
        glue = rng.choice(GLUE[3:])
        other = rng.choice([n for n in names if n != who])
        ending = f"for {other}" if i % 3 == 1 else f"and the {c}"
        out.append(f"{who} {rng.choice(VERBS)} the {a} {glue} {b} {ending}.")
        if i % 9 == 8:
            out.append("\n")
    return " ".join(out).replace(" \n ", "\n")


def paraphrase(words: list[str]) -> str:
    """The same content words retold in another order and other glue: no four words in a row survive."""
    content = [w.strip(".,") for w in words if len(w.strip(".,")) >= 4 and w.lower() not in
               {"with", "under", "beside", "toward", "past", "near", "beyond", "the", "and"}]
    out = []
    for i in range(0, len(content), 3):
        group = list(reversed(content[i:i + 3]))
        out.append("It is said that " + ", then ".join(group) + " were there.")
    return " ".join(out)


def unrelated(seed: int) -> str:
    return " ".join(make_story(seed + 1000, 12).split())


def picture_bytes(path: Path, transform: bool = True) -> bytes:
    """The picture at `path` as PNG; transformed like a generated copy would be (scaled, cropped a little)."""
    with Image.open(path) as image:
        picture = image.convert("RGB")
    if transform:
        w, h = picture.size
        picture = picture.crop((6, 4, w - 6, h - 4)).resize((int(w * 1.6), int(h * 1.6)))
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


def picture_library(db: sqlite_utils.Database, works: Path, spare: Path) -> MemorisingModel:
    """Two pictures in the library ("Harbour Lights", "Salt Flats") and a text-to-image model that draws a copy
    of the first when asked for it by title, and an unrelated picture (written to `spare`) for anything else."""
    works.mkdir(parents=True, exist_ok=True)
    harbour = make_picture(works / "Harbour_Lights.png", seed=1)
    make_picture(works / "Salt_Flats.png", seed=2)
    Library(db).add_paths([works])
    Terms(db).add(["Wren Aldane"])
    return MemorisingModel(pictures={"Harbour Lights": picture_bytes(harbour)},
                           other_picture=picture_bytes(make_picture(spare, seed=9), False))


@dataclass
class MemorisingModel:
    """What the model "knows": works by title with how it knows them ("memorised", "paraphrase", "unrelated",
    "elsewhere")."""

    works: dict[str, tuple[str, str]] = field(default_factory=dict)  # title -> (text, mode)
    pictures: dict[str, bytes] = field(default_factory=dict)  # a title in the prompt -> the picture drawn
    other_picture: bytes = b""
    model: str = "memo-1"
    requests: list[dict[str, object]] = field(default_factory=list)

    def add(self, title: str, text: str, mode: str) -> None:
        self.works[title] = (" ".join(text.split()), mode)

    # -- what it says --

    def reply(self, prompt: str) -> str:
        if "[MASK]" in prompt:
            return self._cloze(prompt)
        quote = re.search(r"opening of \u201c(.+?)\u201d by", prompt)
        if quote:
            text, mode = self.works.get(quote.group(1), ("", "unrelated"))
            return self._say(text.split()[:150], mode, len(quote.group(1)), text)
        given = " ".join(prompt.split("\n\n", 1)[-1].split())
        for text, mode in self.works.values():
            at = text.find(given)
            if at >= 0:
                rest = text[at + len(given):].split()[:150]
                return self._say(rest, mode, at, text)
        return "I do not know this text."

    def _say(self, words: list[str], mode: str, seed: int, text: str = "") -> str:
        if mode == "memorised":
            return " ".join(words)
        if mode == "elsewhere":  # it knows the work by heart, but recites its ending whatever it is asked
            return " ".join(text.split()[-120:])
        if mode == "paraphrase":
            return paraphrase(words)
        return unrelated(seed)

    def _cloze(self, prompt: str) -> str:
        passage = " ".join(prompt.split("\n\n", 1)[-1].split())
        before = passage.split("[MASK]")[0].split()[-6:]
        pattern = re.escape(" ".join(before)) + r" (\w+)"
        for text, mode in self.works.values():
            found = re.search(pattern, text)
            if found:
                return found.group(1) if mode == "memorised" else "Margaret"
        return "Margaret"

    def draw(self, prompt: str) -> bytes:
        return next((data for title, data in self.pictures.items() if title in prompt), self.other_picture)

    # -- the APIs --

    def serve(self, server: HTTPServer, key: str | None = KEY, images_as_url: bool = False) -> None:
        server.expect_request("/v1/chat/completions", method="POST").respond_with_handler(self.chat_handler(key))
        server.expect_request("/v1/completions", method="POST").respond_with_handler(self._completions(key))
        server.expect_request("/v1/messages", method="POST").respond_with_handler(self.messages_handler(key))
        server.expect_request("/v1/images/generations", method="POST").respond_with_handler(
            self._images(key, server if images_as_url else None))
        server.expect_request(re.compile(r"/files/.*")).respond_with_handler(
            lambda r: Response(self.pictures_by_id[r.path.rsplit("/", 1)[-1]], content_type="image/png"))

    pictures_by_id: dict[str, bytes] = field(default_factory=dict)

    def _note(self, request: Request) -> dict[str, Any]:
        body = json.loads(request.get_data())
        self.requests.append({"path": request.path, "headers": dict(request.headers), "body": body})
        return body

    def chat_handler(self, key: str | None) -> Callable[[Request], Response]:
        def handle(request: Request) -> Response:
            body = self._note(request)
            if key and request.headers.get("Authorization") != f"Bearer {key}":
                return openai_error(401, "Incorrect API key provided: sk-te****0042.", "invalid_request_error",
                                    "invalid_api_key")
            if body["model"] != self.model:
                return openai_error(404, f"The model `{body['model']}` does not exist or you do not have access "
                                    "to it.", "invalid_request_error", "model_not_found")
            assert body["temperature"] == 0 and body["stream"] is False
            prompt = body["messages"][-1]["content"]
            text = self.reply(prompt)
            usage = {"prompt_tokens": len(prompt) // 4, "completion_tokens": len(text) // 4}
            usage["total_tokens"] = usage["prompt_tokens"] + usage["completion_tokens"]
            return Response(json.dumps({
                "id": f"chatcmpl-{len(self.requests)}", "object": "chat.completion", "created": 1764950000,
                "model": f"{self.model}-2026-01-01", "system_fingerprint": "fp_memo42",
                "choices": [{"index": 0, "message": {"role": "assistant", "content": text, "refusal": None},
                             "logprobs": None, "finish_reason": "stop"}],
                "usage": usage}), content_type="application/json",
                headers={"x-ratelimit-remaining-requests": "99", "x-ratelimit-remaining-tokens": "99000",
                         "openai-version": "2020-10-01"})
        return handle

    def _completions(self, key: str | None) -> Callable[[Request], Response]:
        """The legacy completions shape: a bare prompt continued, `choices[0].text`."""
        def handle(request: Request) -> Response:
            body = self._note(request)
            if key and request.headers.get("Authorization") != f"Bearer {key}":
                return openai_error(401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key")
            text = self.reply(str(body["prompt"]))
            return Response(json.dumps({
                "id": f"cmpl-{len(self.requests)}", "object": "text_completion", "created": 1764950000,
                "model": self.model, "system_fingerprint": "fp_memo42",
                "choices": [{"text": text, "index": 0, "logprobs": None, "finish_reason": "length"}],
                "usage": {"prompt_tokens": len(str(body["prompt"])) // 4, "completion_tokens": len(text) // 4,
                          "total_tokens": (len(str(body["prompt"])) + len(text)) // 4}}),
                content_type="application/json")
        return handle

    def messages_handler(self, key: str | None) -> Callable[[Request], Response]:
        def handle(request: Request) -> Response:
            body = self._note(request)
            if key and request.headers.get("x-api-key") != key:
                return anthropic_error(401, "authentication_error", "invalid x-api-key")
            assert request.headers.get("anthropic-version") == "2023-06-01"
            if body["model"] != self.model:
                return anthropic_error(404, "not_found_error", f"model: {body['model']}")
            prompt = body["messages"][-1]["content"]
            text = self.reply(prompt)
            return Response(json.dumps({
                "id": f"msg_{len(self.requests)}", "type": "message", "role": "assistant", "model": self.model,
                "content": [{"type": "text", "text": text}], "stop_reason": "end_turn", "stop_sequence": None,
                "usage": {"input_tokens": len(prompt) // 4, "output_tokens": len(text) // 4}}),
                content_type="application/json", headers={"request-id": f"req_{len(self.requests)}"})
        return handle

    def _images(self, key: str | None, server: HTTPServer | None) -> Callable[[Request], Response]:
        def handle(request: Request) -> Response:
            body = self._note(request)
            if key and request.headers.get("Authorization") != f"Bearer {key}":
                return openai_error(401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key")
            data = self.draw(str(body["prompt"]))
            if server is not None:
                name = f"img{len(self.requests)}.png"
                self.pictures_by_id[name] = data
                item = {"url": server.url_for(f"/files/{name}"), "revised_prompt": body["prompt"]}
            else:
                item = {"b64_json": base64.b64encode(data).decode(), "revised_prompt": body["prompt"]}
            return Response(json.dumps({"created": 1764950000, "data": [item]}), content_type="application/json")
        return handle


def openai_error(status: int, message: str, type_: str, code: str | None,
                 headers: dict[str, str] | None = None) -> Response:
    return Response(json.dumps({"error": {"message": message, "type": type_, "param": None, "code": code}}),
                    status=status, content_type="application/json", headers=headers or {})


def anthropic_error(status: int, type_: str, message: str, headers: dict[str, str] | None = None) -> Response:
    return Response(json.dumps({"type": "error", "error": {"type": type_, "message": message}}), status=status,
                    content_type="application/json", headers=headers or {})


class TrickleServer(SocketServer):
    """An endpoint that answers 200 and then streams server-sent events, 4 KB every 50 ms, forever."""

    path = ""

    def answer(self, conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n")
        event = b"data: " + b"x" * 4082 + b"\n\n"
        while not self._stop.is_set():
            conn.sendall(f"{len(event):x}\r\n".encode() + event + b"\r\n")
            time.sleep(0.05)



def probes_enabled(run_cli: Callable[..., Any]) -> list[dict[str, Any]]:
    """What `probe enabled --json` lists, without when each agreement was given (so two can be compared)."""
    shown = run_cli("probe", "enabled", "--json")
    assert shown.returncode == 0, shown.stderr
    return [{k: v for k, v in c.items() if k != "given_at"} for c in json.loads(shown.stdout)]
