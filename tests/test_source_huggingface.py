"""The Hugging Face connector against a loopback Hub answering in the real shapes (Link paging, 401, 429)."""

from __future__ import annotations

import json
import re

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from creatorwatch.core.errors import BadResponse, RateLimited, SourceError, TokenMissing
from creatorwatch.core.sources.huggingface import HuggingFaceSource, is_image_lora, is_voice_repo
from tests.source_api_helpers import HTML_ERROR, body, config, data, fast_client, recorded

TERMS = ["Ada Lumen"]


def hub(server: HTTPServer, seen: list[Request] | None = None) -> None:
    """Models over two pages (Link: rel="next"), one dataset, no spaces, one model card."""

    def models(request: Request) -> Response:
        if seen is not None:
            seen.append(request)
        if request.args.get("cursor") == "eyJwYWdlIjoyfQ":
            return Response(body("huggingface/models_page2.json"), content_type="application/json")
        if request.args.get("search") == "adalumen":  # the name run together, as repo names write it
            return Response("[]", content_type="application/json")
        assert request.args["search"] == "Ada Lumen" and request.args["sort"] == "lastModified"
        query = "?search=Ada+Lumen&sort=lastModified&cursor=eyJwYWdlIjoyfQ"
        following = server.url_for("/api/models") + query
        return Response(
            body("huggingface/models_page1.json"),
            content_type="application/json",
            headers={"Link": f'<{following}>; rel="next"'},
        )

    server.expect_request("/api/models").respond_with_handler(models)
    server.expect_request("/api/datasets").respond_with_data(
        body("huggingface/datasets.json"), content_type="application/json"
    )
    server.expect_request("/api/spaces").respond_with_data("[]", content_type="application/json")
    server.expect_request("/fan123/ada-lumen-rvc-v2/raw/main/README.md").respond_with_data(
        body("huggingface/readme_rvc.md"), content_type="text/plain; charset=utf-8"
    )


def source(server: HTTPServer, token: str | None = None, **settings: str) -> HuggingFaceSource:
    hf_config = config("huggingface", server, name="hf", **settings)
    return HuggingFaceSource(hf_config, fast_client(), TERMS, token)


def card_404(server: HTTPServer) -> None:
    """Every other repo has no README: the Hub answers 404."""
    readme = re.compile(r".*/raw/main/README\.md")
    server.expect_request(readme).respond_with_data("Entry not found", status=404)


def test_repos_named_after_the_creator_are_found_with_flags_and_cards(httpserver: HTTPServer) -> None:
    hub(httpserver)
    card_404(httpserver)
    result = source(httpserver).poll({})
    by_title = {c.title: c for c in result.candidates}
    assert set(by_title) == {
        "fan123/ada-lumen-rvc-v2", "pixelsmith/ada-lumen-style-lora", "ada-lumen/official-tts",
        "scraper99/ada-lumen-artworks",
    }
    rvc = by_title["fan123/ada-lumen-rvc-v2"]
    assert rvc.url == httpserver.url_for("/fan123/ada-lumen-rvc-v2")
    assert rvc.meta["voice"] and not rvc.meta["image_lora"]
    assert "40 minutes of her album vocals" in rvc.text and rvc.meta["card"] == "fetched"
    assert rvc.meta["revision"] == "9c1f0e2d3b4a59687766554433221100ffeeddcc"
    lora = by_title["pixelsmith/ada-lumen-style-lora"]
    assert lora.meta["image_lora"] and not lora.meta["voice"] and lora.meta["card"] == "missing"
    tts = by_title["ada-lumen/official-tts"]
    assert tts.meta["voice"] and tts.published is None  # the Hub's placeholder date is not a real date
    dataset = by_title["scraper99/ada-lumen-artworks"]
    assert dataset.url == httpserver.url_for("/datasets/scraper99/ada-lumen-artworks")
    assert dataset.meta["kind"] == "dataset" and "scraped for fine-tuning" in dataset.text
    assert result.cursor["newest"]["models:Ada Lumen"] == "2026-11-20T10:12:44.000Z"


