"""The urgent-signs matcher against our golden sentences, flagged and left alone."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from consilium.qa.urgent import SIGNS, question_is_urgent, urgent_signs

CASES: dict[str, Any] = json.loads(
    (Path(__file__).parent / "fixtures" / "urgent_cases.json").read_text()
)


@pytest.mark.parametrize("case", CASES["urgent"], ids=lambda case: case["text"][:50])
def test_it_flags_each_emergency_sentence_with_its_signs(case: dict[str, Any]) -> None:
    assert [sign.key for sign in urgent_signs(case["text"])] == case["signs"]


@pytest.mark.parametrize("case", CASES["not_urgent"], ids=lambda case: case["text"][:50])
def test_it_leaves_denied_hypothetical_and_past_mentions_alone(case: dict[str, Any]) -> None:
    assert urgent_signs(case["text"]) == []


def test_it_covers_every_sign_in_the_golden_list() -> None:
    flagged = {key for case in CASES["urgent"] for key in case["signs"]}
    assert flagged == {sign.key for sign in SIGNS}


def test_it_needs_a_procedure_for_signs_that_are_only_urgent_after_one() -> None:
    assert urgent_signs("The bleeding won't stop.") == []
    assert [s.key for s in urgent_signs("The bleeding won't stop after my surgery.")] == [
        "heavy_bleeding"
    ]


def test_it_reads_a_question_title_and_body_together() -> None:
    assert question_is_urgent("Help after lip filler", "My upper lip turned white an hour ago.")
    assert not question_is_urgent("Is lip filler painful?", "I am nervous about needles.")
