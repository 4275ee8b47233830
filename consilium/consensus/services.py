"""Keeping each question's stored consensus in step with its answers."""

from __future__ import annotations

from django.db import transaction

from consilium.consensus.method import AnswerInput, compute_consensus
from consilium.consensus.models import QuestionConsensus
from consilium.pagecache.services import pages_changed
from consilium.qa.models import Answer, Question
from consilium.topics.selectors import taxonomy_entries


def refresh_consensus(question_id: int) -> QuestionConsensus | None:
    """Recompute and store a question's consensus; None when the question is gone.

    Safe to run again or at the same time as another: recomputations of one question take
    turns on its row, so the last to store its result read every answer committed before it.
    """
    with transaction.atomic():
        question = Question.objects.select_for_update(no_key=True).filter(pk=question_id).first()
        if question is None:
            return None
        return _store_consensus(question)


def _store_consensus(question: Question) -> QuestionConsensus:
    answers = Answer.objects.filter(question=question, is_hidden=False).select_related("doctor")
    inputs = [
        AnswerInput(
            ref=str(answer.pk),
            title=answer.title,
            body=answer.body,
            verdict=answer.verdict,
            doctor=str(answer.doctor_id),
            specialty=answer.doctor.specialty,
            verified=answer.doctor.is_verified,
            agree_count=answer.agree_count,
        )
        for answer in answers
    ]
    result = compute_consensus(question.title, question.body, inputs, taxonomy_entries())
    consensus, _ = QuestionConsensus.objects.update_or_create(
        question=question,
        defaults={
            "result": result,
            "method_version": result["method_version"],
            "leaning": result["leaning"],
        },
    )
    # The leaning shown on the question's card in lists may change too.
    pages_changed(question_id=question.pk, cards=True)
    return consensus


def schedule_consensus_refresh(question_id: int) -> None:
    """Queue a recomputation for when the surrounding transaction commits."""
    from consilium.consensus.tasks import recompute_consensus

    transaction.on_commit(lambda: recompute_consensus.enqueue(question_id))
