"""A full check cycle over a folder, a feed and a page (real HTTP on loopback, real SQLite, real fingerprints):
it records the copies of library works and the mentions by name — and nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils
from pytest_httpserver import HTTPServer

from creatorwatch.core.library.works import Library
from creatorwatch.core.records.findings import Findings
from creatorwatch.core.records.source_store import SourceStore
from creatorwatch.core.records.terms import Terms, terms_named
from creatorwatch.core.sources.base import SourceConfig
from creatorwatch.core.store.db import open_database
from creatorwatch.core.store.events import Event, EventHub
from creatorwatch.core.watch.monitor import Monitor
from tests.media import make_picture
from tests.sources_fixtures import RawServer, fast_client, raw_server

__all__ = ["raw_server"]

FEED = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>AI gallery</title><link>{base}/</link>
<item><guid>1</guid><title>Portrait LoRA in the style of Ada Lin</title><link>{base}/post/1</link>
  <description>Trained on 40 images.</description>
  <enclosure url="{base}/media/lora-sample.jpg" type="image/jpeg" length="1"/></item>
<item><guid>2</guid><title>Sunset study</title><link>{base}/post/2</link>
  <description>&lt;p&gt;Nothing to see &lt;img src="/media/sunset.png"&gt;&lt;/p&gt;</description></item>
</channel></rss>"""

PAGE = """<!doctype html><html><head><title>Showcase</title><script>document.write('<img src="/x.png">')</script>
</head><body><h1>Made with our model</h1><p>Fan art by adalin fans. Characters: Captain Mirren.</p>
<img src="media/crop.png" alt="crop"><img src="/media/sunset.png"></body></html>"""


@pytest.fixture
def db(tmp_path: Path) -> sqlite_utils.Database:
    return open_database(tmp_path / "data.sqlite3")


@pytest.fixture
def works(db: sqlite_utils.Database, tmp_path: Path) -> dict[str, int]:
    folder = tmp_path / "works"
    folder.mkdir()
    make_picture(folder / "harbour.png", seed=1)
    make_picture(folder / "meadow.png", seed=2)
    report = Library(db).add_paths([folder])
    return {Path(o.path).stem: o.work.id for o in report.added if o.work}


def serve_media(server: HTTPServer, tmp_path: Path) -> None:
    """The feed and page: a JPEG copy and a crop of "harbour", and an unrelated sunset."""
    from PIL import Image

    media = tmp_path / "served"
    media.mkdir()
    make_picture(media / "harbour.png", seed=1)
    make_picture(media / "sunset.png", seed=99)
    original = Image.open(media / "harbour.png")
    original.convert("RGB").save(media / "lora-sample.jpg", quality=70)
    original.crop((20, 15, 300, 225)).resize((560, 420)).save(media / "crop.png")
    base = server.url_for("").rstrip("/")
    server.expect_request("/feed.xml").respond_with_data(FEED.format(base=base), content_type="application/rss+xml",
                                                         headers={"ETag": '"feed-1"'})
    server.expect_request("/page").respond_with_data(PAGE, content_type="text/html")
    server.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /private/\n")
    for name, kind in (("lora-sample.jpg", "image/jpeg"), ("crop.png", "image/png"), ("sunset.png", "image/png")):
        server.expect_request(f"/media/{name}").respond_with_data((media / name).read_bytes(), content_type=kind)


def test_check_records_copies_and_mentions_and_nothing_else(
    db: sqlite_utils.Database, works: dict[str, int], httpserver: HTTPServer, tmp_path: Path
) -> None:
    serve_media(httpserver, tmp_path)
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    make_picture(downloads / "meadow-copy.png", seed=2, size=(480, 360))
    make_picture(downloads / "unrelated.png", seed=50)
    Terms(db).add(["Ada Lin", "Captain Mirren"])
    store = SourceStore(db)
    store.add(SourceConfig("gallery", "feed", settings={"url": httpserver.url_for("/feed.xml")}))
    store.add(SourceConfig("showcase", "page", settings={"url": httpserver.url_for("/page")}))
    store.add(SourceConfig("downloads", "folder", settings={"path": str(downloads)}))
    heard: list[Event] = []
    hub = EventHub()
    hub.subscribe(heard.append)

    summary = Monitor(db, http=fast_client(), hub=hub).check()

    assert [(o.name, o.state) for o in summary.sources] == [("gallery", "ok"), ("showcase", "ok"), ("downloads", "ok")]
    base = httpserver.url_for("").rstrip("/")
    found = {(f.type, f.work_id or f.term, f.candidate_url) for f in Findings(db).all()}
    assert found == {
        ("match", works["harbour"], f"{base}/post/1"),  # the feed's JPEG enclosure
        ("match", works["harbour"], f"{base}/media/crop.png"),  # the page's crop
        ("match", works["meadow"], (downloads / "meadow-copy.png").as_uri()),  # the folder's resized copy
        ("mention", "Ada Lin", f"{base}/post/1"),
        ("mention", "Captain Mirren", f"{base}/page"),
    }
    assert {e.name for e in heard} >= {"check_started", "source_started", "match_found", "mention_found",
                                       "source_checked", "check_finished"}
    titles = {works[name]: name for name in works}  # the alert names the work found
    assert all(e.data["work_title"] == titles[e.data["work_id"]] for e in heard if e.name == "match_found")
    assert all(f.status == "new" for f in Findings(db).all())


