"""compute_consensus() returns exactly the shape consilium.consensus.result describes."""

from __future__ import annotations

from typing import Any, get_type_hints

from consilium.consensus.method import AnswerInput, compute_consensus, load_taxonomy
from consilium.consensus.result import AnswerReading, ConsensusResult, Point, SourceSentence


def _result() -> dict[str, Any]:
    answers = [
        AnswerInput(
            "1", "No lift", "It will not lift loose skin. A facelift does.", "not_stated", "a"
        ),
        AnswerInput(
            "2", "", "I would not bother: the effect wears off in hours.", "not_stated", "b"
        ),
        AnswerInput("3", "Fine", "It is safe, but it can cause redness.", "recommend", "c"),
    ]
    return compute_consensus("Will a face roller lift my jowls?", "", answers, load_taxonomy())


def test_it_has_every_key_of_the_typed_result_and_no_other() -> None:
    result = _result()
    assert set(result) == set(get_type_hints(ConsensusResult))
    for reading in result["answers"]:
        assert set(reading) == set(get_type_hints(AnswerReading))
        for source in reading["deciding_sentences"]:
            assert set(source) == set(get_type_hints(SourceSentence))
    for point in result["key_points"] + result["exceptions"] + result["risks"]:
        assert set(point) == set(get_type_hints(Point))
