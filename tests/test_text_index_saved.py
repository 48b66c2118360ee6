"""The text index's saved copy: a large library of scripts reopens without sorting every shingle again, finds
exactly what a freshly built index finds, takes in works added since, and a broken copy never blocks a search."""

from __future__ import annotations

import json
import os
import random
import time
from pathlib import Path

import numpy as np
import pytest

from creatorwatch.core.fingerprint import text, text_index, text_saved
from creatorwatch.core.library.works import Library
from creatorwatch.core.matching.index import LibraryIndex
from creatorwatch.core.store.db import open_database


def _script(seed: int, words: int = 900) -> str:
    rng = random.Random(seed)
    vocabulary = ["".join(rng.choice("bcdfglmnprstvz") + rng.choice("aeiou") for _ in range(rng.randint(2, 4)))
                  for _ in range(600)]
    sentences, left = [], words
    while left > 0:
        length = min(left, rng.randint(6, 14))
        sentences.append(" ".join(rng.choice(vocabulary) for _ in range(length)).capitalize() + ".")
        left -= length
    return " ".join(sentences)


SCRIPTS = {work_id: _script(work_id) for work_id in range(1, 9)}
BLOBS = {work_id: text.fingerprint_text(script) for work_id, script in SCRIPTS.items()}


def _quote(work_id: int, first: int = 300, count: int = 60) -> bytes:
    """A passage of the work pasted into unrelated prose."""
    passage = " ".join(SCRIPTS[work_id].split()[first : first + count])
    return text.fingerprint_text(f"{_script(900 + work_id, 200)} {passage} {_script(950 + work_id, 200)}")


def _sizes(blobs: dict[int, bytes]) -> list[tuple[int, int]]:
    return [(work_id, len(blob)) for work_id, blob in blobs.items()]


def _hits(index: text.Index, blob: bytes) -> list[tuple[int, float, str]]:
    return [(h.work_id, h.score, json.dumps(h.evidence, sort_keys=True)) for h in index.search(blob, 0.0)]


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many works each full sort of the library's shingles covered (none when a saved copy is reopened)."""
    counted: list[int] = []
    pairs = text_index._holder_pairs

    def counting(works: list, first_row: int, rows_after: int) -> tuple[np.ndarray, ...]:
        counted.append(len(works))
        return pairs(works, first_row, rows_after)

    monkeypatch.setattr(text_index, "_holder_pairs", counting)
    return counted


def test_a_saved_index_reopens_without_a_build_and_finds_the_same(tmp_path: Path, builds: list[int]) -> None:
    fresh = text.Index()
    fresh.add_many(BLOBS.items())
    fresh.search(_quote(1), 0.0)
    text.Index(cache_dir=tmp_path / "cache").add_many(BLOBS.items())  # built and saved at once
    builds.clear()
    reopened = text.Index(cache_dir=tmp_path / "cache")
    assert reopened.restore(_sizes(BLOBS)) and reopened.lacking() == set()
    for work_id in BLOBS:
        found = _hits(reopened, _quote(work_id))
        assert found == _hits(fresh, _quote(work_id))
        assert found[0][0] == work_id and found[0][1] >= text.DEFAULT_THRESHOLD
    assert builds == [] and len(reopened) == len(BLOBS)


def test_a_copy_saved_for_other_works_or_none_is_not_reopened(tmp_path: Path) -> None:
    assert text.Index(cache_dir=tmp_path / "cache").restore(_sizes(BLOBS)) is False  # nothing saved yet
    assert text.Index().restore(_sizes(BLOBS)) is False  # no cache folder at all
    text.Index(cache_dir=tmp_path / "cache").add_many(list(BLOBS.items())[:2])
    others = {w: b for w, b in BLOBS.items() if w > 2}
    assert text.Index(cache_dir=tmp_path / "cache").restore(_sizes(others)) is False  # holds none of them


