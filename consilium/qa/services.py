"""Writes to questions and answers: asking, answering and importing threads."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Count, F, QuerySet
from django.utils import timezone
from django.utils.text import slugify

from consilium.accounts.limits import check_posting_allowed
from consilium.accounts.models import NotificationKind, User
from consilium.accounts.notifications import notify
from consilium.accounts.permissions import is_moderator
from consilium.consensus.services import schedule_consensus_refresh
from consilium.doctors.models import DoctorProfile, VerificationStatus
from consilium.moderation.audit import record_action
from consilium.outcomes.models import Trial
from consilium.outcomes.services import schedule_trial_reminder
from consilium.pagecache.services import pages_changed
from consilium.plaintext import one_line
from consilium.qa.models import (
    Agreement,
    Answer,
    Follow,
    HelpfulMark,
    Purpose,
    PurposeSource,
    Question,
    QuestionUpdate,
    Revision,
    ThreadSource,
    Verdict,
)
from consilium.qa.purpose import infer_purpose
from consilium.qa.thread_format import Thread, ThreadDoctor
from consilium.qa.urgent import question_is_urgent
from consilium.topics.models import Topic
from consilium.topics.selectors import topic_finder, topics_named_in


class AnswerNotAllowed(Exception):
    """The doctor may not answer this question; the message says why, for the page."""


class QuestionNotAllowed(Exception):
    """The question cannot be posted or changed as asked; the message says why."""


class ThreadImportError(ValueError):
    """A thread that is well-formed but cannot be stored; nothing of the file is kept."""


@dataclass(frozen=True)
class TrialPlan:
    """What the asker says they are trying, so we can ask them how it went at the end."""

    planned_weeks: int
    started_on: date
    topic: Topic | None = None
    description: str = ""


def _followers_except(question: Question, user: User | None) -> QuerySet[User]:
    followers = User.objects.filter(follows__question=question)
    return followers.exclude(pk=user.pk) if user is not None else followers


def ask_question(
    *,
    asker: User | None,
    title: str,
    body: str,
    topics: Iterable[Topic] = (),
    trial: TrialPlan | None = None,
    created_at: datetime | None = None,
    purpose: str = "",
) -> Question:
    """Post a question; the asker follows it, and a trial they name gets a reminder later.

    Without topics it is filed under those its title and body name; without a purpose it
    gets the one its words point to (see infer_purpose), marked as read from the question.
    """
    if purpose and purpose not in Purpose.values:
        raise QuestionNotAllowed(f"Unknown purpose {purpose!r}.")
    title = one_line(title)
    topics = list(topics) or topics_named_in(title, body)
    if asker is not None:
        check_posting_allowed(asker)
        day_ago = timezone.now() - timedelta(days=1)
        if Question.objects.filter(
            asker=asker, title__iexact=title.strip(), created_at__gte=day_ago
        ).exists():
            raise QuestionNotAllowed(
                "You asked this same question in the last day; it is already on the site."
            )
    with transaction.atomic(durable=True):
        question = Question.objects.create(
            asker=asker,
            title=title,
            body=body,
            purpose=purpose or infer_purpose(title, body),
            purpose_source=PurposeSource.ASKER if purpose else PurposeSource.INFERRED,
            urgent=question_is_urgent(title, body),
            created_at=created_at or timezone.now(),
        )
        question.topics.set(topics)
        Revision.objects.create(question=question, editor=asker, title=title, body=body)
        pages_changed(question_id=question.pk, question_list=True)
        if asker is not None:
            Follow.objects.create(question=question, user=asker)
            if trial is not None:
                planned = Trial.objects.create(
                    question=question,
                    patient=asker,
                    topic=trial.topic,
                    description=one_line(trial.description),
                    planned_weeks=trial.planned_weeks,
                    started_on=trial.started_on,
                )
                schedule_trial_reminder(planned)
    return question


def check_may_edit_question(question: Question, editor: User) -> None:
    """Raise QuestionNotAllowed unless the editor asked the question.

    Callers that validate an edit check this first, so a stranger learns only that they
    may not edit, not what was wrong with their text.
    """
    if question.asker_id != editor.pk:
        raise QuestionNotAllowed("Only the person who asked can edit a question.")


def edit_question(
    *, question: Question, editor: User, title: str, body: str, topics: Iterable[Topic]
) -> Question:
    check_may_edit_question(question, editor)
    with transaction.atomic(durable=True):
        title = one_line(title)
        question.title, question.body = title, body
        question.urgent = question_is_urgent(title, body)
        question.save(update_fields=["title", "body", "urgent", "updated_at"])
        # Before the topics change, so the topics it leaves are refreshed too.
        pages_changed(question_id=question.pk, question_list=True)
        question.topics.set(list(topics))
        Revision.objects.create(question=question, editor=editor, title=title, body=body)
        notify(
            _followers_except(question, editor),
            kind=NotificationKind.QUESTION_UPDATED,
            text=f"The question “{question.title}” was edited",
            url=question.get_absolute_url(),
        )
        schedule_consensus_refresh(question.pk)
    return question


def correct_question_filing(
    *,
    question: Question,
    moderator: User,
    topics: Iterable[Topic],
    purpose: str,
    reason: str = "",
) -> Question:
    """A moderator sets a question's topics and purpose; the change is in the audit log."""
    if not is_moderator(moderator):
        raise QuestionNotAllowed("Only moderators can correct a question's topics and purpose.")
    if purpose not in Purpose.values:
        raise QuestionNotAllowed(f"Unknown purpose {purpose!r}.")
    topics = list(topics)
    with transaction.atomic(durable=True):
        before = sorted(question.topics.values_list("name", flat=True))
        question.purpose, question.purpose_source = purpose, PurposeSource.MODERATOR
        question.save(update_fields=["purpose", "purpose_source", "updated_at"])
        pages_changed(question_id=question.pk, question_list=True)
        question.topics.set(topics)
        change = (
            f"topics: {', '.join(before) or 'none'} → "
            f"{', '.join(sorted(t.name for t in topics)) or 'none'}; "
            f"purpose: {question.get_purpose_display()}"
        )
        record_action(
            actor=moderator,
            action="correct_filing",
            target=question,
            reason=f"{reason.strip()} ({change})" if reason.strip() else change,
        )
        # Which questions a topic page counts changed; the consensus names the subject too.
        schedule_consensus_refresh(question.pk)
    return question


