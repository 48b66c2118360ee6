"""Text matching: altered copies of a work are found, other texts and shared boilerplate are not."""

from __future__ import annotations

import json
import random
import re
import textwrap
from pathlib import Path

import numpy as np
import pytest
from numpy.lib.stride_tricks import sliding_window_view

from creatorwatch.core.errors import UnreadableMedia
from creatorwatch.core.fingerprint import text
from creatorwatch.core.fingerprint.text_normalise import canonical_words
from creatorwatch.core.fingerprint.text_shingle import WINDOW, decode, shingles, winnow

VERBS = ["love", "keep", "walk", "call", "hear", "know", "bring", "seek", "turn", "speak", "answer", "remember"]
FOOTER = (
    "This script is provided for reading only. All rights reserved by the author and the agency. "
    "No part of it may be reproduced, performed, recorded or transmitted in any form without permission "
    "in writing. Registered with the guild. Draft for production use only; return to the production office."
)


def _names(rng: random.Random, count: int) -> list[str]:
    syllables = ["ba", "ro", "mi", "tal", "ven", "sor", "qui", "del", "an", "or", "ith", "ul", "kem", "pa"]
    return ["".join(rng.choice(syllables) for _ in range(rng.randint(2, 3))) for _ in range(count)]


def _sentence(rng: random.Random, nouns: list[str], archaic: bool) -> str:
    """One sentence; the archaic and modern forms come from the same random choices."""
    a, b, c = rng.choice(nouns), rng.choice(nouns), rng.choice(nouns)
    verb, form = rng.choice(VERBS), rng.randrange(5)
    if form == 0:
        return f"Thou {verb}est the {a} of {b}." if archaic else f"You {verb} the {a} of {b}."
    if form == 1:
        return f"The {a} {verb}eth {b} and {c}." if archaic else f"The {a} {verb}s {b} and {c}."
    if form == 2:
        return f"He hath call'd thee to the {a}." if archaic else f"He has called you to the {a}."
    if form == 3:
        return f"Doth thy {a} {verb} the {b}?" if archaic else f"Does your {a} {verb} the {b}?"
    return f"{a.capitalize()} and {b} in the {c} with {rng.choice(nouns)}."


def _work(seed: int, sentences: int = 120, archaic: bool = True) -> str:
    rng = random.Random(seed)
    nouns = _names(rng, 300)
    return " ".join(_sentence(rng, nouns, archaic) for _ in range(sentences))


def _paired(seed: int, sentences: int = 120) -> tuple[str, str]:
    return _work(seed, sentences, True), _work(seed, sentences, False)


def _words(source: str, first: int, count: int) -> str:
    return " ".join(source.split()[first : first + count])


def _filler(seed: int, words: int) -> str:
    rng = random.Random(seed)
    vocabulary = _names(rng, 2000)
    return " ".join(rng.choice(vocabulary) for _ in range(words))


def _embed(passage: str, seed: int) -> str:
    return _filler(seed, 300) + "\n\n" + passage + "\n\n" + _filler(seed + 1, 300)


@pytest.fixture(scope="module")
def library() -> tuple[text.Index, dict[int, str]]:
    works = {work_id: _work(work_id) for work_id in range(1, 9)}
    index = text.Index()
    index.add_many((work_id, text.fingerprint_text(body)) for work_id, body in works.items())
    return index, works


def _best(index: text.Index, candidate: str) -> tuple[int, float]:
    hits = index.search(text.fingerprint_text(candidate), text.DEFAULT_THRESHOLD)
    return (hits[0].work_id, hits[0].score) if hits else (0, 0.0)


