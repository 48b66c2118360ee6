"""One bad thing stays one bad thing, through the real `creatorwatch check`: an enclosure no DNS can hold
(`http://a..b/x.png`), an image address redirecting to `data:`, a document whose insides are broken, and a
connector's answer of the wrong shape each become that candidate's or that source's plain error, and the run goes
on. Each of these once crashed the whole check (httpx.InvalidURL, UnicodeError, XMLSyntaxError …) or was
reported as "a fault in CreatorWatch"."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from pytest_httpserver import HTTPServer

from tests.conftest import CliRunner
from tests.media import make_picture

FEED = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>AI images</title><link>{base}/</link><description>x</description>
<item><title>Harbour by Ada Lin</title><link>{base}/post/1</link><guid>p1</guid>
  <enclosure url="{base}/img/1.png" type="image/png" length="1"/></item>
<item><title>Ada Lin two</title><link>{base}/post/2</link><guid>p2</guid>
  <enclosure url="http://a..b/x.png" type="image/png" length="1"/></item>
<item><title>Ada Lin three</title><link>{base}/post/3</link><guid>p3</guid>
  <enclosure url="{base}/img/to-data.png" type="image/png" length="1"/></item>
<item><title>Ada Lin four</title><link>{base}/post/4</link><guid>p4</guid>
  <enclosure url="{base}/doc/broken.docx" type="{docx}" length="1"/></item>
</channel></rss>"""
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def broken_docx() -> bytes:
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as docx:
        docx.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                      'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')
        docx.writestr("word/document.xml", "<w:document><w:body><w:p>not closed")
    return packed.getvalue()


def test_each_bad_candidate_is_its_own_problem_and_the_check_goes_on(run_cli: CliRunner, httpserver: HTTPServer,
                                                                    tmp_path: Path) -> None:
    base = httpserver.url_for("").rstrip("/")
    picture = make_picture(tmp_path / "harbour.png", seed=7)
    httpserver.expect_request("/feed.xml").respond_with_data(FEED.format(base=base, docx=DOCX),
                                                             content_type="application/rss+xml")
    httpserver.expect_request("/img/1.png").respond_with_data(picture.read_bytes(), content_type="image/png")
    httpserver.expect_request("/img/to-data.png").respond_with_data(
        "", status=302, headers={"Location": "data:image/png;base64,iVBORw0KGgo="})
    httpserver.expect_request("/doc/broken.docx").respond_with_data(broken_docx(), content_type="application/zip")
    assert run_cli("add", picture).returncode == 0
    run_cli("terms", "add", "Ada Lin")
    run_cli("sources", "add", "feed", "--name", "gallery", "--set", f"url={base}/feed.xml")

    checked = run_cli("check", "--json")

    assert checked.returncode == 0, checked.stderr
    assert "Traceback" not in checked.stderr
    outcome = json.loads(checked.stdout)["sources"][0]
    assert outcome["state"] == "ok" and outcome["new"] == 4 and outcome["matches"] == 1
    assert outcome["problems"] >= 2  # a..b and data: could not be fetched; the rest was read or said why not
    assert outcome["mentions"] == 4


def test_a_connectors_wrong_shaped_answer_is_named_as_such(run_cli: CliRunner, httpserver: HTTPServer,
                                                          keyring_file: Path) -> None:
    httpserver.expect_request("/youtube/v3/search").respond_with_json({"kind": "youtube#searchListResponse",
                                                                       "items": 5})
    run_cli("terms", "add", "Ada Lin")
    assert run_cli("secret", "set", "youtube", input="AIzaSyShape-test-0001\n").returncode == 0
    run_cli("sources", "add", "youtube", "--name", "yt", "--base-url", httpserver.url_for("").rstrip("/"))

    checked = run_cli("check", "--json")

    outcome = json.loads(checked.stdout)["sources"][0]
    assert outcome["state"] == "failing"
    assert outcome["error"].startswith("yt (youtube): answered in an unexpected shape")
    assert "fault in CreatorWatch" not in outcome["error"]
