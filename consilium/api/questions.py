"""API operations on questions and their consensus."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from consilium.consensus.selectors import stored_consensus

router = Router(tags=["questions"])


class SourceOut(Schema):
    answer: str
    sentence: int
    text: str


class PointOut(Schema):
    text: str
    doctors: int
    sources: list[SourceOut]


class AlternativeOut(Schema):
    topic: str
    name: str
    doctors: int
    sources: list[SourceOut]


class AnswerVerdictOut(Schema):
    answer: str
    doctor: str
    verdict: str
    source: str
    deciding_sentences: list[SourceOut]


class InferredTallyOut(Schema):
    recommend: int
    depends: int
    not_recommended: int
    not_stated: int


class TallyOut(InferredTallyOut):
    inferred: InferredTallyOut


class ConsensusOut(Schema):
    question: int
    method_version: int
    answers_considered: int
    tally: TallyOut
    answers: list[AnswerVerdictOut]
    key_points: list[PointOut]
    exceptions: list[PointOut]
    alternatives: list[AlternativeOut]
    summary: str


@router.get("/{question_id}/consensus", response=ConsensusOut, summary="What the doctors agree on")
def question_consensus(request: HttpRequest, question_id: int) -> dict[str, Any]:
    consensus = stored_consensus(question_id)
    if consensus is None:
        raise Http404("No such question, or its consensus is not computed yet.")
    return {"question": question_id, **consensus.result}