def test_a_second_check_fetches_nothing_already_seen(
    db: sqlite_utils.Database, works: dict[str, int], httpserver: HTTPServer, tmp_path: Path
) -> None:
    serve_media(httpserver, tmp_path)
    store = SourceStore(db)
    store.add(SourceConfig("gallery", "feed", settings={"url": httpserver.url_for("/feed.xml")}))
    store.add(SourceConfig("showcase", "page", settings={"url": httpserver.url_for("/page")}))
    monitor = Monitor(db, http=fast_client())
    first = monitor.check()
    assert first.total("matches") == 2
    httpserver.clear_log()

    again = monitor.check()

    assert again.total("new") == 0 and again.total("matches") == 0
    asked = [entry[0] for entry in httpserver.log]
    assert not [r.path for r in asked if r.path.startswith("/media/")]  # no media downloaded twice
    feed_request = next(r for r in asked if r.path == "/feed.xml")
    assert feed_request.headers.get("If-None-Match") == '"feed-1"'
    assert len(Findings(db).all()) == 2


def test_a_dead_source_fails_alone_and_gets_a_next_retry(
    db: sqlite_utils.Database, works: dict[str, int], httpserver: HTTPServer, tmp_path: Path,
    raw_server: type[RawServer],
) -> None:
    serve_media(httpserver, tmp_path)
    dead = raw_server(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n\r\n<rss>", stall=True)
    httpserver.expect_request("/busy.xml").respond_with_data("down for maintenance", status=503)
    store = SourceStore(db)
    store.add(SourceConfig("dead", "feed", settings={"url": dead.url + "feed.xml"}))
    store.add(SourceConfig("busy", "feed", settings={"url": httpserver.url_for("/busy.xml")}))
    store.add(SourceConfig("gallery", "feed", settings={"url": httpserver.url_for("/feed.xml")}))

    summary = Monitor(db, http=fast_client(retries=2)).check()

    states = {o.name: o for o in summary.sources}
    assert states["gallery"].state == "ok" and states["gallery"].matches == 1
    assert states["dead"].state == "failing" and "stopped answering" in (states["dead"].error or "")
    assert states["busy"].state == "failing" and "HTTP 503" in (states["busy"].error or "")
    health = {s.config.name: s.health for s in store.all()}
    assert health["busy"].retry_at and health["busy"].failing_since
    assert health["busy"].describe().startswith("failing since")
    assert health["gallery"].describe() == "ok"
    # The scheduler's checks leave a failing source alone until its next-retry time.
    later = Monitor(db, http=fast_client()).check(respect_retry=True)
    assert {o.name: o.state for o in later.sources}["busy"] == "skipped"


def test_robots_txt_is_respected(db: sqlite_utils.Database, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: CreatorWatch\nDisallow: /\n")
    httpserver.expect_request("/page").respond_with_data(PAGE, content_type="text/html")
    SourceStore(db).add(SourceConfig("showcase", "page", settings={"url": httpserver.url_for("/page")}))
    summary = Monitor(db, http=fast_client()).check()
    assert summary.sources[0].state == "failing" and "robots.txt" in (summary.sources[0].error or "")
    assert [entry[0].path for entry in httpserver.log] == ["/robots.txt"]


def test_terms_match_whole_words_in_any_case() -> None:
    assert terms_named("A LoRA of ADA LIN, v2", ["Ada Lin", "Lin"]) == ["Ada Lin", "Lin"]
    assert terms_named("ada_lin voice model", ["Ada Lin"]) == ["Ada Lin"]
    assert terms_named("Adalina's garden", ["Ada", "Adalin"]) == []


def test_a_repo_named_with_underscores_after_the_name_names_it() -> None:
    """LoRAs and voice models are named "ada_lin_style_lora" or "ada-lin_xl": the "_" after the name hid it."""
    for name in ("someone/ada_lin_style_lora", "ada-lin_xl", "lora_Ada_Lin", "ADA_LIN_v2.safetensors"):
        assert terms_named(name, ["Ada Lin"]) == ["Ada Lin"], name
    assert terms_named("adalin_style adalina_xl", ["Ada Lin", "Ada"]) == []


def test_without_a_keyring_a_source_whose_token_is_optional_still_runs(
    db: sqlite_utils.Database, works: dict[str, int], httpserver: HTTPServer, tmp_path: Path
) -> None:
    from keyring.backends import fail

    from creatorwatch.core.store import secrets

    serve_media(httpserver, tmp_path)
    store = SourceStore(db)
    store.add(SourceConfig("gallery", "feed", settings={"url": httpserver.url_for("/feed.xml"), "secret": "gallery"}))
    store.add(SourceConfig("notices", "lumen", base_url=httpserver.url_for("/").rstrip("/")))

    def no_keyring(name: str) -> str | None:
        import keyring

        previous = keyring.get_keyring()
        keyring.set_keyring(fail.Keyring())
        try:
            return secrets.get_secret(name)
        finally:
            keyring.set_keyring(previous)

    summary = Monitor(db, http=fast_client(), secret=no_keyring).check()
    states = {o.name: o for o in summary.sources}
    assert states["gallery"].state == "ok" and states["gallery"].matches == 1
    assert states["notices"].state != "ok" and "keyring" in (states["notices"].error or "").lower()


def test_findings_on_a_licensed_site_are_marked_licensed_and_never_alert(
    db: sqlite_utils.Database, works: dict[str, int], httpserver: HTTPServer, tmp_path: Path
) -> None:
    from creatorwatch.core.records.allowlist import Allowlist

    serve_media(httpserver, tmp_path)
    from urllib.parse import urlsplit

    Allowlist(db).add(urlsplit(httpserver.url_for("/")).hostname or "", "our licensed gallery")
    SourceStore(db).add(SourceConfig("gallery", "feed", settings={"url": httpserver.url_for("/feed.xml")}))
    heard: list[Event] = []
    hub = EventHub()
    hub.subscribe(heard.append)
    Monitor(db, http=fast_client(), hub=hub).check()
    assert {f.status for f in Findings(db).all()} == {"licensed"}
    assert not [e for e in heard if e.name in ("match_found", "mention_found")]


def test_a_copy_whose_download_failed_is_fetched_again_on_the_next_check(
    db: sqlite_utils.Database, works: dict[str, int], httpserver: HTTPServer, tmp_path: Path
) -> None:
    httpserver.expect_oneshot_request("/media/lora-sample.jpg").respond_with_data("oops", status=500)
    monitor = _gallery(db, httpserver, tmp_path)
    first = monitor.check()
    assert first.total("matches") == 0 and first.total("problems") == 1

    again = monitor.check()

    base = httpserver.url_for("").rstrip("/")
    assert again.total("matches") == 1
    assert [(f.work_id, f.candidate_url) for f in Findings(db).all()] == [(works["harbour"], f"{base}/post/1")]
    assert again.total("problems") == 0
    httpserver.clear_log()
    monitor.check()  # read once: seen, not fetched a third time
    assert not [e[0].path for e in httpserver.log if e[0].path.startswith("/media/")]


def test_a_copy_that_never_downloads_is_given_up_with_its_reason_kept(
    db: sqlite_utils.Database, works: dict[str, int], httpserver: HTTPServer, tmp_path: Path
) -> None:
    httpserver.expect_request("/media/lora-sample.jpg").respond_with_data("oops", status=500)
    monitor = _gallery(db, httpserver, tmp_path)
    tries = []
    for _ in range(7):
        httpserver.clear_log()
        monitor.check()
        tries.append(sum(e[0].path == "/media/lora-sample.jpg" for e in httpserver.log))

    assert tries == [1, 1, 1, 1, 1, 0, 0]
    base = httpserver.url_for("").rstrip("/")
    problem = db.execute("SELECT problem FROM candidates WHERE url = ?", [f"{base}/post/1"]).fetchone()[0]
    assert "500" in problem


def _gallery(db: sqlite_utils.Database, httpserver: HTTPServer, tmp_path: Path) -> Monitor:
    """A feed source whose media the server holds (after any answer a test set for them first), and a monitor
    that asks once, without retries."""
    serve_media(httpserver, tmp_path)
    SourceStore(db).add(SourceConfig("gallery", "feed", settings={"url": httpserver.url_for("/feed.xml")}))
    return Monitor(db, http=fast_client(retries=0))


def test_a_long_name_run_together_names_it_and_a_longer_other_name_does_not() -> None:
    """Repos write names run together ("ianmurdock-lora", "IanMurdock"): a long name so written is named; a short
    one run together is a word of its own ("adalin" above), and a longer different name never names it."""
    for name in ("z/ianmurdock-lora", "IanMurdock_v2", "ian.murdock voice", "y/Ian_Murdock_tts", "IANMURDOCK"):
        assert terms_named(name, ["Ian Murdock"]) == ["Ian Murdock"], name
    for name in ("w/Brian-Murdock-voice", "brianmurdock", "ianmurdocks-style", "u/murdock-ian-style", "ian murdo"):
        assert terms_named(name, ["Ian Murdock"]) == [], name
    for name in ("jeanlucpicard_v1", "Jean_Luc_Picard", "jean-luc picard"):  # a term with a "-" of its own
        assert terms_named(name, ["Jean-Luc Picard"]) == ["Jean-Luc Picard"], name
