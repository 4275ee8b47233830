"""The API's consensus schema is the method's typed result, plus the question's id."""

from typing import get_type_hints

from consilium.api.schemas import AnswerVerdictOut, ConsensusOut
from consilium.consensus.result import AnswerReading, ConsensusResult


def test_it_lists_every_field_of_the_typed_result():
    assert set(ConsensusOut.model_fields) == set(get_type_hints(ConsensusResult)) | {"question"}
    assert set(AnswerVerdictOut.model_fields) == set(get_type_hints(AnswerReading))
