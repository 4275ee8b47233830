"""Answers to "is this normal?" after a treatment: reassurance is for it, alarm against it."""

from __future__ import annotations

import pytest

from consilium.consensus.stance import Advice, read_result_reassurance
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
]
ALARMING = [
    "This is not normal healing.",
    "Pain that gets worse on day four is concerning.",
    "Please see your surgeon today.",
    "You need to be seen to rule out an infection.",
    "It will not go away on its own.",
    "This is not okay; go to the emergency department.",
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


def test_it_reads_nothing_in_a_sentence_of_background() -> None:
    advice = read_result_reassurance(cue_text("The filler binds water in the first two weeks."))
    assert advice == Advice()
