"""The Civitai connector against a loopback Civitai answering in the real shapes (nextCursor, {"error"}, 429)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from creatorwatch.core.sources.base import RateLimited, SourceError, TokenMissing
from creatorwatch.core.sources.civitai import CivitaiSource
from creatorwatch.core.sources.http import BadResponse
from tests.conftest import CliRunner
from tests.media import make_picture
from tests.source_api_helpers import HTML_ERROR, TRUNCATED_JSON, body, config, fast_client

TERMS = ["Ada Lumen"]
Handler = Callable[[Request], Response]


def paged(first: str, second: str, cursor: str, seen: list[Request] | None = None) -> Handler:
    def handler(request: Request) -> Response:
        if seen is not None:
            seen.append(request)
        name = second if request.args.get("cursor") == cursor else first
        return Response(body(f"civitai/{name}"), content_type="application/json")

    return handler


def civitai(server: HTTPServer, seen: list[Request] | None = None) -> None:
    server.expect_request("/api/v1/images").respond_with_handler(
        paged("images_page1.json", "images_page2.json", "41000119", seen)
    )
    server.expect_request("/api/v1/models").respond_with_handler(
        paged("models.json", "models_page2.json", "1|77|1190002", seen)
    )


def source(server: HTTPServer, token: str | None = None, **settings: str) -> CivitaiSource:
    return CivitaiSource(config("civitai", server, name="civ", **settings), fast_client(), TERMS, token)


def test_images_and_models_are_found_across_cursor_pages(httpserver: HTTPServer) -> None:
    seen: list[Request] = []
    civitai(httpserver, seen)
    result = source(httpserver).poll({})
    by_url = {c.url.rsplit("/", 2)[-2] + "/" + c.url.rsplit("/", 1)[-1]: c for c in result.candidates}
    assert set(by_url) == {
        "images/41000123", "images/41000120", "images/41000119",
        "models/1205511", "models/1190002", "models/1100003",
    }
    styled = by_url["images/41000123"]
    assert "in the style of Ada Lumen" in styled.text  # the prompt, for the mention check
    assert styled.media_url and styled.media_url.startswith("https://image.civitai.com/")
    assert styled.meta["blurhash"] == "U8Fr~}~q00M{_3IUM{ay00xu%MRj00t7-;of"
    assert "content_hash" not in styled.meta and "sha256" not in styled.meta
    assert by_url["images/41000120"].text == ""  # an image posted without its prompt
    likeness = by_url["models/1205511"]
    assert likeness.meta["poi"] and likeness.meta["file_hashes"][0]["SHA256"].startswith("5E6F")
    assert "Trained on 60 photos of Ada Lumen." in likeness.text and "<p>" not in likeness.text
    assert likeness.media_url and "prev-0001" in likeness.media_url
    assert by_url["models/1190002"].meta["taken_down"]
    assert by_url["models/1100003"].meta["mode"] == "Archived"
    model_calls = [r for r in seen if r.path == "/api/v1/models"]
    assert model_calls[0].args["query"] == "Ada Lumen" and "page" not in model_calls[0].args
    assert model_calls[1].args["cursor"] == "1|77|1190002"
    assert result.cursor == {"newest": {"images": 41000123, "models:Ada Lumen": 1205511}}


def test_a_second_run_with_the_cursor_returns_nothing_new(httpserver: HTTPServer) -> None:
    civitai(httpserver)
    first = source(httpserver).poll({})
    again = source(httpserver).poll(first.cursor)
    assert again.candidates == [] and again.cursor == first.cursor


def test_only_images_newer_than_the_cursor_are_returned_and_paging_stops(httpserver: HTTPServer) -> None:
    seen: list[Request] = []
    civitai(httpserver, seen)
    result = source(httpserver, kinds="images").poll({"newest": {"images": 41000120}})
    assert [c.url for c in result.candidates] == [httpserver.url_for("/images/41000123")]
    assert len(seen) == 1  # the page already reached the last run's images: no second page


def test_images_can_be_narrowed_to_one_uploader(httpserver: HTTPServer) -> None:
    seen: list[Request] = []
    civitai(httpserver, seen)
    source(httpserver, kinds="images", username="promptfarmer", max_pages="1").poll({})
    assert seen[0].args["username"] == "promptfarmer" and seen[0].args["sort"] == "Newest"


def test_a_refused_key_says_how_to_store_a_new_one(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/v1/images").respond_with_json({"error": "Unauthorized"}, status=401)
    with pytest.raises(TokenMissing) as caught:
        source(httpserver, token="bad-key", kinds="images").poll({})
    assert "Civitai (civ)" in str(caught.value) and "creatorwatch secret set civitai" in str(caught.value)
    assert "bad-key" not in str(caught.value)


def test_an_error_body_is_reported_in_civitais_words(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/v1/models").respond_with_data(
        body("civitai/error_400.json"), status=400, content_type="application/json"
    )
    with pytest.raises(SourceError, match="Cannot use page param with query search"):
        source(httpserver, kinds="models").poll({})


def test_429_too_many_pages_with_retry_after_is_rate_limited(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/v1/images").respond_with_data(
        body("civitai/error_429_pages.json"), status=429, headers={"Retry-After": "60"},
        content_type="application/json",
    )
    with pytest.raises(RateLimited) as caught:
        source(httpserver, kinds="images").poll({})
    assert caught.value.retry_after == 60


def test_malformed_json_is_a_plain_error(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/v1/images").respond_with_data(TRUNCATED_JSON, content_type="application/json")
    with pytest.raises(BadResponse, match="could not be read"):
        source(httpserver, kinds="images").poll({})


def test_an_html_error_page_is_a_plain_error(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/v1/models").respond_with_data(HTML_ERROR, content_type="text/html")
    with pytest.raises(BadResponse, match="web page instead of data"):
        source(httpserver, kinds="models").poll({})


def test_check_downloads_civitai_images_matches_a_copy_and_records_the_prompt_mention(
    run_cli: CliRunner, httpserver: HTTPServer, tmp_path: Path
) -> None:
    """The whole path through the real command: a recompressed copy of a work, posted with a prompt that
    names the creator, is matched; an unrelated image is not."""
    work = make_picture(tmp_path / "lighthouse.png", seed=11)
    Image.open(work).convert("RGB").save(tmp_path / "copy.jpg", quality=70)
    make_picture(tmp_path / "other.png", seed=12)
    page = json.loads(body("civitai/images_page1.json"))
    page["items"][0]["url"] = httpserver.url_for("/media/copy.jpg")
    page["items"][1]["url"] = httpserver.url_for("/media/other.png")
    page["metadata"] = {}
    httpserver.expect_request("/api/v1/images").respond_with_json(page)
    for name, kind in (("copy.jpg", "image/jpeg"), ("other.png", "image/png")):
        httpserver.expect_request(f"/media/{name}").respond_with_data((tmp_path / name).read_bytes(), content_type=kind)
    assert run_cli("add", work).returncode == 0
    assert run_cli("terms", "add", "Ada Lumen").returncode == 0
    base = httpserver.url_for("").rstrip("/")
    added = run_cli("sources", "add", "civitai", "--name", "civ", "--base-url", base, "--set", "kinds=images")
    assert added.returncode == 0, added.stderr

    checked = run_cli("check", "--json")

    assert checked.returncode == 0, checked.stderr
    summary = json.loads(checked.stdout)
    assert (summary["new"], summary["matches"], summary["mentions"]) == (2, 1, 1)
    found = {(m["type"], m["candidate_url"]) for m in json.loads(run_cli("matches", "--json").stdout)}
    assert found == {("match", f"{base}/images/41000123"), ("mention", f"{base}/images/41000123")}
