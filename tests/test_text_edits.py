"""Text copies as they appear online: a short quote inside other prose, an excerpt, the work itself, a condensed
or synonym-swapped copy. Each is found at the app's alert line; shared licence text and stock phrases are not."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from creatorwatch.core.fingerprint import text
from creatorwatch.core.fingerprint.base import Hit
from creatorwatch.core.fingerprint.text_overlap import verbatim_overlap
from creatorwatch.core.fingerprint.text_shingle import fingerprint_of, shingles
from tests.conftest import CliRunner

FUNCTION = ["the", "a", "of", "and", "to", "in", "with", "from", "over", "under", "by", "for", "at", "as"]
TEMPLATES = [
    "The {a} {n} {v} the {n} of the {n}.",
    "{N} and {n} {v} over the {a} {n}, and the {n} {v} {d}.",
    "In the {n} of {n}, a {a} {n} {v} to the {n}.",
    "She {v} the {n} with a {a} {n} and {v} {d} from the {n}.",
    "When the {n} {v}, the {a} {n} {v} by the {n} of {n}.",
    "{N} {v} {d} at the {a} {n}; the {n} {v} for the {n}.",
]
MIT = ("Permission is hereby granted, free of charge, to any person obtaining a copy of this software and "
       "associated documentation files (the \"Software\"), to deal in the Software without restriction, including "
       "without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell "
       "copies of the Software, and to permit persons to whom the Software is furnished to do so, subject to the "
       "following conditions: The above copyright notice and this permission notice shall be included in all "
       "copies or substantial portions of the Software.")


def _lexicon(seed: int, size: int = 400) -> list[str]:
    """Invented content words, distinct for every seed: one writer's vocabulary."""
    rng = random.Random(seed)
    syllables = ["ba", "ro", "mi", "tal", "ven", "sor", "qui", "del", "an", "or", "ith", "ul", "kem", "pa", "zu",
                 "lo", "fer", "gan", "tri", "mos"]
    return sorted({"".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(size)})


def _prose(seed: int, sentences: int, templates: list[str] = TEMPLATES) -> str:
    """English-shaped prose: stock function words around the writer's own nouns, verbs and adjectives."""
    rng = random.Random(seed)
    words = _lexicon(seed)
    out = []
    for _ in range(sentences):
        line = rng.choice(templates)
        for slot in ("{n}", "{N}", "{v}", "{a}", "{d}"):
            while slot in line:
                word = rng.choice(words)
                line = line.replace(slot, word.capitalize() if slot == "{N}" else word, 1)
        out.append(line)
    return " ".join(out)


def _words(body: str, first: int, count: int) -> str:
    return " ".join(body.split()[first : first + count])


