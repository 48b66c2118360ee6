"""Decompressed bytes count against the byte cap as they arrive: a gzip bomb once peaked at 683 MB, because each
compressed chunk was unpacked whole before the cap was looked at."""

from __future__ import annotations

import gzip
import tracemalloc
import zlib

import pytest
from pytest_httpserver import HTTPServer

from creatorwatch.core.errors import BadResponse, TooLarge
from creatorwatch.core.net.client import HttpClient
from creatorwatch.core.net.settings import MB
from tests.sources_fixtures import fast_client


def bomb(size: int) -> bytes:
    squeeze = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    block = bytes(MB)
    return b"".join(squeeze.compress(block) for _ in range(size // MB)) + squeeze.flush()


def test_a_gzip_bomb_is_refused_within_the_cap_not_after_unpacking(httpserver: HTTPServer) -> None:
    packed = bomb(300 * MB)  # about 300 KB on the wire
    httpserver.expect_request("/feed.json").respond_with_data(
        packed, headers={"Content-Encoding": "gzip"}, content_type="application/json")
    with fast_client(max_bytes=2 * MB) as client:
        tracemalloc.start()
        try:
            with pytest.raises(TooLarge, match="larger than the 2 MB limit"):
                client.get(httpserver.url_for("/feed.json"))
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert peak < 16 * MB  # unpacked a step at a time: never near the 300 MB it would become


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "raw deflate"])
def test_ordinary_compressed_answers_still_read_whole(httpserver: HTTPServer, encoding: str) -> None:
    plain = b'{"items": [' + b'"x",' * 50_000 + b'"y"]}'
    if encoding == "gzip":
        packed = gzip.compress(plain)
    elif encoding == "deflate":
        packed = zlib.compress(plain)
    else:
        squeeze = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
        packed = squeeze.compress(plain) + squeeze.flush()
    header = encoding.split()[-1]
    httpserver.expect_request("/x").respond_with_data(packed, headers={"Content-Encoding": header},
                                                      content_type="application/json")
    with fast_client() as client:
        fetched = client.get(httpserver.url_for("/x"))
    assert fetched.content == plain and len(fetched.json()["items"]) == 50_001


def test_a_damaged_gzip_answer_is_a_plain_error(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/x").respond_with_data(b"\x1f\x8b\x08\x00garbage-not-gzip",
                                                      headers={"Content-Encoding": "gzip"})
    with HttpClient(retries=0) as client, pytest.raises(BadResponse, match="damaged compressed answer"):
        client.get(httpserver.url_for("/x"))


def test_json_nested_too_deeply_is_a_plain_error(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/x").respond_with_data(b"[" * 200_000 + b"]" * 200_000,
                                                      content_type="application/json")
    with fast_client() as client, pytest.raises(BadResponse, match="nested too deeply"):
        client.get_json(httpserver.url_for("/x"))
