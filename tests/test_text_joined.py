"""A quote whose punctuation was deleted ("caller-supplied" as "callersupplied", "e.g." as "eg") is found as well
as one whose punctuation became spaces: each work also keeps its joined reading (text_joined.py)."""

from __future__ import annotations

import json
import random
import re
import string
from pathlib import Path

import pytest

from creatorwatch.core.fingerprint import text
from creatorwatch.core.fingerprint.text_shingle import decode
from creatorwatch.core.store.db import open_database
from creatorwatch.paths import resolve_paths
from tests.conftest import CliRunner
from tests.test_text_edits import _embed, _lexicon, _prose

DELETE = str.maketrans("", "", string.punctuation)
TECHNICAL = [
    "The {n}-{a} {n} now {v} the {n}.{n}() value, e.g. {d}/{n}.",
    "Use --{n}-{a} to {v} {n}_{n} in v2.{d}, so {n}'s {a}-{n} {v} it.",
    "A {n}.{n} {n} no longer {v} {a}-{n} {n} (i.e. {n}::{d}).",
    "{N} {a}-{n} {v} and {n}/{n}/{d} {v} the {a}-{n} {n}.",
]


OPTIONS = [
    "Run {n} -s {n} to {v} the {a} {n}.",
    "The -d {n} {v} {n} -m {d} and -t {n}.",
    "With -{a} {n} -ll the {n} {v}.",
    "A {n} {v} the {n} -re {a} {n} -ve {d}.",
]
MAINTAINERS = ["gregor herrmann <gregoa@debian.org>", "Damyan Ivanov <dmn@debian.org>", "Niko Tyni <ntyni@debian.org>",
               "Jonathan Yu <jawnsy@cpan.org>", "brian d foy <bdfoy@cpan.org>", "Florian Schlichting <fsfs@debian.org>"]


def _technical(seed: int, sentences: int) -> str:
    """Release-notes prose: a word held together by punctuation every few words (options, paths, versions)."""
    return _prose(seed, sentences, TECHNICAL)


def _copyright(seed: int) -> str:
    """A machine-readable copyright file: stock lines and URLs every such file holds, a package name of its own
    and maintainers and years other files share."""
    rng = random.Random(seed)
    name = "-".join(word.capitalize() for word in rng.sample(_lexicon(seed), 3))
    author, packager = rng.sample(MAINTAINERS, 2)
    return (f"Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\nUpstream-Name: {name}\n"
            f"Upstream-Contact: {author}\nSource: https://metacpan.org/release/{name}\n\nFiles: *\n"
            f"Copyright: {rng.randint(1995, 2010)}-{rng.randint(2011, 2024)}, {author}\n"
            f"License: Artistic or GPL-1+\n\nFiles: debian/*\nCopyright: {rng.randint(2005, 2024)}, {packager}\n"
            "License: Artistic or GPL-1+\n")


def _library(works: dict[int, str]) -> text.Index:
    index = text.Index()
    index.add_many((work_id, text.fingerprint_text(body)) for work_id, body in works.items())
    return index


def _scores(index: text.Index, candidate: str) -> dict[int, float]:
    return {hit.work_id: hit.score for hit in index.search(text.fingerprint_text(candidate, candidate=True), 0.0)}


def _quote(body: str, first: int, words: int) -> str:
    return " ".join(body.split()[first : first + words])


def test_a_quote_with_its_punctuation_deleted_is_found_as_one_with_it_turned_into_spaces() -> None:
    works = {work_id: _technical(work_id, 120) for work_id in range(1, 6)}
    index = _library(works)
    for first in (40, 300, 650):
        quote = _quote(works[3], first, 30)
        for stripped in (quote.translate(DELETE), re.sub(r"[^\w\s]", " ", quote), quote.translate(DELETE).lower()):
            scores = _scores(index, _embed(stripped, 70 + first))
            assert scores.get(3, 0.0) >= text.DEFAULT_THRESHOLD, stripped
            assert max((s for w, s in scores.items() if w != 3), default=0.0) < text.DEFAULT_THRESHOLD


