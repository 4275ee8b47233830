"""Advice to the asker in one sentence: which way it takes the asker's treatment."""

from __future__ import annotations

import pytest

from consilium.consensus.question_kind import question_kind
from consilium.consensus.stance import read_advice, read_preference
from consilium.consensus.tests.reading import lean
from consilium.consensus.text import cue_text

SECOND_COURSE = question_kind("Acne back after isotretinoin - should I have a second course?")
STOP_IT = question_kind("Clear for two years on a biologic - should I stop it?")


def side(sentence: str, asked: str) -> str:
    kind = SECOND_COURSE if asked == "second course" else STOP_IT
    advice = read_advice(cue_text(sentence), kind, opening=False)
    return lean(advice.go, advice.stop, ("go", "stop"))


@pytest.mark.parametrize(
    ("sentence", "asked", "expected"),
    [
        ("Do it.", "second course", "go"),
        ("Yes, get it.", "second course", "go"),
        ("I'd have it.", "second course", "go"),
        ("Don't do it.", "second course", "stop"),
        ("I would not do it.", "second course", "stop"),
        ("Have it checked by your GP first.", "second course", "neither"),
        ("A second course is well worth starting.", "second course", "go"),
        ("It is not worth repeating.", "second course", "stop"),
        ("I would not stop while it works.", "stop it", "go"),
        ("My advice is to keep going.", "stop it", "go"),
        ("Yes, ask to switch; the cough is a known side effect.", "stop it", "stop"),
        ("A trial off is reasonable.", "stop it", "stop"),
        ("A second course is the answer.", "second course", "go"),
        # A greeting is not advice.
        ("Hi, I'll be glad to help.", "second course", "neither"),
    ],
)
def test_it_reads_which_way_the_advice_goes(sentence: str, asked: str, expected: str) -> None:
    assert side(sentence, asked) == expected


def test_not_yet_keeps_it_going_when_asked_whether_to_stop() -> None:
    advice = read_advice(cue_text("Not yet."), STOP_IT, opening=True)
    assert (advice.go > 0, advice.stop) == (True, 0)
    advice = read_advice(cue_text("Not yet."), SECOND_COURSE, opening=True)
    assert (advice.stop > 0, advice.go) == (True, 0)


def test_waiting_is_giving_it_time_when_asked_about_a_result() -> None:
    after = question_kind("Lumpy belly three months after fat freezing - will it flatten?")
    before = question_kind("Should I have fat freezing on my belly this spring?")
    wait = cue_text("I would wait until six months before judging it.")
    assert read_advice(wait, after, opening=False).go > 0
    assert read_advice(wait, before, opening=False).stop > 0


@pytest.mark.parametrize(
    ("sentence", "named", "expected"),
    [
        ("I agree with your dentist - get the crown.", "crown", "go"),
        ("Get the veneer.", "veneer", "stop"),
        ("Go for the veneer if you want to keep more tooth.", "veneer", "stop"),
    ],
)
def test_an_imperative_picks_one_option_of_a_choice(
    sentence: str, named: str, expected: str
) -> None:
    cue = cue_text(sentence)
    start = cue.index(named)
    mentions = [(named, start, start + len(named))]
    advice = read_preference(cue, mentions, {"crown": True, "veneer": False}, choosing=True)
    assert (advice.go > advice.stop) is (expected == "go")
    assert advice.go + advice.stop > 0


@pytest.mark.parametrize(
    "sentence",
    ["I wouldn't cancel.", "Why not.", "For a small pocket of fat, it is the right method."],
)
def test_it_reads_short_ways_of_saying_go_ahead(sentence: str) -> None:
    assert side(sentence, "second course") == "go"
