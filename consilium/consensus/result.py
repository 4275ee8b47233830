"""The shape of compute_consensus()'s result, which the API schema is checked against."""

from __future__ import annotations

from typing import TypedDict


class SourceSentence(TypedDict):
    answer: str  # the answer's ref
    sentence: int  # index into split_sentences(body); -1 for the answer's title
    text: str


class Point(TypedDict):
    text: str
    doctors: int
    sources: list[SourceSentence]


class Alternative(TypedDict):
    topic: str
    name: str
    doctors: int
    sources: list[SourceSentence]


class AnswerReading(TypedDict):
    answer: str
    doctor: str
    verdict: str  # recommend | depends | not_recommended | not_stated (not clear)
    source: str  # stated | inferred
    confidence: float  # 1 for stated verdicts
    deciding_sentences: list[SourceSentence]


class Tally(TypedDict):
    recommend: int
    depends: int
    not_recommended: int
    not_stated: int
    inferred: dict[str, int]


class ConsensusResult(TypedDict):
    method_version: int
    answers_considered: int
    tally: Tally
    answers: list[AnswerReading]
    key_points: list[Point]
    exceptions: list[Point]
    risks: list[Point]
    alternatives: list[Alternative]
    summary: str
    leaning: str  # see consilium.consensus.leaning
    question_kind: str  # see consilium.consensus.question_kind
