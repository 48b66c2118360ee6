"""The Civitai connector against a loopback Civitai answering in the real shapes (nextCursor, {"error"}, 429)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from creatorwatch.core.errors import BadResponse, RateLimited, SourceError, TokenMissing
from creatorwatch.core.sources.civitai import CivitaiSource
from tests.conftest import CliRunner
from tests.media import make_picture
from tests.source_api_helpers import HTML_ERROR, TRUNCATED_JSON, body, config, fast_client, recorded

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
    assert "poi" not in likeness.meta  # the public API hides every real-person item: never promise the flag
    assert likeness.meta["file_hashes"][0]["SHA256"].startswith("5E6F")
    assert "Trained on 60 photos of Ada Lumen." in likeness.text and "<p>" not in likeness.text
    assert likeness.media_url and "prev-0001" in likeness.media_url
    assert by_url["models/1190002"].meta["taken_down"]
    assert by_url["models/1100003"].meta["mode"] == "Archived"
    model_calls = [r for r in seen if r.path == "/api/v1/models"]
    assert model_calls[0].args["query"] == "Ada Lumen" and "page" not in model_calls[0].args
    assert model_calls[1].args["cursor"] == "1|77|1190002"
    image_calls = [r for r in seen if r.path == "/api/v1/images"]
    assert {r.args["modelId"] for r in image_calls} == {"1205511", "1190002", "1100003"}  # the models' galleries
    assert all(r.args["nsfw"] == "None" for r in image_calls) and model_calls[0].args["nsfw"] == "false"
    assert result.cursor["seen"]["models:Ada Lumen"] == [1205511, 1190002, 1100003]
    assert result.cursor["galleries"] == [1205511, 1190002, 1100003]


def test_a_second_run_with_the_cursor_returns_nothing_new(httpserver: HTTPServer) -> None:
    civitai(httpserver)
    first = source(httpserver).poll({})
    again = source(httpserver).poll(first.cursor)
    assert again.candidates == [] and again.cursor == first.cursor


def test_only_images_not_seen_before_are_returned_and_paging_stops_at_a_page_seen_whole(
    httpserver: HTTPServer,
) -> None:
    seen: list[Request] = []
    civitai(httpserver, seen)
    cursor = {"seen": {"images:user:promptfarmer": [41000120, 41000119]}}
    result = source(httpserver, kinds="images", username="promptfarmer").poll(cursor)
    assert [c.url for c in result.candidates] == [httpserver.url_for("/images/41000123")]
    assert result.cursor["seen"]["images:user:promptfarmer"][0] == 41000123


def test_an_image_published_late_is_found_though_its_id_is_older(httpserver: HTTPServer) -> None:
    """Civitai orders images by when it published or scanned them: an old id can come first on a later run."""
    late = {"id": 40000001, "url": "https://image.civitai.com/x/late.jpeg", "createdAt": "2026-12-01T00:00:00Z",
            "username": "promptfarmer", "meta": {"prompt": "portrait in the style of Ada Lumen"}}
    older = {"id": 41000123, "url": "https://image.civitai.com/x/old.jpeg", "createdAt": "2026-11-30T00:00:00Z",
             "username": "promptfarmer", "meta": None}
    httpserver.expect_ordered_request("/api/v1/images").respond_with_json({"items": [older], "metadata": {}})
    httpserver.expect_ordered_request("/api/v1/images").respond_with_json({"items": [late, older], "metadata": {}})
    first = source(httpserver, kinds="images", username="promptfarmer").poll({})
    second = source(httpserver, kinds="images", username="promptfarmer").poll(first.cursor)
    assert [c.url for c in second.candidates] == [httpserver.url_for("/images/40000001")]
    assert "Ada Lumen" in second.candidates[0].text


def test_a_new_model_ranked_below_older_ones_is_still_found(httpserver: HTTPServer) -> None:
    """Model search is by relevance whatever `sort` says: a new model may come after ones seen before."""
    def model(number: int) -> dict[str, Any]:
        return {"id": number, "name": f"Ada Lumen style v{number}", "type": "LORA", "modelVersions": []}

    httpserver.expect_ordered_request("/api/v1/models").respond_with_json(
        {"items": [model(900), model(800)], "metadata": {}})
    httpserver.expect_ordered_request("/api/v1/models").respond_with_json(
        {"items": [model(900), model(800), model(950)], "metadata": {}})
    first = source(httpserver, kinds="models").poll({})
    second = source(httpserver, kinds="models").poll(first.cursor)
    assert [c.title for c in second.candidates] == ["Ada Lumen style v950"]


def test_images_alone_with_nobody_named_says_civitai_cannot_search_images_by_words(httpserver: HTTPServer) -> None:
    with pytest.raises(SourceError, match="cannot search images by words"):
        source(httpserver, kinds="images").poll({})


def test_nsfw_only_when_the_creator_opts_in(httpserver: HTTPServer) -> None:
    seen: list[Request] = []
    civitai(httpserver, seen)
    source(httpserver, kinds="images,models", username="promptfarmer", nsfw="yes", max_pages="1").poll({})
    assert all("nsfw" not in r.args for r in seen if r.path == "/api/v1/images")
    assert [r.args["nsfw"] for r in seen if r.path == "/api/v1/models"] == ["true"]


def test_a_model_file_is_identified_by_its_hash_once(httpserver: HTTPServer) -> None:
    version = {"id": 2514310, "modelId": 827184, "name": "v16.0", "baseModel": "Illustrious",
               "model": {"name": "Ada Lumen style", "type": "LORA", "nsfw": False}, "files": []}
    httpserver.expect_request("/api/v1/model-versions/by-hash/A5F58EB1C3").respond_with_json(version)
    httpserver.expect_request("/api/v1/model-versions/by-hash/0000000000").respond_with_json(
        {"error": "Model not found"}, status=404)
    httpserver.expect_request("/api/v1/models").respond_with_json({"items": [], "metadata": {}})
    found = source(httpserver, kinds="models", hashes="A5F58EB1C3,0000000000").poll({})
    assert [c.url for c in found.candidates] == [httpserver.url_for("/models/827184") + "?modelVersionId=2514310"]
    assert found.candidates[0].title == "Ada Lumen style v16.0"
    again = source(httpserver, kinds="models", hashes="A5F58EB1C3,0000000000").poll(found.cursor)
    assert again.candidates == []


def test_the_recorded_images_and_models_answers_are_read(httpserver: HTTPServer) -> None:
    """Civitai's real answers: nsfwLevel as a word, modelVersionIds of what made the image, poi false."""
    images, models = recorded("civitai", "images"), recorded("civitai", "models")
    httpserver.expect_request("/api/v1/images").respond_with_json({**images["body"], "metadata": {}})
    httpserver.expect_request("/api/v1/models").respond_with_json({**models["body"], "metadata": {}})
    result = source(httpserver, username="Ajuro").poll({})
    by_kind = {c.meta["kind"]: c for c in result.candidates}
    assert by_kind["image"].meta["made_with_model_versions"] == [9208, 249861, 258687, 332071, 345685]
    assert by_kind["image"].meta["nsfw_level"] == "Soft"
    assert by_kind["model"].meta["file_hashes"][0]["AutoV2"] == "A5F58EB1C3"


