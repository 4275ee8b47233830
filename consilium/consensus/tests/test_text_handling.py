"""Sentence splitting, normalising and stemming used by the consensus method."""

from __future__ import annotations

import pytest

from consilium.consensus.method import split_sentences
from consilium.consensus.text import clean_point_text, cue_text, is_boilerplate, norm_word, stem


def test_splits_prose_on_terminal_punctuation() -> None:
    assert split_sentences("It helps. It is cheap! Is it safe? Yes.") == [
        "It helps.",
        "It is cheap!",
        "Is it safe?",
        "Yes.",
    ]


def test_keeps_abbreviations_and_numbers_inside_a_sentence() -> None:
    text = "Dr. Lee uses 2.5 mg, e.g. twice a day vs. once. The U.S. label differs."
    assert split_sentences(text) == [
        "Dr. Lee uses 2.5 mg, e.g. twice a day vs. once.",
        "The U.S. label differs.",
    ]


def test_paragraphs_list_items_and_headings_end_sentences() -> None:
    text = (
        "Thank you for your question\n\n## Short answer\nIt depends\n"
        "- first point\n- second point\n1. numbered\n\nLast line"
    )
    assert split_sentences(text) == [
        "Thank you for your question",
        "Short answer",
        "It depends",
        "first point",
        "second point",
        "numbered",
        "Last line",
    ]


def test_hard_wrapped_prose_is_joined() -> None:
    text = (
        "This sentence was wrapped by an email client at a fixed width so it\n"
        "continues on the next line. Then a new one starts."
    )
    assert split_sentences(text) == [
        "This sentence was wrapped by an email client at a fixed width so it continues on the "
        "next line.",
        "Then a new one starts.",
    ]


def test_markdown_markup_is_removed() -> None:
    text = "**Botox** works _well_ for [crow's feet](https://example.org/x). See `this`."
    assert split_sentences(text) == ["Botox works well for crow's feet.", "See this."]


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "---", "..."])
def test_empty_or_punctuation_only(text: str) -> None:
    assert split_sentences(text) == []


def test_windows_line_endings() -> None:
    assert split_sentences("One.\r\n\r\nTwo.") == ["One.", "Two."]


@pytest.mark.parametrize(
    ("words", "key"),
    [
        (("aging", "ageing", "ages", "aged", "age"), "ag"),
        (("elasticity", "elastic"), "elast"),
        (("tightening", "tighten", "tight"), "tight"),
        (("injury", "injured", "injuries"), "injur"),
        (("stimulation", "stimulate", "stimulator", "stimulating"), "stimul"),
        (("rejuvenation", "rejuvenate", "rejuvenating"), "rejuven"),
        (("effective", "effectiveness", "effects"), "effect"),
        (("laxity", "lax"), "lax"),
        (("moisturiser", "moisturizer"), "moisturiz"),
        (("paralysing", "paralyzing"), "paralyz"),
    ],
)
def test_stemmer_joins_word_families(words: tuple[str, ...], key: str) -> None:
    assert {stem(w) for w in words} == {key}


def test_match_normal_form_is_inflectional_only() -> None:
    assert norm_word("lifting") == norm_word("lifts") == norm_word("lift")
    assert norm_word("fillers") == norm_word("filler") != norm_word("fill")


def test_cue_text_expands_contractions() -> None:
    assert cue_text("It WON'T help and I don\u2019t think it's proven; it can't.") == (
        "it will not help and i do not think it is proven; it can not."
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "Thank you for your question.",
        "Best of luck!",
        "Consult a board certified plastic surgeon to find out more information.",
        "For many before and after photos, please see the link below",
        "Visit www.example.com for details.",
    ],
)
def test_boilerplate(sentence: str) -> None:
    assert is_boilerplate(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Microneedling works well for rolling scars.",
        "Consult with your surgeon about whether the muscle weakness is from nerve injury, because "
        "recovery after Bell's palsy can take many months and early stimulation may help.",
    ],
)
def test_not_boilerplate(sentence: str) -> None:
    assert not is_boilerplate(sentence)


def test_clean_point_text() -> None:
    assert clean_point_text("However, it is not useful.") == "It is not useful."
    long = "word " * 60
    cleaned = clean_point_text(long)
    assert len(cleaned) <= 160
    assert cleaned.endswith("\u2026")
