"""Watch terms are searched in what a candidate says — its caption, prompt, page text, a text file's own
words — never in a local file's name (jetty-gray.png mentions no "jetty")."""

from __future__ import annotations

from pathlib import Path

from creatorwatch.core.records.findings import Findings
from creatorwatch.core.records.source_store import SourceStore
from creatorwatch.core.records.terms import Terms
from creatorwatch.core.sources.base import SourceConfig
from creatorwatch.core.store.db import open_database
from creatorwatch.core.watch.monitor import Monitor
from tests.media import make_picture
from tests.sources_fixtures import fast_client

NOTES = ("Collected outputs from the weekend's run. The prompts asked for harbour scenes and lighthouses in the "
         "manner of Ada Lumen, which the model followed closely; the rest were landscapes.\n")


def test_a_text_files_words_are_searched_and_a_file_name_is_not(tmp_path: Path) -> None:
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    make_picture(downloads / "jetty-gray.png", seed=3)
    (downloads / "notes.txt").write_text(NOTES, encoding="utf-8")
    db = open_database(tmp_path / "data.sqlite3")
    Terms(db).add(["jetty", "Ada Lumen"])
    SourceStore(db).add(SourceConfig("downloads", "folder", settings={"path": str(downloads)}))

    summary = Monitor(db, http=fast_client()).check()

    assert summary.sources[0].state == "ok"
    mentions = [(f.term, Path(f.candidate_url).name) for f in Findings(db).all() if f.type == "mention"]
    assert mentions == [("Ada Lumen", "notes.txt")]