def test_excerpt_of_80_words_in_unrelated_text_is_found_with_spans(library) -> None:
    index, works = library
    excerpt = _words(works[3], 200, 80)
    candidate = _embed(excerpt, 11)
    hits = index.search(text.fingerprint_text(candidate), text.DEFAULT_THRESHOLD)
    assert [hit.work_id for hit in hits] == [3]
    passage = hits[0].evidence["passages"][0]
    json.dumps(hits[0].evidence)
    cand_start, cand_end = passage["candidate_span"]
    work_start, work_end = passage["work_span"]
    at = candidate.index(excerpt)
    assert abs(cand_start - at) < 60 and abs(cand_end - at - len(excerpt)) < 60
    assert abs(work_start - works[3].index(excerpt)) < 60
    assert candidate[cand_start:cand_end].split()[-3:] == works[3][work_start:work_end].split()[-3:]
    assert passage["matched_words"] >= 60


def test_fifteen_percent_of_words_replaced_scores_on_the_words_that_survive() -> None:
    work = _work(5)
    index = text.Index()  # works of other writers: the stock phrases of _work stay rare here
    others = [(i, text.fingerprint_text(_filler(i, 800))) for i in range(6, 12)]
    index.add_many([(5, text.fingerprint_text(work)), *others])
    rng = random.Random(5)
    words = _words(work, 400, 100).split()
    for i in rng.sample(range(len(words)), 15):
        words[i] = rng.choice(["table", "river", "green", "quickly", "seven"])
    hits = index.search(text.fingerprint_text(_embed(" ".join(words), 21)), text.DEFAULT_THRESHOLD)
    assert [hit.work_id for hit in hits] == [5]
    assert hits[0].evidence["passages"][0]["matched_words"] >= 60


def test_a_long_verbatim_copy_is_near_certain(library) -> None:
    index, works = library
    assert _best(index, _embed(_words(works[7], 100, 300), 23)) >= (7, 0.9)


def test_archaic_spelling_modernised() -> None:
    archaic, modern = _paired(40)
    index = text.Index()
    index.add(40, text.fingerprint_text(archaic))
    index.add(41, text.fingerprint_text(_work(41)))
    assert _best(index, _embed(_words(modern, 300, 100), 31))[0] == 40


def test_punctuation_and_case_stripped(library) -> None:
    index, works = library
    stripped = re.sub(r"[^\w\s]", " ", _words(works[2], 100, 90)).upper()
    assert _best(index, _embed(stripped, 41))[0] == 2


def test_sentences_reordered(library) -> None:
    index, works = library
    sentences = re.findall(r"[^.?]+[.?]", _words(works[6], 500, 150))
    random.Random(3).shuffle(sentences)
    assert _best(index, _embed(" ".join(sentences), 51))[0] == 6


def test_other_edition_with_other_spellings_and_line_breaks() -> None:
    archaic, modern = _paired(60)
    edition = modern.replace(" and ", " & ").replace("'", "\u2019")
    edition = re.sub(r"\b(\w+)or\b", r"\1our", edition)
    edition = textwrap.fill(_words(edition, 250, 120), width=37)
    index = text.Index()
    index.add(60, text.fingerprint_text(archaic.replace("color", "colour")))
    assert _best(index, _embed(edition, 61))[0] == 60


def test_unicode_forms_fold_alike() -> None:
    a = canonical_words("Ｆｕｌｌ ﬁnd café Naïve’s COLOUR centre lov'd")
    b = canonical_words("full find cafe\u0301 naives color center loved")
    assert list(a.hashes) == list(b.hashes)


def test_another_work_by_the_same_author_does_not_match(library) -> None:
    index, _ = library
    assert _best(index, _work(99, 200)) == (0, 0.0)


def test_shared_boilerplate_is_not_a_copy_but_a_pasted_passage_is() -> None:
    index = text.Index()
    works = {i: f"FADE IN:\n\nINT. OFFICE - DAY\n\n{_work(100 + i, 60)}\n\nCUT TO:\n\n{FOOTER}" for i in range(30)}
    index.add_many((i, text.fingerprint_text(body)) for i, body in works.items())
    page = f"FADE IN:\n\nINT. OFFICE - DAY\n\n{_filler(7, 500)}\n\nCUT TO:\n\n{FOOTER}"
    assert index.search(text.fingerprint_text(page), text.DEFAULT_THRESHOLD) == []
    pasted = _filler(8, 1500) + "\n" + _words(works[12], 150, 100) + "\n" + _filler(9, 1500) + FOOTER
    assert _best(index, pasted)[0] == 12