def _embed(passage: str, seed: int, around: int = 600) -> str:
    filler = _prose(seed, around // 9).split()
    cut = len(filler) // 2
    return " ".join(filler[:cut]) + "\n\n" + passage + "\n\n" + " ".join(filler[cut:])


def _synonyms(passage: str, share: float, seed: int) -> str:
    """`share` of the writer's own words swapped for another word of the same meaning (here: another word)."""
    rng = random.Random(seed)
    words = passage.split()
    own = [i for i, w in enumerate(words) if re.sub(r"\W", "", w).lower() not in FUNCTION]
    for i in rng.sample(own, int(share * len(own))):
        words[i] = re.sub(r"\w+", lambda m: m.group(0)[::-1] + "en", words[i])
    return " ".join(words)


def _condensed(body: str, keep: float, seed: int) -> str:
    rng = random.Random(seed)
    sentences = re.findall(r"[^.;]+[.;]", body)
    return " ".join(s.strip() for s in sentences if rng.random() < keep)


@pytest.fixture(scope="module")
def library() -> tuple[text.Index, dict[int, str]]:
    works = {work_id: _prose(work_id, 150) for work_id in range(1, 7)}
    index = text.Index()
    index.add_many((work_id, text.fingerprint_text(body)) for work_id, body in works.items())
    return index, works


def _hit(index: text.Index, candidate: str, work_id: int) -> Hit | None:
    hits = {hit.work_id: hit for hit in index.search(text.fingerprint_text(candidate), 0.0)}
    return hits.get(work_id)


def _score(index: text.Index, candidate: str, work_id: int) -> float:
    hit = _hit(index, candidate, work_id)
    return hit.score if hit else 0.0


def _best_other(index: text.Index, candidate: str, work_id: int) -> float:
    return max((h.score for h in index.search(text.fingerprint_text(candidate), 0.0) if h.work_id != work_id),
               default=0.0)


@pytest.mark.parametrize("words", [30, 40])
def test_a_short_verbatim_quote_inside_unrelated_prose_is_a_copy(library, words: int) -> None:
    index, works = library
    for first in (100, 400, 700):
        hit = _hit(index, _embed(_words(works[2], first, words), 50 + first), 2)
        assert hit is not None and hit.score >= text.DEFAULT_THRESHOLD
        assert hit.evidence["longest_run_words"] >= words - 1
        assert hit.evidence["passages"][0]["longest_run_words"] == hit.evidence["longest_run_words"]


@pytest.mark.parametrize("edit", ["changed", "added", "dropped"])
def test_a_quote_with_one_word_changed_added_or_dropped_is_still_one_quote(library, edit: str) -> None:
    """Stripping punctuation reads "option -S" as "options": the two halves of the quote are one run."""
    index, works = library
    words = _words(works[2], 260, 40).split()
    words[19:20] = {"changed": ["zzyzx"], "added": [words[19], "zzyzx"], "dropped": []}[edit]
    hit = _hit(index, _embed(" ".join(words), 77), 2)
    assert hit is not None and hit.score >= text.DEFAULT_THRESHOLD
    assert hit.evidence["longest_run_words"] >= 38


@pytest.mark.parametrize("edit", ["split in two", "two dropped", "two added"])
def test_a_quote_with_two_words_slipped_is_still_one_quote(library, edit: str) -> None:
    """Punctuation stripped reads "d['xx']" as "d xx": a word becomes two, or two vanish; the halves are one run."""
    index, works = library
    words = _words(works[2], 520, 40).split()
    words[19:20] = {"split in two": ["zzy", "zyx"], "two dropped": [], "two added": [words[19], "zzy", "zyx"]}[edit]
    if edit == "two dropped":
        del words[19]
    hit = _hit(index, _embed(" ".join(words), 78), 2)
    assert hit is not None and hit.score >= text.DEFAULT_THRESHOLD
    assert hit.evidence["longest_run_words"] >= 37


def test_a_quote_that_leaves_out_a_heading_of_the_work_is_one_quote(library) -> None:
    """A quote read off a page without the section heading between its sentences: 26 words, then 10, with the
    work's 5-word heading left out between them, is one quote of 36 words (neither half is one on its own)."""
    index, works = library
    before, heading, after = _words(works[2], 610, 26), _words(works[2], 636, 5), _words(works[2], 641, 10)
    assert _score(index, _embed(before, 79), 2) < text.DEFAULT_THRESHOLD  # 26 words alone are not enough
    hit = _hit(index, _embed(f"{before} {after}", 79), 2)
    assert hit is not None and hit.score >= text.DEFAULT_THRESHOLD
    assert hit.evidence["longest_run_words"] == 36
    assert heading not in " ".join(_embed(f"{before} {after}", 79).split())


@pytest.mark.parametrize("left_out", [10, 18, 35])
def test_a_quote_with_words_left_out_in_brackets_is_one_quote(library, left_out: int) -> None:
    """A quote shortened with "[...]" (or without the work's 10-word heading between its sentences): 23 words, then
    20, with `left_out` words of the work between them left out, is one quote of 43 words."""
    index, works = library
    before, after = _words(works[2], 700, 23), _words(works[2], 723 + left_out, 20)
    assert _score(index, _embed(before, 80), 2) < text.DEFAULT_THRESHOLD
    assert _score(index, _embed(after, 80), 2) < text.DEFAULT_THRESHOLD
    for joined in (f"{before} [...] {after}", f"{before} {after}"):
        hit = _hit(index, _embed(joined, 80), 2)
        assert hit is not None and hit.score >= text.DEFAULT_THRESHOLD, joined
        assert hit.evidence["longest_run_words"] == 43


def test_two_quotes_from_far_apart_in_the_work_are_not_joined(library) -> None:
    """Two 20-word sentences of the work set side by side, 300 words apart in it, are two short quotes, not one."""
    index, works = library
    joined = f"{_words(works[2], 700, 20)} {_words(works[2], 1020, 20)}"
    assert _score(index, _embed(joined, 81), 2) < text.DEFAULT_THRESHOLD


def test_an_excerpt_that_repeats_lines_of_its_own_is_one_near_certain_verbatim_run(library) -> None:
    """Parallel phrasing ("This can be used to ...") said again in a passage neither cuts the quote in two nor
    keeps a bare excerpt of it from reading as near-certain."""
    index, works = library
    words = _words(works[4], 200, 70).split()
    line = words[5:17]
    excerpt = " ".join(words[:30] + line + words[30:45] + line + words[45:60] + line + words[60:])
    index.add(99, text.fingerprint_text(_prose(98, 20) + " " + excerpt + " " + _prose(97, 20)))
    try:
        hit = _hit(index, excerpt, 99)
        assert hit is not None and hit.evidence["longest_run_words"] == len(excerpt.split())
        assert hit.score >= 0.95
    finally:
        index.remove(99)


def test_a_quote_of_twenty_words_is_below_the_alert_line(library) -> None:
    index, works = library
    assert _score(index, _embed(_words(works[3], 300, 20), 61), 3) < text.DEFAULT_THRESHOLD


def test_the_work_itself_and_a_verbatim_excerpt_are_near_certain(library) -> None:
    index, works = library
    assert _score(index, works[4], 4) >= 0.95
    assert _score(index, _words(works[4], 250, 100), 4) >= 0.95
    assert _score(index, _embed(_words(works[4], 500, 105), 71, 300), 4) >= 0.95


def test_a_short_work_against_itself_is_near_certain() -> None:
    poem = _prose(90, 14)  # about 130 words
    index = text.Index()
    index.add(1, text.fingerprint_text(poem))
    assert index.search(text.fingerprint_text(poem), 0.0)[0].score >= 0.95


@pytest.mark.parametrize("words", [30, 60])
def test_a_whole_short_poem_copied_word_for_word_is_near_certain(words: int) -> None:
    """An exact copy of a whole short work is as certain as one of a long work; an excerpt of it is not."""
    poem = " ".join(_prose(91, 12).split()[:words])
    index = text.Index()
    index.add(1, text.fingerprint_text(poem))
    assert index.search(text.fingerprint_text(poem), 0.0)[0].score >= 0.95
    unpunctuated = "".join(c for c in poem.lower() if c.isalnum() or c.isspace())
    assert index.search(text.fingerprint_text(unpunctuated), 0.0)[0].score >= 0.95
    excerpt = " ".join(poem.split()[: words * 2 // 3])
    assert index.search(text.fingerprint_text(excerpt), 0.0)[0].score < 0.95


def test_a_condensed_copy_is_found(library) -> None:
    index, works = library
    condensed = _condensed(works[5], 0.4, 5)
    assert _score(index, condensed, 5) >= 0.9
    assert _score(index, _condensed(_words(works[5], 300, 400), 0.5, 6), 5) >= text.DEFAULT_THRESHOLD


@pytest.mark.parametrize("seed", [0, 3])
def test_a_copy_condensed_to_a_fifth_with_words_swapped_is_found(library, seed: int) -> None:
    """No one passage of a heavily condensed copy is long enough alone; its passages count together when most of
    the candidate is the work's text, on the words no other work holds."""
    index, works = library
    assert _score(index, _synonyms(_condensed(works[5], 0.2, seed), 0.2, seed), 5) >= text.DEFAULT_THRESHOLD


def test_synonyms_for_a_third_of_the_words_are_found(library) -> None:
    index, works = library
    assert _score(index, _synonyms(_words(works[6], 200, 150), 0.35, 7), 6) >= text.DEFAULT_THRESHOLD


@pytest.mark.parametrize("first", [100, 500, 900])
def test_a_hundred_words_with_most_of_them_swapped_are_found(library, first: int) -> None:
    """70% of the writer's own words replaced one for one leaves one shared 4-word seed or two: the passage is
    read along that diagonal past the seeds, where the words kept in place still line up."""
    index, works = library
    assert _score(index, _synonyms(_words(works[6], first, 100), 0.7, first), 6) >= text.DEFAULT_THRESHOLD


def test_a_swapped_passage_that_shares_no_seed_with_the_work_is_still_found(library) -> None:
    """Heavy swapping can leave a few short shared runs none of which winnowing sampled as a seed of the work:
    the index also knows every shingle of the library, so the work is found through three or more of them."""
    index, works = library
    own = fingerprint_of(works[6])
    seeds, every = set(own.seeds.tolist()), set(shingles(own.ids).tolist())
    unseeded = []
    for first in range(0, 1100, 25):
        passage = _synonyms(_words(works[6], first, 100), 0.7, first)
        shared = every & set(shingles(fingerprint_of(passage).ids).tolist())
        if len(shared) >= 3 and not shared & seeds:
            unseeded.append(passage)
    assert len(unseeded) >= 3
    assert all(_score(index, passage, 6) >= text.DEFAULT_THRESHOLD for passage in unseeded)


def test_edited_copies_do_not_match_other_works(library) -> None:
    index, works = library
    candidates = [works[4], _embed(_words(works[2], 100, 40), 81), _condensed(works[5], 0.4, 5)]
    assert all(_best_other(index, c, w) < 0.3 for c, w in zip(candidates, (4, 2, 5), strict=True))


def test_another_text_by_the_same_writer_is_not_a_copy(library) -> None:
    index, _ = library
    assert index.search(text.fingerprint_text(_prose(99, 200)), text.DEFAULT_THRESHOLD) == []


def test_a_licence_two_texts_share_is_not_a_copy() -> None:
    index = text.Index()
    index.add(1, text.fingerprint_text(_prose(20, 60) + "\n\nCopyright 2024 the writer.\n\n" + MIT))
    page = _prose(21, 40) + "\n\nCopyright 2020 someone else.\n\n" + MIT
    assert index.search(text.fingerprint_text(page), text.DEFAULT_THRESHOLD) == []
    assert verbatim_overlap(_prose(20, 60) + "\n\n" + MIT, page).longest_run < 10


def test_verbatim_overlap_measures_the_longest_run_and_where_it_is() -> None:
    work = _prose(30, 150)
    quote = _words(work, 321, 45)
    candidate = _embed(quote, 31)
    overlap = verbatim_overlap(work, candidate)
    assert overlap.longest_run == 45 and overlap.matched_words == 45
    assert overlap.score >= text.DEFAULT_THRESHOLD
    assert candidate[slice(*overlap.candidate_span)] == quote
    assert work[slice(*overlap.work_span)] == quote
    assert verbatim_overlap(work, _prose(32, 60)).matched_words == 0


def test_cli_match_scores_an_exact_copy_and_an_excerpt_as_near_certain(run_cli: CliRunner, tmp_path: Path) -> None:
    works = tmp_path / "works"
    works.mkdir()
    (works / "chapter.txt").write_text(_prose(40, 120), encoding="utf-8")
    (works / "other.txt").write_text(_prose(41, 120), encoding="utf-8")
    assert run_cli("add", works).returncode == 0
    found = tmp_path / "found"
    found.mkdir()
    (found / "copy.txt").write_text(_prose(40, 120), encoding="utf-8")
    (found / "excerpt.txt").write_text(_words(_prose(40, 120), 200, 105), encoding="utf-8")
    (found / "quote.txt").write_text(_embed(_words(_prose(40, 120), 500, 40), 42), encoding="utf-8")
    (found / "unrelated.txt").write_text(_prose(43, 120), encoding="utf-8")
    matched = run_cli("match", "--json", *sorted(found.iterdir()))
    assert matched.returncode == 0, matched.stderr
    lines = {Path(row["candidate"]).name: row["matches"] for row in map(json.loads, matched.stdout.splitlines())}
    for name in ("copy.txt", "excerpt.txt"):
        assert [m["work_path"] for m in lines[name]] == [str(works / "chapter.txt")]
        assert lines[name][0]["score"] >= 0.95
    assert [m["work_path"] for m in lines["quote.txt"]] == [str(works / "chapter.txt")]
    assert lines["quote.txt"][0]["evidence"]["longest_run_words"] == 40
    assert lines["unrelated.txt"] == []


def test_a_quote_with_its_apostrophes_stripped_reads_as_the_original() -> None:
    work = ("It's what they're doing, and I'm sure we'll see that you don't know the "
            + _prose(50, 60))
    stripped = re.sub(r"[^\w\s]", " ", _words(work, 0, 45)).lower()
    index = text.Index()
    index.add(1, text.fingerprint_text(work))
    hit = _hit(index, _embed(stripped, 51), 1)
    assert hit is not None and hit.evidence["longest_run_words"] >= 40


STOCK_PHRASES = ["and it came to pass in those days", "said unto them in that day", "as the elders had spoken",
                 "went up into the house of the", "and all the people answered and said", "for ever and ever amen",
                 "and the word came unto him saying", "in the sight of all the congregation",
                 "behold I send you forth", "and they took up their journey", "at the going down of the sun",
                 "until this very day"]


def _scripture(seed: int) -> list[tuple[str, bool]]:
    """A text of the writer's own few words between stock phrases other texts of its kind share, as
    (piece, own) pairs: each stock phrase is held by four or five of the twelve works."""
    rng = random.Random(seed)
    lexicon, stock = _lexicon(seed), rng.sample(STOCK_PHRASES, 5)
    pieces = []
    for _ in range(200):
        pieces += [(" ".join(rng.choice(lexicon) for _ in range(4)), True), (rng.choice(stock), False)]
    return pieces


def test_a_quote_of_thirty_own_words_between_stock_phrases_is_a_copy() -> None:
    """Winnowing samples the stock phrases as seeds and skips the writer's words between them; those words weigh
    by how many works hold them (one), not by the stock seeds around them, so the quote reaches the alert line."""
    works = {work_id: _scripture(work_id) for work_id in range(1, 13)}
    index = text.Index()
    index.add_many((work_id, text.fingerprint_text(" ".join(piece for piece, _ in pieces)))
                   for work_id, pieces in works.items())
    scores = []
    for first in range(0, 300, 7):
        own, quote = 0, []
        for piece, mine in works[2][first:]:
            quote.append(piece)
            own += mine * len(piece.split())
            if own >= 30:
                break
        scores.append(_score(index, _embed(" ".join(quote), 900 + first), 2))
    assert sum(score >= text.DEFAULT_THRESHOLD for score in scores) >= 0.95 * len(scores)


def test_a_quote_beside_a_phrase_other_works_repeat_as_a_refrain_is_a_copy() -> None:
    """Two works say "the word of the Lord" after every sentence, hundreds of times; a third says "the word of the
    truth" once. The phrase was taken for the library's boilerplate, and the writer's words around it with it: a
    quote there read 0.37. It weighs by the works holding it (two), and the quote is found."""
    refrain = "And the word of the Lord came unto me, saying,"
    works = {work_id: " ".join(f"{s.strip()} {refrain}" for s in re.findall(r"[^.;]+[.;]", _prose(work_id, 200)))
             for work_id in (1, 2)}
    own = _prose(3, 60).split()
    works.update({3: " ".join(own[:200]) + " in the word of the truth " + " ".join(own[200:]), 4: _prose(4, 200)})
    index = text.Index()
    index.add_many((work_id, text.fingerprint_text(body)) for work_id, body in works.items())
    words = works[3].split()
    for first in range(175, 205, 4):
        quote = _embed(" ".join(words[first : first + 30]), 70 + first)
        assert _score(index, quote, 3) >= text.DEFAULT_THRESHOLD, first
        assert _best_other(index, quote, 3) < text.DEFAULT_THRESHOLD


def test_a_quote_holding_a_line_the_work_says_twice_is_shown_as_one_passage() -> None:
    """The quote's refrain is found at both of its places in the work; shown as a second passage it made one quote
    of 60 words read as "75 words copied in 2 passages", an overstatement a takedown notice would repeat."""
    body = _prose(1, 150).split()
    work = " ".join(body[:500] + body[200:215] + body[500:])  # words 200-214 said again 300 words on
    index = text.Index()
    index.add_many([(1, text.fingerprint_text(work))])
    hit = _hit(index, _embed(_words(work, 180, 60), seed=7), 1)
    assert hit is not None and hit.score >= text.DEFAULT_THRESHOLD
    [passage] = hit.evidence["passages"]
    assert 58 <= passage["matched_words"] <= 62
