"""The Lumen connector against a loopback Lumen answering in the real shapes (token header, page/next_page,
403 without a token, 429 text/plain)."""

from __future__ import annotations

from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from creatorwatch.core.errors import BadResponse, RateLimited, SourceError, TokenMissing
from creatorwatch.core.sources.lumen import LumenSource
from tests.source_api_helpers import HTML_ERROR, body, config, fast_client, recorded

TERMS = ["Ada Lumen"]
TOKEN = "lumen-secret-token"


def lumen(server: HTTPServer, seen: list[Request] | None = None) -> None:
    def search(request: Request) -> Response:
        if seen is not None:
            seen.append(request)
        if request.headers.get("X-Authentication-Token") != TOKEN:
            return Response(body("lumen/error_401.json"), status=401, content_type="application/json")
        page = request.args.get("page", "1")
        return Response(body(f"lumen/search_page{page}.json"), content_type="application/json; charset=utf-8")

    server.expect_request("/notices/search.json").respond_with_handler(search)


def source(server: HTTPServer, token: str | None = TOKEN, **settings: str) -> LumenSource:
    settings.setdefault("fields", "term")  # one search per term, unless a test asks for more
    return LumenSource(config("lumen", server, name="takedowns", **settings), fast_client(), TERMS, token)


def test_notices_naming_the_creator_are_found_across_pages(httpserver: HTTPServer) -> None:
    seen: list[Request] = []
    lumen(httpserver, seen)
    result = source(httpserver).poll({})
    assert [c.url for c in result.candidates] == [
        httpserver.url_for(f"/notices/{n}") for n in (41234567, 41230001, 40000001)
    ]
    first = result.candidates[0]
    assert "Lighthouse at Dusk" in first.text and first.published == "2026-11-20T14:02:11Z"
    assert first.meta["works"][0]["infringing_urls"] == ["aigallery.example"]  # host names for plain tokens
    second = result.candidates[1]
    assert second.meta["works"][0]["infringing_urls"] == [
        "https://huggingface.co/pixelsmith/ada-lumen-style-lora"  # full URLs for researcher tokens
    ]
    assert [r.args["page"] for r in seen] == ["1", "2"]
    assert seen[0].args["term"] == "Ada Lumen" and seen[0].args["sort_by"] == "created_at desc"
    assert result.cursor == {"last_id": {"term:Ada Lumen": 41234567}}


def test_a_second_run_with_the_cursor_returns_nothing_new_and_reads_one_page(httpserver: HTTPServer) -> None:
    seen: list[Request] = []
    lumen(httpserver, seen)
    first = source(httpserver).poll({})
    seen.clear()
    again = source(httpserver).poll(first.cursor)
    assert again.candidates == [] and again.cursor == first.cursor
    assert len(seen) == 1


def test_without_a_token_it_says_how_to_store_one_and_asks_nothing(httpserver: HTTPServer) -> None:
    seen: list[Request] = []
    lumen(httpserver, seen)
    with pytest.raises(TokenMissing) as caught:
        source(httpserver, token=None).poll({})
    assert "Lumen Database (takedowns)" in str(caught.value)
    assert "creatorwatch secret set lumen" in str(caught.value)
    assert seen == []


@pytest.mark.parametrize("status", [401, 403])
def test_a_refused_token_says_how_to_store_it_again(httpserver: HTTPServer, status: int) -> None:
    httpserver.expect_request("/notices/search.json").respond_with_data(
        body("lumen/error_401.json"), status=status, content_type="application/json"
    )
    with pytest.raises(TokenMissing) as caught:
        source(httpserver, token="wrong-token").poll({})
    message = str(caught.value)
    assert "Lumen Database (takedowns): refused the stored API token" in message
    assert "creatorwatch secret set lumen" in message and "wrong-token" not in message


def test_429_in_plain_text_waits_the_five_minutes_lumen_asks_for(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/notices/search.json").respond_with_data(
        body("lumen/rate_limited.txt"), status=429, content_type="text/plain"
    )
    with pytest.raises(RateLimited, match="too many searches") as caught:
        source(httpserver).poll({})
    assert caught.value.retry_after == 300


def test_429_with_retry_after_keeps_lumens_wait(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/notices/search.json").respond_with_data(
        body("lumen/rate_limited.txt"), status=429, headers={"Retry-After": "240"}, content_type="text/plain"
    )
    with pytest.raises(RateLimited) as caught:
        source(httpserver).poll({})
    assert caught.value.retry_after == 240


def test_past_the_last_searchable_page_lumen_404s_and_the_run_keeps_what_it_found(
    httpserver: HTTPServer,
) -> None:
    httpserver.expect_request("/notices/search.json", query_string={
        "term": "Ada Lumen", "sort_by": "created_at desc", "page": "1", "per_page": "50",
    }).respond_with_data(body("lumen/search_page1.json"), content_type="application/json")
    httpserver.expect_request("/notices/search.json").respond_with_data("Not Found", status=404)
    result = source(httpserver).poll({})
    assert len(result.candidates) == 2


def test_malformed_json_is_a_plain_error(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/notices/search.json").respond_with_data(
        '{"notices": [{"id": 1,', content_type="application/json"
    )
    with pytest.raises(BadResponse, match="could not be read"):
        source(httpserver).poll({})


