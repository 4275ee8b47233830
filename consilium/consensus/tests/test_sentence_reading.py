"""How far a denial reaches in one sentence of an answer, read about the asker's treatment."""

from __future__ import annotations

import pytest

from consilium.consensus.analysis import analyse_sentence, make_context
from consilium.consensus.taxonomy import load_taxonomy, matcher_for
from consilium.consensus.tests.reading import lean


def reading(sentence: str) -> str:
    info = analyse_sentence(sentence, 0, make_context(matcher_for(load_taxonomy()), ["botox"]))
    return lean(info.pos, info.neg)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("It does not work for deep lines.", "against"),
        ("There is no evidence that it works.", "against"),
        ("I doubt it will help you.", "against"),
        ("It will not stop the ageing process.", "against"),
        # A denial stops at a comma and at the start of a new clause.
        ("I would not stop while it works.", "for"),
        ("Not now, it works well for you.", "for"),
        ("You should not stop it since it helps.", "for"),
        # "No doubt" and "without doubt" affirm.
        ("No doubt it works.", "for"),
        ("There is no doubt that it helps.", "for"),
    ],
)
def test_it_reads_a_denial_only_as_far_as_it_reaches(sentence: str, expected: str) -> None:
    assert reading(sentence) == expected
