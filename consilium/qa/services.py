"""Writes to questions and answers: asking, answering and importing threads."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from consilium.accounts.models import User
from consilium.consensus.services import schedule_consensus_refresh
from consilium.doctors.models import DoctorProfile, VerificationStatus
from consilium.qa.models import Answer, Question, Verdict
from consilium.qa.thread_format import Thread
from consilium.topics.models import Topic


class AnswerNotAllowed(Exception):
    """The doctor may not answer this question; the message says why, for the page."""


class ThreadImportError(ValueError):
    """A thread that is well-formed but cannot be stored; nothing of the file is kept."""


def ask_question(
    *,
    asker: User | None,
    title: str,
    body: str,
    topics: Iterable[Topic] = (),
    created_at: datetime | None = None,
) -> Question:
    with transaction.atomic(durable=True):
        question = Question.objects.create(
            asker=asker, title=title, body=body, created_at=created_at or timezone.now()
        )
        question.topics.set(list(topics))
    return question


def post_answer(
    *,
    doctor: DoctorProfile,
    question: Question,
    title: str,
    body: str,
    verdict: str,
    created_at: datetime | None = None,
) -> Answer:
    if not doctor.is_verified:
        raise AnswerNotAllowed("Only verified doctors can answer questions.")
    if verdict not in Verdict.values:
        raise AnswerNotAllowed(f"Unknown verdict {verdict!r}.")
    with transaction.atomic(durable=True):
        if Answer.objects.filter(question=question, doctor=doctor).exists():
            raise AnswerNotAllowed("You have already answered this question; edit your answer.")
        answer = Answer.objects.create(
            question=question,
            doctor=doctor,
            title=title,
            body=body,
            verdict=verdict,
            position=question.answers.count(),
            created_at=created_at or timezone.now(),
        )
        schedule_consensus_refresh(question.pk)
    return answer


def _doctor_for_imported_answer(
    question: Question, index: int, name: str | None, specialty: str
) -> DoctorProfile:
    slug = slugify(name)[:80] if name else ""
    if slug:
        existing = DoctorProfile.objects.filter(slug=slug).first()
        if existing is not None:
            return existing
    return DoctorProfile.objects.create(
        slug=slug or f"imported-q{question.pk}-{index}",
        display_name=name or f"Doctor {index} (imported)",
        specialty=specialty,
        # The source site only let doctors answer; the profile is marked imported so
        # readers can tell it was not verified here.
        verification_status=VerificationStatus.VERIFIED,
        is_imported=True,
    )


def import_threads(threads: Iterable[Thread]) -> list[Question]:
    """Import whole threads in one transaction: all of them, or none if anything fails."""
    questions = []
    now = timezone.now()
    with transaction.atomic(durable=True):
        topics_by_slug = {topic.slug: topic for topic in Topic.objects.all()}
        for thread in threads:
            unknown = [slug for slug in thread.topics if slug not in topics_by_slug]
            if unknown:
                raise ThreadImportError(f"unknown topic {unknown[0]!r} in {thread.title!r}")
            question = Question.objects.create(
                title=thread.title, body=thread.body, is_imported=True, created_at=now
            )
            question.topics.set([topics_by_slug[slug] for slug in thread.topics])
            answers = []
            answered_by: dict[int, int] = {}
            for index, item in enumerate(thread.answers, start=1):
                doctor = _doctor_for_imported_answer(
                    question,
                    index,
                    item.doctor.name if item.doctor else None,
                    item.doctor.specialty if item.doctor else "",
                )
                if doctor.pk in answered_by:
                    raise ThreadImportError(
                        f"answers {answered_by[doctor.pk]} and {index} of {thread.title!r} are "
                        f"both by {doctor.display_name}; a doctor answers a question once"
                    )
                answered_by[doctor.pk] = index
                answers.append(
                    Answer(
                        question=question,
                        doctor=doctor,
                        title=item.title,
                        body=item.body,
                        verdict=item.verdict,
                        position=index,
                        created_at=now + timedelta(microseconds=index),
                    )
                )
            Answer.objects.bulk_create(answers)
            questions.append(question)
    return questions