def test_a_copy_saved_by_an_older_fingerprint_version_is_not_reopened(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Fingerprints remade in a new version may keep their sizes: the version, not the sizes, tells them apart."""
    text.Index(cache_dir=tmp_path / "cache").add_many(BLOBS.items())
    monkeypatch.setattr(text_saved, "VERSION", text.VERSION + 1)
    assert text.Index(cache_dir=tmp_path / "cache").restore(_sizes(BLOBS)) is False


@pytest.mark.parametrize("damage", ["cut short", "garbage", "part cut short", "no manifest", "manifest garbage",
                                    "folder gone"])
def test_a_broken_saved_copy_is_built_afresh_and_search_still_works(tmp_path: Path, damage: str) -> None:
    cache = tmp_path / "cache"
    text.Index(cache_dir=cache).add_many(BLOBS.items())
    target = cache / "holders_low.npy"
    if damage == "cut short":  # a process killed while writing it, had it not been written aside first
        target.write_bytes(target.read_bytes()[: target.stat().st_size // 2])
    elif damage == "garbage":
        target.write_bytes(b"\x00\xff" * 64)
    elif damage == "part cut short":
        [part] = cache.glob("blobs-*.npy")
        part.write_bytes(part.read_bytes()[:-100])
    elif damage == "no manifest":
        (cache / "manifest.json").unlink()
    elif damage == "manifest garbage":
        (cache / "manifest.json").write_text("{not json")
    else:  # killed between moving the old copy aside and putting the new one in place
        cache.rename(cache.with_name("cache.old"))
    index = text.Index(cache_dir=cache)
    assert index.restore(_sizes(BLOBS)) is False
    index.add_many(BLOBS.items())  # what the app does next: build afresh, and save again
    assert [h.work_id for h in index.search(_quote(3), text.DEFAULT_THRESHOLD)][:1] == [3]
    again = text.Index(cache_dir=cache)
    assert again.restore(_sizes(BLOBS))
    assert [h.work_id for h in again.search(_quote(5), text.DEFAULT_THRESHOLD)][:1] == [5]


def test_a_write_left_half_done_does_not_block_the_next(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    left = tmp_path / "cache.new-0123456789ab"  # a process killed while saving, long ago
    left.mkdir()
    (left / "holders_low.npy").write_bytes(b"half")
    os.utime(left, (time.time() - 2 * text_saved.ABANDONED_SECONDS,) * 2)
    text.Index(cache_dir=cache).add_many(BLOBS.items())
    assert not left.exists() and [p.name for p in tmp_path.iterdir()] == ["cache"]
    assert text.Index(cache_dir=cache).restore(_sizes(BLOBS))


def test_works_added_and_removed_are_merged_as_a_fresh_build_would_sort_them(builds: list[int]) -> None:
    index = text.Index()
    index.add_many(list(BLOBS.items())[:5])
    index.search(_quote(1), 0.0)
    index.remove(2)
    index.add(7, BLOBS[7])
    index.add(4, BLOBS[4])  # given again: now after the others
    index.add(8, BLOBS[8])
    index.search(_quote(1), 0.0)
    assert builds == [5, 3]  # the first build, then only the three works added since
    fresh = text.Index()
    fresh.add_many((w, BLOBS[w]) for w in (1, 3, 5, 7, 4, 8))
    fresh.search(_quote(1), 0.0)
    assert index._table is not None and index._holders is not None
    assert fresh._table is not None and fresh._holders is not None
    for name in ("ids", "offsets", "positions", "keys"):
        assert np.array_equal(getattr(index._table, name), getattr(fresh._table, name)), name
    for name in ("low", "starts", "rows"):
        assert np.array_equal(getattr(index._holders, name), getattr(fresh._holders, name)), name
    for work_id in (1, 3, 4, 5, 7, 8, 2):
        assert _hits(index, _quote(work_id)) == _hits(fresh, _quote(work_id))
    assert 2 not in [h.work_id for h in index.search(_quote(2), text.DEFAULT_THRESHOLD)]


def _library(tmp_path: Path, work_ids: list[int]) -> Library:
    library = Library(open_database(tmp_path / "library.sqlite3"))
    paths = []
    for work_id in work_ids:
        (tmp_path / f"script{work_id}.txt").write_text(SCRIPTS[work_id])
        paths.append(tmp_path / f"script{work_id}.txt")
    assert library.add_paths(paths).added
    return library


def test_a_script_added_to_the_library_after_the_index_was_saved_is_found(tmp_path: Path,
                                                                         builds: list[int]) -> None:  # fmt: skip
    library = _library(tmp_path, [1, 2, 3, 4, 5, 6])
    cache = tmp_path / "cache"
    LibraryIndex.load(library, cache)  # the app's start: built and saved
    path = tmp_path / "script7.txt"
    path.write_text(SCRIPTS[7])
    assert library.add_paths([path]).added
    gone = next(w for w in library.works() if w.path.endswith("script2.txt"))
    library.remove([gone.id])
    builds.clear()
    index = LibraryIndex.load(library, cache)  # the next start: the saved copy, with the new script merged in
    assert builds == [1]
    [added] = [w for w in library.works() if w.path.endswith("script7.txt")]
    hits = index.search("text", _quote(7), text.DEFAULT_THRESHOLD)
    assert [h.work_id for h in hits][:1] == [added.id]
    assert all(h.work_id != gone.id for h in index.search("text", _quote(2), 0.0))
    builds.clear()
    reopened = LibraryIndex.load(library, cache)  # saved with it: nothing to build
    assert builds == []
    assert [h.work_id for h in reopened.search("text", _quote(7), text.DEFAULT_THRESHOLD)][:1] == [added.id]


def test_shingle_holders_are_found_within_their_bucket_as_in_one_sorted_array() -> None:
    """Works of a small vocabulary share many shingles, so buckets hold long runs of the same hash."""
    rng = np.random.default_rng(3)
    works = {w: text_index.decode(text.fingerprint_text(" ".join(f"w{i}" for i in rng.integers(0, 6, 3000))))
             for w in range(40)}
    holders = text_index._Holders(works)
    every = (np.repeat(np.arange(text_index.BUCKETS, dtype=np.uint32), np.diff(holders.starts)) << 16) | holders.low
    assert np.all(every[1:] >= every[:-1]) and len(every) == len(holders.rows)
    asked = np.concatenate((every[rng.integers(0, len(every), 500)], rng.integers(0, 2**32, 500, dtype=np.uint32)))
    lo, hi = holders.ranges(asked)
    assert np.array_equal(lo, np.searchsorted(every, asked))
    assert np.array_equal(hi, np.searchsorted(every, asked, "right"))
    assert (hi - lo).max() > 20  # a shingle many works hold
    for first, last in zip(lo[:50].tolist(), hi[:50].tolist(), strict=True):  # each work once per shingle
        assert len(set(holders.rows[first:last].tolist())) == last - first


def test_saving_again_writes_only_the_new_scripts_until_most_are_removed(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    text.Index(cache_dir=cache).add_many(list(BLOBS.items())[:6])
    [first] = cache.glob("blobs-*.npy")
    inode = first.stat().st_ino
    index = text.Index(cache_dir=cache)
    assert index.restore(_sizes(BLOBS)) and index.lacking() == {7, 8}
    index.add_many([(7, BLOBS[7]), (8, BLOBS[8])])  # merged and saved: the first part is linked, not copied
    parts = sorted(cache.glob("blobs-*.npy"))
    assert len(parts) == 2 and (cache / first.name).stat().st_ino == inode
    for work_id in (1, 2, 3, 4, 5, 6):
        index.remove(work_id)
    assert [h.work_id for h in index.search(_quote(8), text.DEFAULT_THRESHOLD)][:1] == [8]
    assert len(list(cache.glob("blobs-*.npy"))) == 1  # mostly removed works: written afresh as one
    reopened = text.Index(cache_dir=cache)
    assert reopened.restore(_sizes({7: BLOBS[7], 8: BLOBS[8]})) and reopened.lacking() == set()
    assert [h.work_id for h in reopened.search(_quote(7), text.DEFAULT_THRESHOLD)][:1] == [7]