def test_a_quote_with_its_punctuation_deleted_reads_as_the_same_quote_with_it_turned_into_spaces() -> None:
    """22 words of release notes, "e.g." and "v2.1" among them, are 30 once their punctuation became spaces:
    deleted, they were 22 words and read 0.43 against 0.58. The candidate is read again as the work says it
    would read with spaces, and reads the same."""
    works = {work_id: _technical(work_id, 120) for work_id in range(1, 6)}
    index = _library(works)
    for first in (40, 300, 650):
        quote = _quote(works[3], first, 22)
        spaced = _scores(index, _embed(re.sub(r"[^\w\s]", " ", quote), 70 + first))
        assert spaced[3] >= text.DEFAULT_THRESHOLD
        for deleted in (quote.translate(DELETE), quote.translate(DELETE).lower()):
            scores = _scores(index, _embed(deleted, 70 + first))
            assert scores.get(3, 0.0) == pytest.approx(spaced[3], abs=0.01), deleted
            assert max((s for w, s in scores.items() if w != 3), default=0.0) < text.DEFAULT_THRESHOLD


def test_a_manual_quote_whose_options_lost_their_dashes_is_found() -> None:
    """With its punctuation deleted, "grep -r -s" reads "grep r s", and a lone "s", "d", "m" or "ll" joins the word
    before it as in "don t": the work's joined reading joins them too (the quote was not found at all)."""
    works = {work_id: _prose(work_id, 120, OPTIONS) for work_id in range(1, 6)}
    index = _library(works)
    for first in (40, 300, 650):
        scores = _scores(index, _embed(_quote(works[3], first, 40).translate(DELETE), 70 + first))
        assert scores.get(3, 0.0) >= text.DEFAULT_THRESHOLD
        assert max((s for w, s in scores.items() if w != 3), default=0.0) < text.DEFAULT_THRESHOLD
    work = decode(text.fingerprint_text("Use ls -l -d to list, or cmp -s.")).as_written()
    assert work.words == 9  # as written, "-d" is still a word of its own: candidates kept for rescans read alike


def test_another_copyright_file_with_its_punctuation_deleted_is_below_the_line() -> None:
    """Its stock URLs and paths join many words, and its maintainers and years are other files' too: read with
    its punctuation deleted or not, it stays below the line."""
    index = _library({work_id: _copyright(work_id) for work_id in range(1, 41)})
    for seed in range(100, 140):
        for other in (_copyright(seed), _copyright(seed).translate(DELETE)):
            assert max(_scores(index, other).values(), default=0.0) < text.DEFAULT_THRESHOLD, other


def test_the_span_shown_of_a_quote_with_its_punctuation_deleted_is_where_it_is_in_the_work() -> None:
    works = {work_id: _technical(work_id, 120) for work_id in range(1, 4)}
    quote = _quote(works[2], 500, 40)
    hit = next(h for h in _library(works).search(text.fingerprint_text(_embed(quote.translate(DELETE), 5),
                                                                       candidate=True), 0.0) if h.work_id == 2)
    start, end = hit.evidence["passages"][0]["work_span"]
    at = works[2].index(quote)
    assert at - 5 <= start and end <= at + len(quote) + 5 and end - start >= 0.8 * len(quote)


def test_a_template_every_work_holds_counts_for_nothing_with_its_punctuation_deleted() -> None:
    """The shared header is the library's boilerplate in both readings: deleted punctuation does not make it a
    quote, and a quote running through it counts only the writer's own words."""
    header = _technical(99, 8)
    works = {work_id: header + " " + _technical(work_id, 60) for work_id in range(1, 31)}
    index = _library(works)
    assert max(_scores(index, _embed(header.translate(DELETE), 11)).values(), default=0.0) < text.DEFAULT_THRESHOLD
    own = len(header.split())
    quote = _quote(works[4], own - 20, 50).translate(DELETE)
    hit = next(h for h in index.search(text.fingerprint_text(_embed(quote, 12), candidate=True), 0.0)
               if h.work_id == 4)
    assert hit.score >= text.DEFAULT_THRESHOLD
    mine = len(re.sub(r"[^\w\s]", " ", _quote(works[4], own, 30)).split())  # the quote's own words, read as spaced
    assert hit.evidence["passages"][0]["rare_words"] <= mine + 5  # the header's 20 words weigh nothing


def test_another_technical_text_with_its_punctuation_deleted_is_below_the_line() -> None:
    works = {work_id: _technical(work_id, 120) for work_id in range(1, 6)}
    index = _library(works)
    other = _technical(77, 80)
    for candidate in (other.translate(DELETE), _embed(_quote(other, 100, 60).translate(DELETE), 8), _prose(78, 60)):
        assert max(_scores(index, candidate).values(), default=0.0) < text.DEFAULT_THRESHOLD