@dataclass(frozen=True)
class Refiled:
    """What refile_questions changed on one question."""

    question_id: int
    purpose: str | None  # the new purpose, None when it stayed
    topics: list[str]  # slugs of the topics it was filed under, empty when none were added
    urgent: bool | None = None  # whether it now reads as urgent, None when that stayed


def refile_questions() -> list[Refiled]:
    """File questions as posting and importing now would: purposes read from the words again
    where nobody chose one, topics attached where a question has none, and the urgent mark
    read again from the list of signs.

    For questions that predate these rules; a purpose the asker or a moderator set and topics
    anyone chose are left alone.
    """
    find_topics = topic_finder()
    changes: list[Refiled] = []
    with transaction.atomic(durable=True):
        questions = Question.objects.annotate(topic_count=Count("topics")).only(
            "pk", "title", "body", "purpose", "purpose_source", "urgent"
        )
        links: list[Any] = []  # rows of the question-topic table
        for question in questions.iterator():
            purpose = None
            if question.purpose_source == PurposeSource.INFERRED:
                inferred = infer_purpose(question.title, question.body)
                if inferred != question.purpose:
                    Question.objects.filter(pk=question.pk).update(purpose=inferred)
                    purpose = inferred
            urgent = question_is_urgent(question.title, question.body)
            if urgent != question.urgent:
                Question.objects.filter(pk=question.pk).update(urgent=urgent)
            found = [] if question.topic_count else find_topics(question.title, question.body)
            links.extend(
                Question.topics.through(question_id=question.pk, topic_id=t.pk) for t in found
            )
            if purpose or found or urgent != question.urgent:
                changes.append(
                    Refiled(
                        question.pk,
                        purpose,
                        [t.slug for t in found],
                        urgent if urgent != question.urgent else None,
                    )
                )
        Question.topics.through.objects.bulk_create(links, batch_size=1000)
        if changes:
            # Topic pages count questions by purpose and topic: every one is rendered afresh.
            pages_changed(taxonomy=True, question_list=True)
    return changes