def test_errors_use_the_label_the_shared_client_was_given(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/models").respond_with_data("", status=401)
    client = fast_client(source="hf-watch (huggingface)", token_name="huggingface")
    hf = HuggingFaceSource(config("huggingface", httpserver, kinds="models", secret="hf-work"), client, TERMS)
    with pytest.raises(TokenMissing, match=r"^hf-watch \(huggingface\): .*secret set hf-work$"):
        hf.poll({})


def test_a_second_run_with_the_cursor_returns_nothing_new(httpserver: HTTPServer) -> None:
    hub(httpserver)
    card_404(httpserver)
    first = source(httpserver).poll({})
    again = source(httpserver).poll(first.cursor)
    assert again.candidates == []
    assert again.cursor == first.cursor


def test_only_repos_changed_since_the_cursor_are_returned(httpserver: HTTPServer) -> None:
    hub(httpserver)
    card_404(httpserver)
    cursor = {"newest": {"models:Ada Lumen": "2026-11-19T00:00:00.000Z", "models:Old alias": "2020-01-01"}}
    result = source(httpserver, kinds="models").poll(cursor)
    assert [c.title for c in result.candidates] == ["fan123/ada-lumen-rvc-v2"]
    # the alias no longer watched is forgotten
    assert result.cursor == {"newest": {"models:Ada Lumen": "2026-11-20T10:12:44.000Z"}}


def test_a_stored_token_is_sent_as_bearer(httpserver: HTTPServer) -> None:
    seen: list[Request] = []
    hub(httpserver, seen)
    card_404(httpserver)
    source(httpserver, token="hf_abc", kinds="models", cards="0").poll({})
    assert seen and all(r.headers["Authorization"] == "Bearer hf_abc" for r in seen)


def test_a_refused_token_says_how_to_store_a_new_one(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/models").respond_with_data(
        body("huggingface/error_401.json"), status=401, content_type="application/json"
    )
    with pytest.raises(TokenMissing) as caught:
        source(httpserver, token="hf_wrong", kinds="models").poll({})
    message = str(caught.value)
    assert "Hugging Face (hf)" in message and "creatorwatch secret set huggingface" in message
    assert "hf_wrong" not in message


def test_429_with_retry_after_becomes_rate_limited_with_the_wait(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/models").respond_with_data(
        body("huggingface/error_429.json"), status=429, headers={"Retry-After": "300"},
        content_type="application/json",
    )
    with pytest.raises(RateLimited) as caught:
        source(httpserver, kinds="models").poll({})
    assert caught.value.retry_after == 300


def test_a_short_retry_after_is_waited_out_and_the_run_goes_on(httpserver: HTTPServer) -> None:
    httpserver.expect_ordered_request("/api/models").respond_with_data(
        body("huggingface/error_429.json"), status=429, headers={"Retry-After": "0"}
    )
    httpserver.expect_ordered_request("/api/models").respond_with_data(
        body("huggingface/models_page2.json"), content_type="application/json"
    )
    httpserver.expect_ordered_request("/api/models")\
        .respond_with_data("[]", content_type="application/json")  # the name run together: nothing more
    client = fast_client(retries=1)
    hf = HuggingFaceSource(config("huggingface", httpserver, kinds="models", cards="0"), client, TERMS)
    assert [c.title for c in hf.poll({}).candidates] == ["ada-lumen/official-tts"]


def test_malformed_json_is_a_plain_error(httpserver: HTTPServer) -> None:
    answer = '[{"id": "a/b", '
    httpserver.expect_request("/api/models").respond_with_data(answer, content_type="application/json")
    with pytest.raises(BadResponse, match="could not be read"):
        source(httpserver, kinds="models").poll({})


def test_a_list_holding_no_repos_is_an_unexpected_shape_not_nothing_new(httpserver: HTTPServer) -> None:
    """A broken proxy's ["a", "b", null, 5] is no answer at all: said, not read as a quiet day."""
    httpserver.expect_request("/api/models").respond_with_data('["a", "b", null, 5]', content_type="application/json")
    with pytest.raises(SourceError, match="unexpected shape"):
        source(httpserver, kinds="models").poll({})


def test_an_html_error_page_is_a_plain_error(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/models").respond_with_data(HTML_ERROR, content_type="text/html")
    with pytest.raises(BadResponse, match="web page instead of data"):
        source(httpserver, kinds="models").poll({})


def test_without_watch_terms_it_says_how_to_add_them(httpserver: HTTPServer) -> None:
    hf = HuggingFaceSource(config("huggingface", httpserver), fast_client(), [])
    with pytest.raises(SourceError, match="creatorwatch terms add"):
        hf.poll({})


def test_voice_and_lora_flags_follow_tags_names_and_files() -> None:
    assert is_voice_repo({"id": "x/y", "tags": [], "siblings": [{"rfilename": "G_8000.pth"}]})
    assert is_voice_repo({"id": "x/someone-so-vits-svc-4.0", "tags": []})
    assert not is_voice_repo({"id": "x/resolver", "tags": ["text-classification"]})
    assert is_image_lora(data("huggingface/models_page1.json")[1])
    assert not is_image_lora({"id": "x/explorer", "tags": ["text-to-image"]})


def test_named_authors_and_tags_are_watched_and_their_cards_read(httpserver: HTTPServer) -> None:
    """The Hub's search never reads cards: a LoRA whose name says nothing is found through its tag, and its
    card (which names the creator) is in its text for the watch-term search."""
    seen: list[Request] = []

    def models(request: Request) -> Response:
        seen.append(request)
        if request.args.get("filter") == "lora":
            return Response('[{"id": "anon/style-v3", "lastModified": "2026-11-30T00:00:00.000Z", "tags": ["lora"]}]',
                            content_type="application/json")
        if request.args.get("author") == "pixelsmith":
            return Response('[{"id": "pixelsmith/mix-42", "lastModified": "2026-11-29T00:00:00.000Z"}]',
                            content_type="application/json")
        return Response("[]", content_type="application/json")

    httpserver.expect_request("/api/models").respond_with_handler(models)
    httpserver.expect_request("/anon/style-v3/raw/main/README.md").respond_with_data(
        "# Style v3\nTrained on 200 paintings by Ada Lumen scraped from adalumen.example.")
    card_404(httpserver)
    result = source(httpserver, kinds="models", authors="pixelsmith", tags="lora").poll({})
    by_title = {c.title: c for c in result.candidates}
    assert set(by_title) == {"anon/style-v3", "pixelsmith/mix-42"}
    assert "Trained on 200 paintings by Ada Lumen" in by_title["anon/style-v3"].text
    asked = [{k: v for k, v in r.args.items() if k in ("search", "author", "filter")} for r in seen]
    assert asked == [{"search": "Ada Lumen"}, {"search": "adalumen"}, {"author": "pixelsmith"}, {"filter": "lora"}]
    assert all("direction" not in r.args for r in seen)  # deprecated and ignored by the Hub
    assert set(result.cursor["newest"]) == {"models:author:pixelsmith", "models:tag:lora"}


def test_authors_alone_need_no_watch_terms(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/models").respond_with_data("[]", content_type="application/json")
    hf = HuggingFaceSource(config("huggingface", httpserver, kinds="models", authors="pixelsmith"), fast_client(), [])
    assert hf.poll({}).candidates == []


def test_the_recorded_hub_listing_and_its_link_header_are_read(httpserver: HTTPServer) -> None:
    """A real /api/models answer with its real Link header (cursor paging)."""
    sample = recorded("huggingface", "models_list_page")
    real_next = sample["headers"]["Link"]
    following = real_next.replace("https://huggingface.co", httpserver.url_for("").rstrip("/"))
    pages = [(sample["body"], {"Link": following}), ([], {})]
    httpserver.expect_ordered_request("/api/models").respond_with_json(pages[0][0], headers=pages[0][1])
    httpserver.expect_ordered_request("/api/models").respond_with_json(pages[1][0])
    httpserver.expect_ordered_request("/api/models").respond_with_json([])  # "adalumen": the name run together
    card_404(httpserver)
    result = source(httpserver, kinds="models", cards="0").poll({})
    assert [c.title for c in result.candidates] == [
        "neonoodles/Qwen3.8-27B-Wildthing-ARA-MTP-GGUF", "mradermacher/Qwen3.8-27B-abliterated-GGUF",
    ]
    assert result.candidates[0].meta["author"] == "neonoodles"  # no author field without full=true: from the id
    second = httpserver.log[1][0]
    assert second.args["cursor"].startswith("eyIkb3IiOlt7")


def test_a_name_run_together_in_a_repo_name_is_searched_and_named(httpserver: HTTPServer) -> None:
    """The Hub's search finds the words as written: "Ian Murdock" missed "ianmurdock-lora". The name run together
    is searched too (one more listing per name), and the repo is a mention; "Brian-Murdock-voice" is not."""
    from creatorwatch.core.records.terms import terms_named

    repos = {"Ian Murdock": ["y/Ian_Murdock_tts", "w/Brian-Murdock-voice", "x/konquistador-sdxl"],
             "ianmurdock": ["z/ianmurdock-lora", "q/IanMurdock.v2"]}
    seen: list[str] = []

    def models(request: Request) -> Response:
        seen.append(request.args["search"])
        listing = [{"id": r, "lastModified": "2026-12-01T00:00:00.000Z", "tags": []}
                   for r in repos.get(request.args["search"], [])]
        return Response(json.dumps(listing), content_type="application/json; charset=utf-8")

    httpserver.expect_request("/api/models").respond_with_handler(models)
    hf = HuggingFaceSource(config("huggingface", httpserver, kinds="models", cards="0"), fast_client(),
                           ["Ian Murdock"])
    found = hf.poll({}).candidates
    assert seen == ["Ian Murdock", "ianmurdock"]
    named = {c.title for c in found if terms_named(c.text, ["Ian Murdock"])}
    assert named == {"y/Ian_Murdock_tts", "z/ianmurdock-lora", "q/IanMurdock.v2"}
