"""Answers that side with, or against, the advice the asker says their own doctor gave."""

from __future__ import annotations

import pytest

from consilium.consensus.method import AnswerInput, load_taxonomy, read_evidence
from consilium.consensus.own_doctor import reported_leans, sides_with_own_doctor
from consilium.consensus.text import cue_text


def _no_other_reading(cue: str) -> float:
    return 0.0


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("My surgeon says wait until a year has passed.", {"surgeon": -1.0}),
        ("My GP says I can stop, but I'm scared it will come back.", {"gp": -1.0}),
        ("My dermatologist said it's fine to carry on.", {"dermatologist": 1.0}),
        ("The nurse told me to keep going.", {"nurse": 1.0}),
        # Two doctors who differ are kept apart by what the question calls them.
        (
            "My injector says it is safe. My OB says I should wait.",
            {"injector": 1.0, "ob": -1.0},
        ),
        # Neither a condition nor a list of options is one advice.
        ("My surgeon says if I pick the smaller size I may regret it.", {}),
        ("My dentist offered either a crown or a new filling.", {}),
        ("I read online that it can cause cancer.", {}),
    ],
)
def test_it_reads_what_the_question_says_the_doctor_advised(
    body: str, expected: dict[str, float]
) -> None:
    assert reported_leans("Question", body, _no_other_reading) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Your surgeon is right.", -1.0),
        ("I agree with your surgeon.", -1.0),
        ("Follow your surgeon's advice on this one.", -1.0),
        ("I disagree with your surgeon.", 1.0),
        ("I would not follow your surgeon here.", 1.0),
        # One advice reported: "your doctor" means the one the question named.
        ("Your doctor is right.", -1.0),
        ("A second opinion never hurts.", 0.0),
    ],
)
def test_it_reads_which_side_an_answer_takes(sentence: str, expected: float) -> None:
    assert sides_with_own_doctor(cue_text(sentence), {"surgeon": -1.0}) == expected


def test_a_role_it_cannot_tell_apart_takes_no_side() -> None:
    leans = {"injector": 1.0, "ob": -1.0}
    assert sides_with_own_doctor(cue_text("I side with your OB."), leans) == -1.0
    assert sides_with_own_doctor(cue_text("Your doctor is right."), leans) == 0.0


def test_agreeing_with_a_doctor_who_said_wait_is_read_against_going_ahead_now() -> None:
    title = "Crooked tip four months after rhinoplasty - revise now?"
    answers = [
        AnswerInput(ref=str(i), title="", body=body, verdict="not_stated", doctor=f"d{i}")
        for i, body in enumerate(["Your surgeon is right.", "I agree with your surgeon."])
    ]
    told_to_wait = "My surgeon says wait until twelve months before we talk about a revision."
    for evidence, _ in read_evidence(title, told_to_wait, answers, load_taxonomy()):
        assert (evidence.neg > 0, evidence.pos) == (True, 0)
    for evidence, _ in read_evidence(title, "It bothers me.", answers, load_taxonomy()):
        assert evidence.neg == evidence.pos == 0
