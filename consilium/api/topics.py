"""API operations on topics (treatments and conditions) and patients' outcome reports."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Path, Query, Router, Schema
from pydantic import Field

from consilium.api.pagination import PageParams, paginate
from consilium.api.problems import documented
from consilium.api.schemas import SLUG_PATTERN, TopicRef, absolute
from consilium.outcomes.selectors import outcome_reports
from consilium.topics.models import Topic
from consilium.topics.selectors import topics_with_counts

router = Router(tags=["topics"])

BY_NAME = ("name", "id")
NEWEST = ("-created_at", "-id")

Slug = Path(..., pattern=SLUG_PATTERN, max_length=80)


class TopicOut(Schema):
    slug: str
    name: str
    kind: str
    synonyms: list[str]
    question_count: int
    url: str


class TopicDetailOut(TopicOut):
    description: str
    related: list[TopicRef]


class TopicPage(Schema):
    items: list[TopicOut]
    next: str | None


class PhotoOut(Schema):
    kind: str
    url: str
    width: int
    height: int


class OutcomeOut(Schema):
    """A patient's report of how a treatment went; the patient appears only by handle."""

    id: int
    topic: str
    patient: str | None
    from_trial: bool
    weeks: int
    worth_it: str
    rating: int
    cost: str | None = Field(description="A decimal amount as a string, in `currency`.")
    currency: str
    text: str
    photos: list[PhotoOut]
    created_at: datetime


class OutcomePage(Schema):
    items: list[OutcomeOut]
    next: str | None


def _topic_out(topic: Topic) -> dict[str, Any]:
    return {
        "slug": topic.slug,
        "name": topic.name,
        "kind": topic.kind,
        "synonyms": [str(s) for s in topic.synonyms],
        "question_count": topic.question_count,  # type: ignore[attr-defined]
        "url": absolute(topic.get_absolute_url()),
    }


@router.get(
    "",
    response=TopicPage,
    url_name="topics",
    summary="Topics, by name",
    openapi_extra=documented(422),
)
def list_topics(request: HttpRequest, params: Query[PageParams]) -> dict[str, Any]:
    page = paginate(topics_with_counts(), order=BY_NAME, cursor=params.cursor, limit=params.limit)
    return {"items": [_topic_out(t) for t in page.items], "next": page.next}


@router.get(
    "/{slug}",
    response=TopicDetailOut,
    url_name="topic",
    summary="A topic",
    openapi_extra=documented(404, 422),
)
def read_topic(request: HttpRequest, slug: str = Slug) -> dict[str, Any]:
    topic = (
        topics_with_counts()
        .prefetch_related(Prefetch("related", queryset=Topic.objects.order_by("name", "id")))
        .filter(slug=slug)
        .first()
    )
    if topic is None:
        raise Http404("No such topic.")
    return {
        **_topic_out(topic),
        "description": topic.description,
        "related": [{"slug": t.slug, "name": t.name} for t in topic.related.all()],
    }


@router.get(
    "/{slug}/outcomes",
    response=OutcomePage,
    url_name="topic_outcomes",
    summary="Patients' outcome reports on a topic, newest first",
    openapi_extra=documented(404, 422),
)
def list_outcomes(
    request: HttpRequest, params: Query[PageParams], slug: str = Slug
) -> dict[str, Any]:
    topic = Topic.objects.filter(slug=slug).first()
    if topic is None:
        raise Http404("No such topic.")
    page = paginate(outcome_reports(topic), order=NEWEST, cursor=params.cursor, limit=params.limit)
    return {
        "items": [
            {
                "id": report.pk,
                "topic": topic.slug,
                "patient": report.patient.handle if report.patient else None,
                "from_trial": report.trial_id is not None,
                "weeks": report.weeks,
                "worth_it": report.worth_it,
                "rating": report.rating,
                "cost": None if report.cost is None else str(report.cost),
                "currency": report.currency,
                "text": report.text,
                "photos": [
                    {
                        "kind": photo.kind,
                        "url": absolute(reverse("web:outcome-photo", args=[photo.name])),
                        "width": photo.width,
                        "height": photo.height,
                    }
                    for photo in report.photos.all()
                ],
                "created_at": report.created_at,
            }
            for report in page.items
        ],
        "next": page.next,
    }
