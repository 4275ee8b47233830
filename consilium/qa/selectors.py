"""Reads of questions and answers, each shaped for one page and a fixed number of queries."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

from consilium.qa.models import Answer, Question


def recent_questions(limit: int = 20) -> QuerySet[Question]:
    return (
        Question.objects.annotate(answer_count=Count("answers"))
        .select_related("asker")
        .prefetch_related("topics")
        .order_by("-created_at", "-id")[:limit]
    )


def question_with_answers(pk: int) -> Question | None:
    """The question, its asker, topics, stored consensus and answers with their doctors."""
    return (
        Question.objects.select_related("asker", "consensus")
        .prefetch_related(
            "topics",
            Prefetch("answers", queryset=Answer.objects.select_related("doctor")),
        )
        .filter(pk=pk)
        .first()
    )
