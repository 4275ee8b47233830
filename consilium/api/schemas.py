"""Shapes of what the API returns, and the functions that fill them from the models.

People appear only by their public handle; doctors only by their public profile. No email,
username or a user's real name is ever part of a response.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.conf import settings
from ninja import Schema

from consilium.doctors.models import DoctorProfile
from consilium.qa.models import Answer, Question

# Path and query values that name a topic or a doctor by slug.
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"


def absolute(path: str) -> str:
    return settings.SITE_URL + path


class TopicRef(Schema):
    slug: str
    name: str


class DoctorRef(Schema):
    slug: str
    display_name: str
    specialty: str
    verification_status: str
    is_imported: bool
    url: str


class AnswerOut(Schema):
    id: int
    question: int
    url: str
    doctor: DoctorRef
    title: str
    body: str
    verdict: str
    references: list[str]
    agree_count: int
    helpful_count: int
    is_hidden: bool
    created_at: datetime
    updated_at: datetime


class QuestionItem(Schema):
    id: int
    title: str
    url: str
    asker: str | None
    is_imported: bool
    topics: list[TopicRef]
    answer_count: int
    created_at: datetime
    updated_at: datetime


class QuestionUpdateOut(Schema):
    id: int
    body: str
    created_at: datetime


class TrialOut(Schema):
    description: str
    planned_weeks: int
    started_on: date


class ViewerOut(Schema):
    """What the caller has done here and may do; present only for a signed-in caller."""

    following: bool
    is_asker: bool
    may_answer: bool
    agreed: list[int]
    found_helpful: list[int]


class QuestionOut(QuestionItem):
    body: str
    is_hidden: bool
    trial: TrialOut | None
    updates: list[QuestionUpdateOut]
    answers: list[AnswerOut]
    viewer: ViewerOut | None


def doctor_ref(profile: DoctorProfile) -> dict[str, Any]:
    return {
        "slug": profile.slug,
        "display_name": profile.display_name,
        "specialty": profile.specialty,
        "verification_status": profile.verification_status,
        "is_imported": profile.is_imported,
        "url": absolute(profile.get_absolute_url()),
    }


def answer_out(answer: Answer, question: Question) -> dict[str, Any]:
    return {
        "id": answer.pk,
        "question": question.pk,
        "url": absolute(f"{question.get_absolute_url()}#answer-{answer.pk}"),
        "doctor": doctor_ref(answer.doctor),
        "title": answer.title,
        "body": answer.body,
        "verdict": answer.verdict,
        "references": [str(reference) for reference in answer.references],
        "agree_count": answer.agree_count,
        "helpful_count": answer.helpful_count,
        "is_hidden": answer.is_hidden,
        "created_at": answer.created_at,
        "updated_at": answer.updated_at,
    }


def question_item(question: Question, answer_count: int) -> dict[str, Any]:
    return {
        "id": question.pk,
        "title": question.title,
        "url": absolute(question.get_absolute_url()),
        "asker": question.asker.handle if question.asker else None,
        "is_imported": question.is_imported,
        "topics": [{"slug": t.slug, "name": t.name} for t in question.topics.all()],
        "answer_count": answer_count,
        "created_at": question.created_at,
        "updated_at": question.updated_at,
    }
