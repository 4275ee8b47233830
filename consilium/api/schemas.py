"""Shapes of what the API returns, and the functions that fill them from the models.

People appear only by their public handle; doctors only by their public profile. No email,
username or a user's real name is ever part of a response.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.conf import settings
from ninja import Schema
from pydantic import Field

from consilium.api.formschema import form_field
from consilium.api.pagination import PageParams
from consilium.doctors.models import DoctorProfile
from consilium.qa.forms import AnswerForm, AskForm, EditQuestionForm, QuestionUpdateForm
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
    # When an imported answer was written on its source site, if the import said.
    source_date: datetime | None
    created_at: datetime
    updated_at: datetime


class QuestionItem(Schema):
    id: int
    title: str
    url: str
    asker: str | None
    is_imported: bool
    purpose: str = Field(description="cosmetic, recovery, safety, cost or other")
    purpose_source: str = Field(description="asker, inferred (read from the words) or moderator")
    topics: list[TopicRef]
    answer_count: int
    urgent: bool = Field(
        description="The question describes a sign of an emergency (docs/urgent-signs.md): "
        "show the asker and readers a notice to seek urgent care now."
    )
    created_at: datetime
    updated_at: datetime


class QuestionUpdateOut(Schema):
    id: int
    body: str
    created_at: datetime


class TrialOut(Schema):
    description: str
    planned_weeks: int = Field(description="The planned length as kept, in whole weeks.")
    planned_months: int = Field(description="The planned length in whole months, as asked.")
    started_on: date


class ViewerOut(Schema):
    """What the caller has done here and may do; present only for a signed-in caller."""

    following: bool
    is_asker: bool
    may_answer: bool
    agreed: list[int]
    found_helpful: list[int]


class ThreadSourceOut(Schema):
    """Where an imported question came from; its doctors are not verified by Consilium."""

    url: str
    imported_at: datetime
    asked_at: datetime | None


class QuestionOut(QuestionItem):
    body: str
    is_hidden: bool
    source: ThreadSourceOut | None
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
        "source_date": answer.source_date,
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
        "purpose": question.purpose,
        "purpose_source": question.purpose_source,
        "topics": [{"slug": t.slug, "name": t.name} for t in question.topics.all()],
        "answer_count": answer_count,
        "urgent": question.urgent,
        "created_at": question.created_at,
        "updated_at": question.updated_at,
    }


# What the question and answer operations take, and their small replies. Text fields take
# their limits and descriptions from the forms the pages use (see formschema.form_field).


class QuestionFilters(PageParams):
    topic: str | None = Field(
        None, pattern=SLUG_PATTERN, max_length=80, description="Only questions on this topic."
    )
    answered: bool | None = Field(
        None, description="true: only questions with answers; false: only those without."
    )


class QuestionPage(Schema):
    items: list[QuestionItem]
    next: str | None


class AskIn(Schema):
    title: str = form_field(AskForm, "title")
    body: str = form_field(AskForm, "body")
    topics: list[str] = Field(
        [],
        max_length=50,
        description="Topic names, slugs or synonyms (see /topics); unknown ones are refused.",
    )
    purpose: str | None = form_field(AskForm, "purpose")
    trying: str | None = form_field(AskForm, "trying")
    planned_months: int | None = form_field(AskForm, "planned_months")
    started_on: date | None = form_field(AskForm, "started_on")


class QuestionPatch(Schema):
    title: str | None = form_field(EditQuestionForm, "title", optional=True)
    body: str | None = form_field(EditQuestionForm, "body", optional=True)
    topics: list[str] | None = Field(
        None, max_length=50, description="The full new list of topics; omit to keep them."
    )


class UpdateIn(Schema):
    body: str = form_field(QuestionUpdateForm, "body")


class AnswerIn(Schema):
    title: str = form_field(AnswerForm, "title")
    body: str = form_field(AnswerForm, "body")
    verdict: str = form_field(AnswerForm, "verdict")
    references: list[str] = Field(
        [], max_length=50, description="Web addresses (https://…) or PubMed IDs (PMID: 12345678)."
    )


class FollowOut(Schema):
    question: int
    following: bool


class AnswerPatch(Schema):
    title: str | None = form_field(AnswerForm, "title", optional=True)
    body: str | None = form_field(AnswerForm, "body", optional=True)
    verdict: str | None = form_field(AnswerForm, "verdict", optional=True)
    references: list[str] | None = Field(
        None, max_length=50, description="The full new list of references; omit to keep them."
    )


class AgreementOut(Schema):
    answer: int
    agreed: bool
    agree_count: int


class HelpfulOut(Schema):
    answer: int
    helpful: bool
    helpful_count: int


# The stored consensus, as GET /questions/{id}/consensus returns it.


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
    # How sure the reading of an inferred verdict is, 0 to 1; below the method's bar the verdict
    # is "not_stated" (not clear from the text). Stated verdicts have 1.
    confidence: float = 1.0
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
    # Cautions and side effects the doctors name (method version 3 on).
    risks: list[PointOut] = []
    alternatives: list[AlternativeOut]
    summary: str
    # recommend | depends | not_recommended | mixed | unclear | none (consilium.consensus.leaning)
    leaning: str = ""
    # efficacy | safety | choice | continuation
    question_kind: str = ""