def test_rarity_follows_the_library_as_works_are_removed() -> None:
    shared = FOOTER + " " + _work(555, 10)
    index = text.Index()
    for i in range(30):
        index.add(i, text.fingerprint_text(_work(200 + i, 40) + "\n\n" + shared))
    candidate = _embed(shared, 71)
    assert index.search(text.fingerprint_text(candidate), text.DEFAULT_THRESHOLD) == []
    for i in range(1, 30):
        index.remove(i)
    assert len(index) == 1
    assert _best(index, candidate)[0] == 0 and _best(index, candidate)[1] >= text.DEFAULT_THRESHOLD


MIT = """Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
associated documentation files (the "Software"), to deal in the Software without restriction, including without
limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the
Software, and to permit persons to whom the Software is furnished to do so, subject to the following conditions:
The above copyright notice and this permission notice shall be included in all copies or substantial portions of
the Software. THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT
LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT
SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF
CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS
IN THE SOFTWARE."""


def test_a_standard_licence_one_work_quotes_is_not_a_copy() -> None:
    index = text.Index()
    index.add(1, text.fingerprint_text(_work(400, 80) + "\n\nCopyright 2024 the author.\n\n" + MIT))
    index.add(2, text.fingerprint_text(_work(401, 80)))
    page = _filler(12, 300) + "\n\nCopyright 2019 someone else.\n\n" + MIT + "\n\n" + _filler(13, 300)
    assert index.search(text.fingerprint_text(page), text.DEFAULT_THRESHOLD) == []
    assert _best(index, page + _words(_work(400, 80), 50, 100))[0] == 1


def test_a_line_repeated_in_both_texts_counts_once() -> None:
    line = "Availability: not on the web, not on phones, and not on any system without threads or a file system."
    index = text.Index()
    listing = "\n".join(f"{name} is a constant. {line}" for name in _names(random.Random(1), 40))
    index.add(1, text.fingerprint_text(listing))
    page = "\n".join(f"{name} is a flag. {line}" for name in _names(random.Random(2), 40))
    assert index.search(text.fingerprint_text(page), text.DEFAULT_THRESHOLD) == []


def test_spans_survive_long_words_and_long_gaps() -> None:
    body = "alpha " + "x" * 300 + " beta" + " " * 70_000 + "gamma delta"
    fingerprint = decode(text.fingerprint_text(body))
    starts, ends = fingerprint.spans()
    assert [body[a:b] for a, b in zip(starts, ends, strict=True)] == body.split()


def test_winnowing_keeps_the_minimum_of_every_window() -> None:
    grams = shingles(np.random.default_rng(4).integers(0, 2**16, 5000, dtype=np.uint16))
    windows = sliding_window_view(grams, WINDOW)
    assert list(winnow(grams)) == list(np.unique(np.argmin(windows, axis=1) + np.arange(len(windows))))


def test_files_in_other_encodings_are_read(tmp_path: Path, library) -> None:
    index, works = library
    path = tmp_path / "copy.txt"
    path.write_text(_embed(_words(works[4], 50, 100), 81) + " café", encoding="utf-16")
    hits = index.search(text.fingerprint_file(path), text.DEFAULT_THRESHOLD)
    assert hits and hits[0].work_id == 4


def test_binary_file_named_txt_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "script.txt"
    path.write_bytes(random.Random(1).randbytes(4096))
    with pytest.raises(UnreadableMedia, match="binary"):
        text.fingerprint_file(path)


def test_empty_file_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(UnreadableMedia, match="no words"):
        text.fingerprint_file(path)