def test_an_html_error_page_is_a_plain_error(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/notices/search.json").respond_with_data(HTML_ERROR, content_type="text/html")
    with pytest.raises(BadResponse, match="web page instead of data"):
        source(httpserver).poll({})


def notices_answer(*notices: dict[str, Any]) -> dict[str, Any]:
    return {"notices": list(notices), "meta": {"current_page": 1, "next_page": None, "total_entries": len(notices)}}


def test_lumens_own_documentation_example_is_found_though_it_has_no_date_received(httpserver: HTTPServer) -> None:
    """The recorded example from Lumen's API documentation: string id, date_received null, full URLs."""
    sample = recorded("lumen", "notices_search")
    httpserver.expect_request("/notices/search.json").respond_with_json(sample["body"], status=sample["status"])
    result = source(httpserver).poll({})
    assert [c.url for c in result.candidates] == [httpserver.url_for("/notices/491")]
    notice = result.candidates[0]
    assert notice.title == "Star Wars" and "Lion King Video" in notice.text
    assert notice.meta["works"][0]["infringing_urls"] == [
        "http://www.example.com/infringing1", "http://www.example.com/infringing2", "http://www.example.com/infringing3",
    ]
    assert result.cursor == {"last_id": {"term:Ada Lumen": 491}}


def test_lumens_recorded_429_waits_five_minutes(httpserver: HTTPServer) -> None:
    sample = recorded("lumen", "throttled_429")
    httpserver.expect_request("/notices/search.json").respond_with_data(
        sample["body_text"], status=429, content_type="text/plain"
    )
    with pytest.raises(RateLimited, match="too many searches") as caught:
        source(httpserver).poll({})
    assert caught.value.retry_after == 300


def test_a_notice_that_reaches_lumen_late_is_found_on_the_next_run(httpserver: HTTPServer) -> None:
    """Lumen numbers notices as it records them: a notice received months ago but recorded after the last
    run has a higher id and is reported, whatever its date received."""
    answers = [
        notices_answer({"id": 500, "title": "Recent", "date_received": "2026-11-20T00:00:00Z", "works": []}),
        notices_answer(
            {"id": 501, "title": "Received in spring, recorded now", "date_received": "2026-03-01T00:00:00Z",
             "works": []},
            {"id": 500, "title": "Recent", "date_received": "2026-11-20T00:00:00Z", "works": []},
        ),
    ]
    httpserver.expect_ordered_request("/notices/search.json").respond_with_json(answers[0])
    httpserver.expect_ordered_request("/notices/search.json").respond_with_json(answers[1])
    first = source(httpserver).poll({})
    second = source(httpserver).poll(first.cursor)
    assert [c.title for c in second.candidates] == ["Received in spring, recorded now"]
    assert second.candidates[0].published == "2026-03-01T00:00:00Z"


def test_every_notice_type_gives_its_addresses_and_words_whatever_it_calls_them(httpserver: HTTPServer) -> None:
    """Lumen's serializers rename keys by notice type; 'No URL submitted' is Lumen's empty list, not an address."""
    httpserver.expect_request("/notices/search.json").respond_with_json(notices_answer(
        {"id": "7", "type": "Trademark", "title": "Mark", "marks": [
            {"description": "Ada Lumen (word mark)", "infringing_urls": [{"fqdn": "fake.example", "count": 2}]},
        ]},
        {"id": "6", "type": "Other", "title": "Other", "explanation": "Reposts of my art", "works": [
            {"complaint": "My paintings", "problematic_urls": ["https://repost.example/a"],
             "original_work_urls": [{"url": "https://adalumen.example/a"}]},
        ]},
        {"id": "5", "type": "Defamation", "title": "Defamation", "legal_complaint": "Lies about Ada", "works": [
            {"description": "A post", "defamatory_urls": [{"url": "https://blog.example/post"}]},
        ]},
        {"id": "4", "type": "DMCA", "title": "Empty", "body": None, "date_received": None, "works": [
            {"description": "Nothing reported", "infringing_urls": [{"url": "No URL submitted"}],
             "copyrighted_urls": [{"url": "No URL submitted"}]},
        ]},
    ))
    by_id = {c.url.rsplit("/", 1)[-1]: c for c in source(httpserver).poll({}).candidates}
    assert by_id["7"].meta["works"] == [
        {"description": "Ada Lumen (word mark)", "infringing_urls": ["fake.example"], "copyrighted_urls": []}
    ]
    assert by_id["6"].meta["works"][0]["infringing_urls"] == ["https://repost.example/a"]
    assert by_id["6"].meta["works"][0]["copyrighted_urls"] == ["https://adalumen.example/a"]
    assert "Reposts of my art" in by_id["6"].text and "My paintings" in by_id["6"].text
    assert by_id["5"].meta["works"][0]["infringing_urls"] == ["https://blog.example/post"]
    assert "Lies about Ada" in by_id["5"].text
    assert by_id["4"].meta["works"][0]["infringing_urls"] == []
    assert by_id["4"].meta["works"][0]["copyrighted_urls"] == []


def test_by_default_a_term_is_searched_as_text_works_principal_and_sender(httpserver: HTTPServer) -> None:
    seen: list[Request] = []
    lumen(httpserver, seen)
    result = source(httpserver, fields="", max_pages="1").poll({})
    asked = [next(k for k in ("term", "works", "principal_name", "sender_name") if k in r.args) for r in seen]
    assert asked == ["term", "works", "principal_name", "sender_name"]
    assert all(r.args[k] == "Ada Lumen" for r, k in zip(seen, asked, strict=True))
    assert len(result.candidates) == 2  # the same notices found four ways are reported once


def test_an_unexpected_shape_is_a_plain_error_naming_lumen(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/notices/search.json").respond_with_json({"notices": {"id": 1}})
    with pytest.raises(SourceError, match=r"Lumen Database \(takedowns\): .*unexpected shape"):
        source(httpserver).poll({})
