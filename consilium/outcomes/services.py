"""Writes of outcomes: reporting how a treatment went, and reminding people to."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time
from decimal import Decimal
from typing import BinaryIO

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from consilium.accounts.limits import check_posting_allowed
from consilium.accounts.models import NotificationKind, User
from consilium.accounts.notifications import notify
from consilium.outcomes.durations import duration_phrase
from consilium.outcomes.models import OutcomePhoto, OutcomeReport, Trial
from consilium.outcomes.photos import PhotoRejected, StoredPhoto, store_photo
from consilium.outcomes.selectors import earlier_report
from consilium.pagecache.services import pages_changed
from consilium.topics.models import Topic


class OutcomeNotAllowed(Exception):
    """The report cannot be stored as asked; the message says why."""


@dataclass(frozen=True)
class PhotoUpload:
    kind: str
    file: BinaryIO
    size: int


def report_outcome(
    *,
    patient: User,
    topic: Topic,
    weeks: int,
    worth_it: str,
    rating: int,
    text: str,
    cost: Decimal | None = None,
    currency: str = "",
    trial: Trial | None = None,
    photos: Sequence[PhotoUpload] = (),
) -> OutcomeReport:
    """Store a patient's outcome report, or update the one they sent before on the same
    treatment (or trial): each person counts once. A new photo replaces the one of its kind.

    Photos are cleaned before anything is written; replaced photos' files go after commit.
    """
    if trial is not None and trial.patient_id != patient.pk:
        raise OutcomeNotAllowed("You can only report on your own trial.")
    earlier = earlier_report(patient, topic=topic, trial=trial, include_hidden=True)
    if earlier is not None and earlier.is_hidden:
        raise OutcomeNotAllowed(
            "A moderator hid your report on this treatment, so you cannot send another."
        )
    if earlier is None:
        # Only a new report counts against a new account's posts; editing one is free.
        check_posting_allowed(patient)
    stored: list[tuple[str, StoredPhoto]] = []
    try:
        for photo in photos:
            try:
                stored.append(
                    (photo.kind, store_photo(photo.file, photo.size, settings.PHOTO_ROOT))
                )
            except PhotoRejected as error:
                error.kind = photo.kind
                raise
        with transaction.atomic(durable=True):
            fields = {
                "weeks": weeks,
                "cost": cost,
                "currency": currency.upper() if cost is not None else "",
                "worth_it": worth_it,
                "rating": rating,
                "text": text,
            }
            if earlier is None:
                report = OutcomeReport.objects.create(
                    patient=patient, topic=topic, trial=trial, **fields
                )
            else:
                report = OutcomeReport.objects.select_for_update().get(pk=earlier.pk)
                for name, value in fields.items():
                    setattr(report, name, value)
                report.updated_at = timezone.now()
                report.save(update_fields=[*fields, "updated_at"])
                replaced = report.photos.filter(kind__in=[kind for kind, _ in stored])
                _remove_files_on_commit(list(replaced.values_list("name", flat=True)))
                replaced.delete()
            OutcomePhoto.objects.bulk_create(
                [
                    OutcomePhoto(
                        report=report, kind=kind, name=p.name, width=p.width, height=p.height
                    )
                    for kind, p in stored
                ]
            )
            pages_changed(
                question_id=trial.question_id if trial is not None else None,
                topic_slugs=[topic.slug],
            )
    except Exception:
        for _, saved in stored:
            (settings.PHOTO_ROOT / saved.name).unlink(missing_ok=True)
        raise
    return report


def _remove_files_on_commit(names: Sequence[str]) -> None:
    """Delete these photo files once the rows naming them are gone for good."""

    def remove() -> None:
        for name in names:
            (settings.PHOTO_ROOT / name).unlink(missing_ok=True)

    if names:
        transaction.on_commit(remove)


def delete_outcome_report(*, report: OutcomeReport, patient: User) -> None:
    """The patient withdraws their report: it, its photos and their files are gone."""
    if report.patient_id != patient.pk:
        raise OutcomeNotAllowed("You can only delete your own reports.")
    with transaction.atomic(durable=True):
        _delete_reports(OutcomeReport.objects.filter(pk=report.pk))


def delete_reports_of(patient: User) -> None:
    """Remove every report the person sent, with photos and files: their account is going.

    Called inside the account's deletion, so that both happen or neither.
    """
    _delete_reports(OutcomeReport.objects.filter(patient=patient))


def _delete_reports(reports: QuerySet[OutcomeReport]) -> None:
    rows = list(reports.select_related("trial", "topic").prefetch_related("photos"))
    _remove_files_on_commit([photo.name for report in rows for photo in report.photos.all()])
    for report in rows:
        pages_changed(
            question_id=report.trial.question_id if report.trial is not None else None,
            topic_slugs=[report.topic.slug],
        )
    reports.delete()


def schedule_trial_reminder(trial: Trial) -> None:
    """Queue the end-of-trial reminder for the trial's planned end, after commit."""
    from consilium.outcomes.tasks import remind_trial

    due = timezone.make_aware(datetime.combine(trial.ends_on, time(9, 0)))
    task = remind_trial.using(run_after=due) if remind_trial.get_backend().supports_defer else None
    if task is not None:
        transaction.on_commit(lambda: task.enqueue(trial.pk))


def send_trial_reminder(trial_id: int) -> bool:
    """Remind the patient to report, once; False when there is nothing to remind."""
    with transaction.atomic(durable=True):
        trial = (
            Trial.objects.select_for_update()
            .select_related("patient", "question")
            .filter(pk=trial_id, reminded_at__isnull=True, patient__isnull=False)
            .first()
        )
        if trial is None or trial.ends_on > timezone.localdate():
            return False
        if OutcomeReport.objects.filter(trial=trial).exists():
            return False
        trial.reminded_at = timezone.now()
        trial.save(update_fields=["reminded_at"])
        notify(
            [trial.patient],  # type: ignore[list-item]
            kind=NotificationKind.TRIAL_REMINDER,
            text=f"Your trial of {trial.description} for {duration_phrase(trial.planned_weeks)} "
            "has ended: how did it go?",
            url=f"{reverse('web:report-outcome')}?trial={trial.pk}",
        )
    return True


def remind_due_trials() -> int:
    """Send every reminder that is due; a safety net for queues that lost a task."""
    due = Trial.objects.filter(reminded_at__isnull=True, patient__isnull=False).only(
        "pk", "started_on", "planned_weeks"
    )
    today = timezone.localdate()
    return sum(send_trial_reminder(t.pk) for t in due if t.ends_on <= today)