def test_the_recorded_too_many_pages_429_is_rate_limited_in_civitais_words(httpserver: HTTPServer) -> None:
    sample = recorded("civitai", "too_many_pages_429")
    httpserver.expect_request("/api/v1/models").respond_with_json(sample["body"], status=429)
    with pytest.raises(SourceError):
        source(httpserver, kinds="models").poll({})


def test_images_can_be_narrowed_to_one_uploader(httpserver: HTTPServer) -> None:
    seen: list[Request] = []
    civitai(httpserver, seen)
    source(httpserver, kinds="images", username="promptfarmer", max_pages="1").poll({})
    assert seen[0].args["withMeta"] == "true"
    assert seen[0].args["username"] == "promptfarmer" and seen[0].args["sort"] == "Newest"


def test_a_refused_key_says_how_to_store_a_new_one(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/v1/images").respond_with_json({"error": "Unauthorized"}, status=401)
    with pytest.raises(TokenMissing) as caught:
        source(httpserver, token="bad-key", kinds="images", username="u").poll({})
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
        source(httpserver, kinds="images", username="u").poll({})
    assert caught.value.retry_after == 60


def test_malformed_json_is_a_plain_error(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/v1/images").respond_with_data(TRUNCATED_JSON, content_type="application/json")
    with pytest.raises(BadResponse, match="could not be read"):
        source(httpserver, kinds="images", username="u").poll({})


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
    added = run_cli("sources", "add", "civitai", "--name", "civ", "--base-url", base, "--set", "kinds=images",
                    "--set", "username=promptfarmer")
    assert added.returncode == 0, added.stderr

    checked = run_cli("check", "--json")

    assert checked.returncode == 0, checked.stderr
    summary = json.loads(checked.stdout)
    assert (summary["new"], summary["matches"], summary["mentions"]) == (2, 1, 1)
    found = {(m["type"], m["candidate_url"]) for m in json.loads(run_cli("matches", "--json").stdout)}
    assert found == {("match", f"{base}/images/41000123"), ("mention", f"{base}/images/41000123")}
