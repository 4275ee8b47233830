"""Answers to "is this normal?" after a treatment: reassurance is for it, alarm against it."""

from __future__ import annotations

import pytest

from consilium.consensus.analysis import analyse_sentence, make_context
from consilium.consensus.stance import Advice, read_result_reassurance
from consilium.consensus.taxonomy import load_taxonomy, matcher_for
from consilium.consensus.text import cue_text

REASSURING = [
    "Normal.",
    "Firmness at this stage is perfectly normal.",
    "Numbness is very common after this operation.",
    "The swelling will gradually settle over the next month.",
    "It's temporary.",
    "It is not permanent.",
    "I would not worry at all.",
    "Nothing you describe is concerning.",
    "Give it time.",
    "You are right on schedule.",
    "It is far too early to judge the result.",
    "Your baby is almost certainly fine.",
    "The odds are very much in your favour.",
    "Some movement left at two weeks means the toxin is working.",
]
ALARMING = [
    "This is not normal healing.",
    "Pain that gets worse on day four is concerning.",
    "Please see your surgeon today.",
    "You need to be seen to rule out an infection.",
    "It will not go away on its own.",
    "Swelling like this rarely settles by itself.",
    "This is not okay; go to the emergency department.",
    "At this dose it is not working.",
    "This is not something to wait out - call them today.",
    "Do not wait for Monday.",
    "Ring the clinic within a few hours.",
    "I would want it looked at sooner rather than later.",
    "This is urgent.",
]


@pytest.mark.parametrize(
    ("sentence", "reassures"),
    [(s, True) for s in REASSURING] + [(s, False) for s in ALARMING],
)
def test_it_reads_reassurance_as_for_the_treatment_and_alarm_as_against(
    sentence: str, reassures: bool
) -> None:
    advice = read_result_reassurance(cue_text(sentence))
    for_it, against_it = (advice.go, advice.stop) if reassures else (advice.stop, advice.go)
    assert for_it > 0, advice
    assert against_it == 0, advice


@pytest.mark.parametrize(
    "sentence",
    [
        "The filler binds water in the first two weeks.",
        # Warnings of what may come are not a verdict on what the asker has now.
        "If it turns hot and red, see your surgeon today.",
        "Should the skin go dusky, go to the emergency department.",
        "Any fever or spreading redness needs to be seen the same day.",
        "If the skin turns grey, do not wait.",
    ],
)
def test_it_reads_nothing_in_background_or_a_warning_of_what_may_come(sentence: str) -> None:
    assert read_result_reassurance(cue_text(sentence)) == Advice()


@pytest.mark.parametrize(
    ("sentence", "gives_it_time"),
    [
        ("The numbness usually wears off within a few weeks.", True),
        ("The tingling is short-lived.", True),
        ("I would wait until week six before judging the shape.", True),
        ("The swelling under the eyes is from the filler.", False),
    ],
)
def test_it_reads_a_fading_effect_or_advice_to_wait(sentence: str, gives_it_time: bool) -> None:
    # Read as a point against the treatment; on a question about a result, method.py counts it
    # as reassurance instead.
    matcher = matcher_for(load_taxonomy())
    info = analyse_sentence(sentence, 0, make_context(matcher, ["botox"]))
    assert (info.give_it_time > 0) is gives_it_time
    assert info.give_it_time <= info.neg
