"""`match` given a web page's address looks at what the page shows, as the `page` source does: its words and the
pictures and recordings on it (it matched the page's HTML as one text, and a gallery's pictures were never seen)."""

from __future__ import annotations

import json
from pathlib import Path

from PIL import Image, ImageOps
from pytest_httpserver import HTTPServer

from tests.conftest import CliRunner
from tests.media import make_picture, make_recording

PAGE = """<!DOCTYPE html><html><head><title>New AI samples</title></head><body>
<h1>Fresh from the model</h1><p>Look what it made this week.</p>
<img src="/files/harbour-remix.jpg" alt="remix"><img src="/files/gone.png" alt="broken">
<audio src="/files/theme-cover.wav"></audio><img src="/files/unrelated.png">
</body></html>"""


def test_matching_a_page_address_finds_the_pictures_and_recordings_on_it(run_cli: CliRunner, httpserver: HTTPServer,
                                                                        tmp_path: Path) -> None:
    harbour = make_picture(tmp_path / "harbour.png", seed=7)
    theme = make_recording(tmp_path / "theme.wav", seed=3, seconds=12)
    assert run_cli("add", harbour, theme).returncode == 0
    remix = tmp_path / "remix.jpg"
    ImageOps.mirror(Image.open(harbour).convert("RGB")).save(remix, quality=75)
    httpserver.expect_request("/gallery").respond_with_data(PAGE, content_type="text/html")
    httpserver.expect_request("/files/harbour-remix.jpg").respond_with_data(remix.read_bytes(),
                                                                            content_type="image/jpeg")
    httpserver.expect_request("/files/theme-cover.wav").respond_with_data(theme.read_bytes(),
                                                                          content_type="audio/wav")
    httpserver.expect_request("/files/unrelated.png").respond_with_data(
        make_picture(tmp_path / "other.png", seed=8).read_bytes(), content_type="image/png")
    httpserver.expect_request("/files/gone.png").respond_with_data("no", status=404)

    matched = run_cli("match", "--json", httpserver.url_for("/gallery"))
    assert matched.returncode == 0, matched.stderr
    [line] = [json.loads(text) for text in matched.stdout.splitlines()]
    found = {m["work_title"]: m for m in line["matches"]}
    assert set(found) == {"harbour", "theme"}  # a broken picture on the page is no error of the page's
    assert found["harbour"]["evidence"]["media_url"] == httpserver.url_for("/files/harbour-remix.jpg")
    assert found["harbour"]["evidence"]["transform"]["flipped"] is True
    assert found["theme"]["kind"] == "audio" and found["theme"]["score"] >= 0.95
