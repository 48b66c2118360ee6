"""A mention's sentences that name the creator: each named as the watch finds it, a run-on text cut to the words
around the name, and the spans Compare highlights."""

from __future__ import annotations

from creatorwatch.core.evidence.naming_words import LONGEST_SENTENCE, sentences_naming, term_spans


def test_only_the_sentences_that_name_the_term_are_kept_each_once() -> None:
    text = "A boat. Made with ada_lin_style_lora! Adalina is someone else.\nMade with ada_lin_style_lora!"
    assert sentences_naming(text, "Ada Lin") == ["Made with ada_lin_style_lora!"]


def test_a_text_without_full_stops_is_cut_to_the_words_around_the_name() -> None:
    text = "word " * 400 + "Ada Lin " + "word " * 400
    [sentence] = sentences_naming(text, "Ada Lin")
    assert "Ada Lin" in sentence and sentence.startswith("…") and sentence.endswith("…")
    assert len(sentence) <= LONGEST_SENTENCE + 2


def test_the_spans_cover_each_naming() -> None:
    text = "Ada Lin and ADA-LIN"
    assert [text[a:b] for a, b in term_spans(text, "Ada Lin")] == ["Ada Lin", "ADA-LIN"]