def test_a_candidate_is_compared_as_written_and_a_work_keeps_both_readings() -> None:
    body = _technical(5, 40)
    work, candidate = decode(text.fingerprint_text(body)), decode(text.fingerprint_text(body, candidate=True))
    assert candidate.written == candidate.words == work.written < work.words
    starts, ends = work.spans()
    joined = {body[s:e] for s, e in zip(starts[work.written :], ends[work.written :], strict=True)}
    assert any("-" in word for word in joined) and all(" " not in word for word in joined)



def test_a_japanese_story_has_no_joined_reading_and_its_copy_reads_as_certain() -> None:
    """Japanese is cut into words wherever its punctuation is, so deleting 、 and 。 joins nothing. A joined reading
    of it repeated the whole story, every line then counted as repeated, and an identical copy scored nothing."""
    story = "".join(f"灯台守の{n}番目の夜、港の灯りは霧の中で静かに揺れていた。" for n in range(40))
    work = decode(text.fingerprint_text(story))
    assert work.words == work.written  # nothing read twice
    assert _scores(_library({1: story}), story)[1] >= 0.95


def _as_format_2(blob: bytes) -> bytes:
    """The same words as the version before joined readings laid them out (no count of words as written)."""
    fingerprint = decode(blob)
    assert fingerprint.written == fingerprint.words
    return b"CWT\x02" + blob[4:16] + blob[20:]


def _seen_then_added(run_cli: CliRunner, tmp_path: Path, work: str, reply: str) -> None:
    """A check sees `reply` (and keeps its fingerprint for rescans), then `work` is added to the library."""
    folder = tmp_path / "seen"
    folder.mkdir()
    (folder / "reply.txt").write_text(reply, encoding="utf-8")
    assert run_cli("sources", "add", "folder", "--name", "seen", "--set", f"path={folder}").returncode == 0
    assert run_cli("check").returncode == 0
    mine = tmp_path / "notes.txt"
    mine.write_text(work, encoding="utf-8")
    assert run_cli("add", mine).returncode == 0


def _rescan_finds_it_and_reads_the_work_again(run_cli: CliRunner, home: Path, old_work: bytes) -> None:
    rescanned = run_cli("check", "--rescan", "--json")
    assert rescanned.returncode == 0, rescanned.stderr
    assert json.loads(rescanned.stdout)["rescan"]["matches"] == 1
    db = open_database(resolve_paths(home).database)
    assert db.execute("SELECT version, data != ? FROM fingerprints WHERE kind = 'text'", [old_work]).fetchall() == [
        (text.VERSION, 1)]


def test_a_library_made_before_joined_readings_reads_its_works_again_and_keeps_its_remembered_quotes(
        run_cli: CliRunner, home: Path, tmp_path: Path) -> None:
    work = _technical(3, 120)
    _seen_then_added(run_cli, tmp_path, work, _embed(_quote(work, 300, 40).translate(DELETE), 9))
    db = open_database(resolve_paths(home).database)  # as the version before left it:
    old_work = _as_format_2(text.fingerprint_text(work, candidate=True))
    db.execute("UPDATE fingerprints SET version = 5, data = ? WHERE kind = 'text'", [old_work])
    [(blob,)] = db.execute("SELECT data FROM candidate_prints WHERE kind = 'text'").fetchall()
    db.execute("UPDATE candidate_prints SET version = 5, data = ? WHERE kind = 'text'", [_as_format_2(blob)])
    db.execute("PRAGMA user_version = 14")
    db.conn.close()
    _rescan_finds_it_and_reads_the_work_again(run_cli, home, old_work)


def test_a_library_made_before_options_were_joined_reads_its_works_again_and_finds_their_quotes(
        run_cli: CliRunner, home: Path, tmp_path: Path) -> None:
    work = _prose(3, 120, OPTIONS)
    _seen_then_added(run_cli, tmp_path, work, _embed(_quote(work, 300, 40).translate(DELETE), 9))
    db = open_database(resolve_paths(home).database)  # as version 6 left it: its works read "-d" apart
    old_work = text.fingerprint_text(work, candidate=True)
    db.execute("UPDATE fingerprints SET version = 6, data = ? WHERE kind = 'text'", [old_work])
    db.execute("UPDATE candidate_prints SET version = 6 WHERE kind = 'text'")
    db.execute("PRAGMA user_version = 15")
    db.conn.close()
    _rescan_finds_it_and_reads_the_work_again(run_cli, home, old_work)
