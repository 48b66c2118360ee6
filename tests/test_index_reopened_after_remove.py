"""A saved index reopened after the newest work was removed and another added. SQLite used to give the new work
the removed one's id, and both fingerprints can be the same size (an image's nearly always is): the saved copy
stood for the new work (a copy of the removed picture was credited to the new one at 1.0, and the new one's own
copies went unfound). Ids are never given again now (store/db.py, v18); the saved copy must still tell the three
pictures apart."""

from __future__ import annotations

from pathlib import Path

from creatorwatch.core.fingerprint import image
from creatorwatch.core.library.works import Library
from creatorwatch.core.matching.index import LibraryIndex
from creatorwatch.core.store.db import open_database
from tests.test_image_matching import artwork


def test_a_work_added_after_the_newest_was_removed_is_found_as_itself(tmp_path: Path) -> None:
    library = Library(open_database(tmp_path / "library.sqlite3"))
    for name, seed in (("first", 31), ("removed", 32), ("added", 33)):
        artwork(seed).save(tmp_path / f"{name}.png")
    assert len(library.add_paths([tmp_path / "first.png", tmp_path / "removed.png"]).added) == 2
    removed_id = max(w.id for w in library.works())
    LibraryIndex.load(library, cache=tmp_path / "cache")  # a saved index, as the app leaves it
    library.remove([removed_id])
    assert library.add_paths([tmp_path / "added.png"]).added
    sizes = library.db.execute("SELECT work_id, length(data) FROM fingerprints ORDER BY work_id").fetchall()
    added_id = max(w.id for w in library.works())
    assert added_id > removed_id  # the id is not given again ...
    assert len({size for _, size in sizes}) == 1  # ... though the fingerprints are all one size

    for _ in range(2):  # a second process opens the saved copy; a third the one the second saved
        index = LibraryIndex.load(library, cache=tmp_path / "cache")
        found = {name: [h.work_id for h in index.search("image", image.fingerprint_file(tmp_path / f"{name}.png"),
                                                        image.DEFAULT_THRESHOLD)]
                 for name in ("added", "removed", "first")}
        assert found == {"added": [added_id], "removed": [], "first": [removed_id - 1]}
