"""The one reading of negation: which words deny the point after them, and how far they reach."""

from __future__ import annotations

import pytest

from consilium.consensus.negation import denied_at, denies_something
from consilium.consensus.text import cue_text


def _denied(sentence: str, point: str, reach: int = 3) -> bool:
    text = cue_text(sentence)
    return denied_at(text, text.index(point), reach=reach)


@pytest.mark.parametrize(
    ("sentence", "point"),
    [
        ("It is not safe for you.", "safe"),
        ("I don't think it helps.", "think"),
        ("There is no benefit.", "benefit"),
        ("It hardly works.", "works"),
        ("Patients without improvement.", "improvement"),
        ("Rather than stopping, lower the dose.", "stopping"),
        ("Instead of waiting, see her today.", "waiting"),
    ],
)
def test_it_reads_a_denial(sentence: str, point: str) -> None:
    assert _denied(sentence, point)


@pytest.mark.parametrize(
    ("sentence", "point"),
    [
        # Breakers: "not only", "no doubt", "no matter" deny nothing.
        ("It is not only safe but useful.", "safe"),
        ("No doubt it works.", "works"),
        ("No matter what, it helps.", "helps"),
        # A denial stops at a new clause.
        ("I would not stop while it works.", "works"),
        ("Do not panic because it settles.", "settles"),
        # ... and at a comma, colon, bracket or dash.
        ("Not now, it works.", "works"),
        ("Not yet: it helps.", "helps"),
        ("Not now \u2013 it works.", "works"),
        ("Not now (it works).", "works"),
    ],
)
def test_it_leaves_a_point_standing(sentence: str, point: str) -> None:
    assert not _denied(sentence, point)


def test_a_denial_reaches_only_as_many_words_as_asked() -> None:
    sentence = "It did not in fact help."
    assert _denied(sentence, "help", reach=3)
    assert not _denied(sentence, "help", reach=2)


def test_the_first_word_of_a_pair_alone_denies_nothing() -> None:
    assert not _denied("Than ever, it helps.", "helps")
    assert not _denied("It is rather good.", "good")


@pytest.mark.parametrize(
    ("sentence", "denies"),
    [
        ("If it is skin, it won't.", True),
        ("If it is fat, nothing will shift it.", True),
        ("If it is soft fat, it will shrink.", False),
    ],
)
def test_it_tells_whether_a_sentence_denies_anything(sentence: str, denies: bool) -> None:
    assert denies_something(sentence) is denies
