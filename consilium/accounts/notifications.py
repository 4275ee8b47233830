"""Telling people about what happened to questions they follow: in-app and by email."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from consilium.accounts.models import Notification, User
from consilium.plaintext import one_line

SUBJECT_LENGTH = 150


def subject_line(text: str) -> str:
    """An email subject for this text: "Consilium: " and the text on one line, cut short."""
    subject = f"Consilium: {one_line(text)}"
    return subject if len(subject) <= SUBJECT_LENGTH else subject[: SUBJECT_LENGTH - 1] + "…"


def notify(recipients: Iterable[User], *, kind: str, text: str, url: str) -> list[Notification]:
    """Store a notification for each recipient and email them after the write commits."""
    notifications = Notification.objects.bulk_create(
        [
            Notification(recipient=user, kind=kind, text=one_line(text)[:300], url=url)
            for user in recipients
        ]
    )
    # SQLite (3.35+) and PostgreSQL both hand back the new ids from a bulk insert.
    ids = [n.pk for n in notifications]
    if ids:
        transaction.on_commit(lambda: email_notifications.enqueue(ids))
    return notifications


@task()
def email_notifications(notification_ids: list[int]) -> None:
    pending = Notification.objects.filter(
        pk__in=notification_ids, emailed_at__isnull=True
    ).select_related("recipient")
    messages = [
        (
            # A header cannot hold a line break; rows kept before texts were one line may.
            subject_line(n.text),
            f"{n.text}\n\n{settings.SITE_URL}{n.url}\n\n"
            "You get this because you follow the question. Unfollow it on its page.",
            settings.DEFAULT_FROM_EMAIL,
            [n.recipient.email],
        )
        for n in pending
        if n.recipient.email
    ]
    send_mass_mail(messages, fail_silently=False)
    pending.update(emailed_at=timezone.now())


def mark_all_read(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
