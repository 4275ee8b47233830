"""The stored consensus, shaped for the question and topic pages."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Q

from consilium.consensus.leaning import DECIDED, NONE, leaning, leaning_label, tally_counts
from consilium.consensus.method import METHOD_VERSION
from consilium.consensus.models import QuestionConsensus
from consilium.qa.models import Answer, Purpose, Question

VERDICT_ORDER = DECIDED
VERDICT_LABELS = {
    "recommend": "Yes",
    "depends": "It depends",
    "not_recommended": "No",
    "not_stated": "Not stated",
}


def stored_consensus(question_id: int) -> QuestionConsensus | None:
    return QuestionConsensus.objects.filter(question_id=question_id).first()


@dataclass
class SourceSentence:
    answer: Answer
    text: str


@dataclass
class PanelPoint:
    text: str
    doctors: int
    sources: list[SourceSentence]


@dataclass
class VerdictCount:
    verdict: str
    label: str
    stated: int
    inferred: int
    answers: list[Answer] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.stated + self.inferred


@dataclass
class ConsensusPanel:
    summary: str
    counted: int
    verdicts: list[VerdictCount]
    undecided: int
    any_inferred: bool
    key_points: list[PanelPoint]
    exceptions: list[PanelPoint]
    alternatives: list[PanelPoint]
    verdict_by_answer: dict[int, tuple[str, str]]
    risks: list[PanelPoint] = field(default_factory=list)

    @property
    def key_points_heading(self) -> str:
        # "Most" only when it is most: more than half of the doctors counted make the point.
        if self.key_points and self.key_points[0].doctors * 2 > self.counted:
            return "What most of them say"
        return "Points several of them make"

    @property
    def sections(self) -> list[tuple[str, list[PanelPoint], str]]:
        return [
            (self.key_points_heading, self.key_points, "key"),
            ("When it can help", self.exceptions, "exception"),
            ("Risks and cautions", self.risks, "risk"),
            ("What they suggest instead", self.alternatives, "alternative"),
        ]


def _points(
    items: Iterable[dict[str, Any]], answers: dict[str, Answer], label_key: str = "text"
) -> list[PanelPoint]:
    points = []
    for item in items:
        sources = [
            SourceSentence(answer=answers[s["answer"]], text=s["text"])
            for s in item.get("sources", [])
            if s["answer"] in answers
        ]
        points.append(PanelPoint(text=item[label_key], doctors=item["doctors"], sources=sources))
    return points


def consensus_panel(question: Question, answers: Sequence[Answer]) -> ConsensusPanel | None:
    """The panel for a question page, from the stored result and already-loaded answers."""
    consensus = getattr(question, "consensus", None)
    if consensus is None or len(answers) < 2:
        return None
    result = consensus.result
    by_ref = {str(answer.pk): answer for answer in answers}
    verdicts = {v: VerdictCount(v, VERDICT_LABELS[v], 0, 0) for v in VERDICT_ORDER}
    undecided = 0
    verdict_by_answer: dict[int, tuple[str, str]] = {}
    for entry in result.get("answers", []):
        answer = by_ref.get(entry["answer"])
        if answer is None:
            continue
        verdict_by_answer[answer.pk] = (entry["verdict"], entry["source"])
        if entry["verdict"] not in verdicts:
            undecided += 1
            continue
        count = verdicts[entry["verdict"]]
        if entry["source"] == "inferred":
            count.inferred += 1
        else:
            count.stated += 1
        count.answers.append(answer)
    return ConsensusPanel(
        summary=result.get("summary", ""),
        counted=result.get("answers_considered", 0),
        verdicts=list(verdicts.values()),
        undecided=undecided,
        any_inferred=any(v.inferred for v in verdicts.values()),
        key_points=_points(result.get("key_points", []), by_ref),
        exceptions=_points(result.get("exceptions", []), by_ref),
        risks=_points(result.get("risks", []), by_ref),
        alternatives=_points(result.get("alternatives", []), by_ref, label_key="name"),
        verdict_by_answer=verdict_by_answer,
    )


@dataclass
class TopicConsensus:
    questions: int
    doctors_counted: int
    verdicts: dict[str, int]
    alternatives: list[tuple[str, str, int]]

    @property
    def sceptical(self) -> int:
        return self.verdicts.get("not_recommended", 0)


def topic_consensus(questions: Iterable[Question]) -> TopicConsensus:
    """The doctors' view across every question on a topic, from the stored results."""
    verdicts: Counter[str] = Counter()
    alternatives: Counter[tuple[str, str]] = Counter()
    counted_questions = 0
    doctors = 0
    for question in questions:
        consensus = getattr(question, "consensus", None)
        if consensus is None:
            continue
        result = consensus.result
        if not result.get("answers_considered"):
            continue
        counted_questions += 1
        doctors += result["answers_considered"]
        for entry in result.get("answers", []):
            verdicts[entry["verdict"]] += 1
        for alternative in result.get("alternatives", []):
            alternatives[(alternative["topic"], alternative["name"])] += alternative["doctors"]
    ranked = sorted(alternatives.items(), key=lambda item: (-item[1], item[0][1]))
    return TopicConsensus(
        questions=counted_questions,
        doctors_counted=doctors,
        verdicts=dict(verdicts),
        alternatives=[(slug, name, n) for (slug, name), n in ranked[:8]],
    )