def post_question_update(*, question: Question, author: User, body: str) -> QuestionUpdate:
    """A dated note from the asker under their question; followers hear of it."""
    if question.asker_id != author.pk:
        raise QuestionNotAllowed("Only the person who asked can post updates to a question.")
    check_posting_allowed(author)
    with transaction.atomic(durable=True):
        update = QuestionUpdate.objects.create(question=question, body=body)
        pages_changed(question_id=question.pk)
        notify(
            _followers_except(question, author),
            kind=NotificationKind.QUESTION_UPDATED,
            text=f"The asker posted an update to “{question.title}”",
            url=f"{question.get_absolute_url()}#update-{update.pk}",
        )
    return update


def post_answer(
    *,
    doctor: DoctorProfile,
    question: Question,
    title: str,
    body: str,
    verdict: str,
    references: Sequence[str] = (),
    created_at: datetime | None = None,
) -> Answer:
    if not doctor.is_verified:
        raise AnswerNotAllowed("Only verified doctors can answer questions.")
    if verdict not in Verdict.values:
        raise AnswerNotAllowed(f"Unknown verdict {verdict!r}.")
    if question.is_hidden:
        raise AnswerNotAllowed("This question was hidden by a moderator.")
    if doctor.user is not None:
        check_posting_allowed(doctor.user)
    title = one_line(title)
    with transaction.atomic(durable=True):
        if Answer.objects.filter(question=question, doctor=doctor).exists():
            raise AnswerNotAllowed("You have already answered this question; edit your answer.")
        answer = Answer.objects.create(
            question=question,
            doctor=doctor,
            title=title,
            body=body,
            verdict=verdict,
            references=list(references),
            position=question.answers.count(),
            created_at=created_at or timezone.now(),
        )
        Revision.objects.create(
            answer=answer, editor=doctor.user, title=title, body=body, verdict=verdict
        )
        pages_changed(question_id=question.pk, doctor_slugs=[doctor.slug], cards=True)
        notify(
            _followers_except(question, doctor.user),
            kind=NotificationKind.NEW_ANSWER,
            text=f"{doctor.display_name} answered “{question.title}”",
            url=f"{question.get_absolute_url()}#answer-{answer.pk}",
        )
        schedule_consensus_refresh(question.pk)
    return answer


def check_may_edit_answer(answer: Answer, doctor: DoctorProfile) -> None:
    """Raise AnswerNotAllowed unless the doctor wrote the answer and is still verified."""
    if answer.doctor_id != doctor.pk:
        raise AnswerNotAllowed("Only the doctor who wrote an answer can edit it.")
    if not doctor.is_verified:
        raise AnswerNotAllowed("Only verified doctors can edit answers.")


def edit_answer(
    *,
    answer: Answer,
    doctor: DoctorProfile,
    title: str,
    body: str,
    verdict: str,
    references: Sequence[str] = (),
) -> Answer:
    check_may_edit_answer(answer, doctor)
    with transaction.atomic(durable=True):
        title = one_line(title)
        answer.title, answer.body, answer.verdict = title, body, verdict
        answer.references = list(references)
        answer.save(update_fields=["title", "body", "verdict", "references", "updated_at"])
        # Cards too: what search finds and quotes of the question changes with its answers.
        pages_changed(question_id=answer.question_id, doctor_slugs=[doctor.slug], cards=True)
        Revision.objects.create(
            answer=answer, editor=doctor.user, title=title, body=body, verdict=verdict
        )
        schedule_consensus_refresh(answer.question_id)
    return answer