def test_huge_text_is_fingerprinted_in_chunks_alike() -> None:
    body = _work(300, 400)
    huge = (body + "\n") * 60  # about 2.5 MB: more than one chunk
    whole = canonical_words(huge)
    assert len(whole) == len(huge.split()) and whole.ends.max() <= len(huge)
    assert list(whole.hashes[: len(body.split())]) == list(canonical_words(body).hashes)


def test_garbage_blob_is_refused() -> None:
    with pytest.raises(ValueError, match="text fingerprint"):
        text.Index().add(1, b"CWT\x09nonsense")


def test_an_empty_library_or_one_of_wordless_works_finds_nothing() -> None:
    candidate = text.fingerprint_text("The quick brown fox jumps over the lazy dog again and again.")
    index = text.Index()
    assert index.search(candidate, 0.0) == []
    index.add(1, text.fingerprint_text(""))
    assert index.search(candidate, 0.0) == []


def test_a_stock_paragraph_every_work_holds_with_breaks_of_its_own_weighs_nothing() -> None:
    """Each script breaks the agency's standard notice in other places (scene headings between its lines), so
    winnowing samples other seeds of it in each: it still weighs by how many works hold its words at all, and a
    page that holds it scores as the unrelated page it is (the seeds alone read it as held by a few works)."""
    rng = random.Random(3)
    notice = _work(5000, 30, archaic=False).split()
    index = text.Index()
    for number in range(40):
        cuts = sorted(rng.sample(range(4, len(notice) - 4), 10))
        pieces = [" ".join(notice[a:b]) for a, b in zip([0, *cuts], [*cuts, len(notice)], strict=True)]
        broken = "\n\nINT. HOUSE - NIGHT\n\n".join(pieces)
        index.add(number, text.fingerprint_text(_work(100 + number, 40) + "\n\n" + broken))
    page = _work(999, 40, archaic=False) + "\n\n" + " ".join(notice)
    assert max((hit.score for hit in index.search(text.fingerprint_text(page), 0.0)), default=0.0) < 0.25


def test_a_verbatim_copy_with_a_refrain_reads_as_every_word_copied() -> None:
    """Scoring counts a refrain's words once; what the creator reads must not: a verbatim copy of 160 words reads
    as 160 copied words, as many as its longest run, not fewer beside it."""
    refrain = ["and", "the", "lantern", "keeper", "sang", "of", "the", "salt", "wind", "over", "the", "harbour", "wall"]
    words = _work(7).split()
    body = words[:60] + refrain + words[60:110] + refrain + words[110:400]
    index = text.Index()
    index.add(7, text.fingerprint_text(" ".join(body)))
    hits = index.search(text.fingerprint_text(" ".join(body[40:200])), text.DEFAULT_THRESHOLD)
    assert [hit.work_id for hit in hits] == [7]
    passage = hits[0].evidence["passages"][0]
    assert passage["longest_run_words"] == 160
    assert passage["matched_words"] == 160


def test_two_whole_works_one_after_the_other_show_each_its_own_span_and_words() -> None:
    """Stock phrases the two works share matched in context across the join: the spans then ran over the other
    work (the second work read as copied from its middle) and more words read as copied than the work has."""
    first, second = _work(21, 60), _work(22, 60)
    index = text.Index()
    index.add_many([(1, text.fingerprint_text(first)), (2, text.fingerprint_text(second))])
    for candidate in (second + "\n\n" + first, first + "\n\n" + second):
        hits = index.search(text.fingerprint_text(candidate), text.DEFAULT_THRESHOLD)
        assert sorted(hit.work_id for hit in hits) == [1, 2]
        for hit in hits:
            work = first if hit.work_id == 1 else second
            passage = hit.evidence["passages"][0]
            at = candidate.index(work)
            cand_start, cand_end = passage["candidate_span"]
            work_start, work_end = passage["work_span"]
            assert abs(cand_start - at) < 20 and abs(cand_end - at - len(work)) < 20
            assert work_start < 20 and abs(work_end - len(work)) < 20
            assert passage["matched_words"] <= len(work.split())
