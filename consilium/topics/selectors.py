"""Reads of topics for the home and topic pages."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

from consilium.qa.models import Question
from consilium.topics.models import Topic


def topics_with_questions() -> QuerySet[Topic]:
    return (
        Topic.objects.annotate(question_count=Count("questions"))
        .filter(question_count__gt=0)
        .order_by("-question_count", "name")
    )


def topic_for_page(slug: str) -> Topic | None:
    questions = (
        Question.objects.select_related("consensus")
        .annotate(answer_count=Count("answers"))
        .order_by("-created_at", "-id")
    )
    return (
        Topic.objects.prefetch_related(
            Prefetch("questions", queryset=questions),
            Prefetch("related", queryset=Topic.objects.order_by("name")),
        )
        .filter(slug=slug)
        .first()
    )