def _set_mark(
    model: type[Agreement] | type[HelpfulMark], counter: str, answer: Answer, on: bool, **by: Any
) -> int:
    """Add or remove one person's mark on an answer and keep its counter in step.

    Runs inside the caller's transaction; returns how the counter moved (-1, 0 or 1).
    """
    if on:
        _, created = model.objects.get_or_create(answer=answer, **by)
        delta = 1 if created else 0
    else:
        delta = -model.objects.filter(answer=answer, **by).delete()[0]
    if delta:
        Answer.objects.filter(pk=answer.pk).update(**{counter: F(counter) + delta})
        pages_changed(question_id=answer.question_id)
    answer.refresh_from_db(fields=[counter])
    return delta


def set_agreement(*, answer: Answer, doctor: DoctorProfile, agree: bool) -> Answer:
    """A verified doctor agrees with (or withdraws from) another doctor's answer."""
    if not doctor.is_verified:
        raise AnswerNotAllowed("Only verified doctors can agree with an answer.")
    if answer.doctor_id == doctor.pk:
        raise AnswerNotAllowed("You cannot agree with your own answer.")
    with transaction.atomic(durable=True):
        if _set_mark(Agreement, "agree_count", answer, agree, doctor=doctor):
            schedule_consensus_refresh(answer.question_id)
    return answer


def set_helpful(*, answer: Answer, user: User, helpful: bool) -> Answer:
    """A reader marks (or unmarks) an answer helpful; its own doctor cannot mark it."""
    if helpful and answer.doctor.user_id == user.pk:
        raise AnswerNotAllowed("You cannot mark your own answer helpful.")
    with transaction.atomic(durable=True):
        _set_mark(HelpfulMark, "helpful_count", answer, helpful, user=user)
    return answer


def set_following(*, question: Question, user: User, follow: bool) -> bool:
    with transaction.atomic(durable=True):
        if follow:
            Follow.objects.get_or_create(question=question, user=user)
        else:
            Follow.objects.filter(question=question, user=user).delete()
    return follow


def imported_doctor_slug(name: str) -> str:
    """Imported doctors live under their own slugs, so no name reaches a real profile."""
    return "imported-" + (slugify(name)[:70] or "doctor")


def _named_doctors(threads: Sequence[Thread]) -> dict[str, DoctorProfile]:
    """Imported profiles for the doctors the file names, by slug: existing ones, plus new.

    Only imported profiles are reused; a name is never attached to an account or to a
    profile a doctor made here, whatever it is called (a source site's "Dr. Smith" is not
    ours).
    """
    wanted: dict[str, ThreadDoctor] = {}
    for thread in threads:
        for answer in thread.answers:
            if answer.doctor is not None:
                wanted.setdefault(imported_doctor_slug(answer.doctor.name), answer.doctor)
    found = {
        d.slug: d for d in DoctorProfile.objects.filter(slug__in=list(wanted), is_imported=True)
    }
    missing = [slug for slug in wanted if slug not in found]
    DoctorProfile.objects.bulk_create(
        [
            DoctorProfile(
                slug=slug,
                display_name=wanted[slug].name,
                specialty=wanted[slug].specialty,
                practice=wanted[slug].location,
                # The source site let them answer; nobody here checked a licence, and the
                # pages say so wherever the profile shows.
                verification_status=VerificationStatus.VERIFIED,
                is_imported=True,
            )
            for slug in missing
        ],
        batch_size=500,
    )
    found.update({d.slug: d for d in DoctorProfile.objects.filter(slug__in=missing)})
    return found


@dataclass(frozen=True)
class ImportResult:
    """What an import did: the questions it created and the threads it had already."""

    created: list[Question]
    # (title in the file, id of the question imported earlier; None for a thread the file
    # repeats)
    skipped: list[tuple[str, int | None]]


def _new_threads(
    threads: Sequence[Thread],
) -> tuple[list[Thread], list[tuple[str, int | None]]]:
    """Threads not imported before (by source key), each once; and those skipped."""
    keys = [thread.source_key for thread in threads]
    known = dict(ThreadSource.objects.filter(key__in=keys).values_list("key", "question_id"))
    new: list[Thread] = []
    skipped: list[tuple[str, int | None]] = []
    first_in_file: set[str] = set()
    for thread, key in zip(threads, keys, strict=True):
        if key in known:
            skipped.append((thread.title, known[key]))
        elif key in first_in_file:
            skipped.append((thread.title, None))
        else:
            first_in_file.add(key)
            new.append(thread)
    return new, skipped