@dataclass(frozen=True)
class Leaning:
    """Which way a question's doctors lean, for the verdict pill on question cards."""

    verdict: str  # recommend, depends, not_recommended, or "" when divided or unclear
    label: str  # e.g. "mostly no"
    doctors: int


def leaning_of(result: dict[str, Any]) -> Leaning | None:
    """The leaning of one stored consensus result; None when nobody has answered.

    The rule itself is consilium.consensus.leaning.leaning(), stored with the result; results
    stored before it was are read with the same rule from their tally.
    """
    tally = result.get("tally")
    counts = tally_counts(tally) if isinstance(tally, dict) else {}
    value = result.get("leaning") or leaning(counts)
    if value == NONE:
        return None
    return Leaning(
        value if value in DECIDED else "",
        leaning_label(value, counts),
        int(result.get("answers_considered") or 0),
    )


def leanings_for_questions(question_ids: Iterable[int]) -> dict[int, Leaning]:
    """The leaning of each question with a stored consensus, in one query.

    Questions no doctor has answered are left out.
    """
    ids = list(question_ids)
    if not ids:
        return {}
    rows = QuestionConsensus.objects.filter(question_id__in=ids).values_list(
        "question_id", "result__leaning", "result__tally", "result__answers_considered"
    )
    leanings = {}
    for question_id, stored, tally, doctors in rows:
        result = {"leaning": stored, "tally": tally, "answers_considered": doctors}
        if found := leaning_of(result):
            leanings[question_id] = found
    return leanings


def questions_needing_consensus(*, question_ids: Iterable[int] | None = None) -> list[int]:
    """Ids of questions whose stored consensus is missing or older than the method.

    "Older" is a stored method_version below the method's METHOD_VERSION. With question_ids,
    only those questions are considered.
    """
    questions = Question.objects.filter(
        Q(consensus__isnull=True) | Q(consensus__method_version__lt=METHOD_VERSION)
    )
    if question_ids is not None:
        questions = questions.filter(pk__in=list(question_ids))
    return list(questions.order_by("pk").values_list("pk", flat=True))


@dataclass
class PurposeConsensus:
    """The doctors' view across a topic's questions asked for one purpose."""

    purpose: str
    label: str
    consensus: TopicConsensus


def topic_consensus_by_purpose(questions: Iterable[Question]) -> list[PurposeConsensus]:
    """topic_consensus for each purpose apart, in the purposes' order; none without doctors.

    A treatment can be pointless for one aim and useful for another (e-stim does not firm an
    ageing face, yet helps a nerve recover), so figures are never added across purposes.
    """
    by_purpose: dict[str, list[Question]] = {}
    for question in questions:
        by_purpose.setdefault(question.purpose, []).append(question)
    views = []
    for purpose, label in Purpose.choices:
        consensus = topic_consensus(by_purpose.get(purpose, []))
        if consensus.doctors_counted:
            views.append(PurposeConsensus(purpose, str(label), consensus))
    return views


@dataclass
class TopicFigures:
    consensus: TopicConsensus
    by_purpose: list[PurposeConsensus]
    questions_by_purpose: dict[str, int]
    # When the doctors' view last changed: the newest recomputation of a question's consensus.
    last_reviewed: datetime | None


def topic_figures(topic_slug: str) -> TopicFigures:
    """The doctors' view across a topic's visible questions, overall and by purpose.

    Reads each question's purpose and stored result only, in one query; the question list
    beside it is paged separately.
    """
    questions = list(
        Question.objects.filter(topics__slug=topic_slug, is_hidden=False)
        .select_related("consensus")
        .only("pk", "purpose", "consensus__result", "consensus__computed_at")
    )
    computed = [
        question.consensus.computed_at
        for question in questions
        if getattr(question, "consensus", None) is not None
    ]
    return TopicFigures(
        topic_consensus(questions),
        topic_consensus_by_purpose(questions),
        dict(Counter(question.purpose for question in questions)),
        max(computed, default=None),
    )


def consensus_description(question: Question) -> str:
    """The opening sentence of the question's stored consensus summary; "" when none.

    What a search result or a shared link shows under the title: what the doctors said.
    """
    consensus = getattr(question, "consensus", None)
    if consensus is None or not consensus.result.get("answers_considered"):
        return ""
    summary = str(consensus.result.get("summary", "")).strip()
    end = summary.find(". ")
    return summary[: end + 1] if end != -1 else summary