def import_threads(threads: Sequence[Thread], *, batch_size: int = 500) -> ImportResult:
    """Import whole threads in one transaction: all of them, or none if anything fails.

    A thread imported before (same source URL, or same content when it has none) is skipped,
    so running a file again adds nothing. Threads without topics are filed under the topics
    their title and body name, and get a purpose read from their words unless they give one.
    Rows are written in bulk, batch by batch, so a file of many thousand threads loads in
    minutes; consensus is left to the caller (see refresh_consensus).
    """
    questions: list[Question] = []
    now = timezone.now()
    with transaction.atomic(durable=True):
        threads, skipped = _new_threads(threads)
        topics_by_slug = {topic.slug: topic for topic in Topic.objects.all()}
        for thread in threads:
            unknown = [slug for slug in thread.topics if slug not in topics_by_slug]
            if unknown:
                raise ThreadImportError(f"unknown topic {unknown[0]!r} in {thread.title!r}")
        find_topics = topic_finder()
        named = _named_doctors(threads)
        for start in range(0, len(threads), batch_size):
            batch = threads[start : start + batch_size]
            created = Question.objects.bulk_create(
                [
                    Question(
                        title=t.title,
                        body=t.body,
                        is_imported=True,
                        purpose=t.purpose or infer_purpose(t.title, t.body),
                        purpose_source=PurposeSource.ASKER if t.purpose else PurposeSource.INFERRED,
                        urgent=question_is_urgent(t.title, t.body),
                        created_at=t.asked_at or now,
                    )
                    for t in batch
                ]
            )
            ThreadSource.objects.bulk_create(
                [
                    ThreadSource(
                        question=q, key=t.source_key, url=t.source_url, imported_at=now,
                        asked_at=t.asked_at,
                    )
                    for q, t in zip(created, batch, strict=True)
                ]
            )  # fmt: skip
            Question.topics.through.objects.bulk_create(
                [
                    Question.topics.through(question_id=q.pk, topic_id=topic.pk)
                    for q, t in zip(created, batch, strict=True)
                    for topic in (
                        [topics_by_slug[slug] for slug in dict.fromkeys(t.topics)]
                        or find_topics(t.title, t.body)
                    )
                ]
            )
            placeholders = DoctorProfile.objects.bulk_create(
                [
                    DoctorProfile(
                        slug=f"imported-q{q.pk}-{index}",
                        display_name=f"Unnamed doctor {index}",
                        verification_status=VerificationStatus.VERIFIED,
                        is_imported=True,
                    )
                    for q, t in zip(created, batch, strict=True)
                    for index, item in enumerate(t.answers, start=1)
                    if item.doctor is None
                ]
            )
            unnamed = iter(placeholders)
            answers = []
            for question, thread in zip(created, batch, strict=True):
                answered_by: dict[str, int] = {}
                for index, item in enumerate(thread.answers, start=1):
                    if item.doctor is None:
                        doctor = next(unnamed)
                    else:
                        doctor = named[imported_doctor_slug(item.doctor.name)]
                    if doctor.slug in answered_by:
                        raise ThreadImportError(
                            f"answers {answered_by[doctor.slug]} and {index} of "
                            f"{thread.title!r} are both by {doctor.display_name}; "
                            "a doctor answers a question once"
                        )
                    answered_by[doctor.slug] = index
                    answers.append(
                        Answer(
                            question=question,
                            doctor=doctor,
                            title=item.title,
                            body=item.body,
                            verdict=item.verdict,
                            position=index,
                            source_date=item.date,
                            created_at=item.date or now + timedelta(microseconds=index),
                        )
                    )
            Answer.objects.bulk_create(answers, batch_size=2000)
            questions.extend(created)
        # An import touches many topics and doctors at once: every page is rendered afresh.
        pages_changed(taxonomy=True)
    return ImportResult(created=questions, skipped=skipped)
