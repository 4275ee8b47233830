"""Telling people about what happened to questions they follow: in-app and by email."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
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
    """Email each notification not emailed yet; safe to run again, even after a crash.

    Each one is recorded as emailed just before it is sent, so a run repeated after its
    worker died sends none twice (one caught mid-send is lost instead). One that cannot be
    sent is unmarked, and the others still go.
    """
    pending = Notification.objects.filter(
        pk__in=notification_ids, emailed_at__isnull=True
    ).select_related("recipient")
    failure: Exception | None = None
    with get_connection() as connection:
        for notification in pending:
            claimed = Notification.objects.filter(
                pk=notification.pk, emailed_at__isnull=True
            ).update(emailed_at=timezone.now())
            if not claimed or not notification.recipient.email:
                continue
            try:
                _message(notification, connection).send()
            except Exception as exc:
                Notification.objects.filter(pk=notification.pk).update(emailed_at=None)
                failure = failure or exc
    if failure is not None:
        raise failure


def _message(notification: Notification, connection: BaseEmailBackend) -> EmailMessage:
    return EmailMessage(
        # A header cannot hold a line break; rows kept before texts were one line may.
        subject=subject_line(notification.text),
        body=f"{notification.text}\n\n{settings.SITE_URL}{notification.url}\n\n"
        "You get this because you follow the question. Unfollow it on its page.",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.recipient.email],
        connection=connection,
    )


def mark_all_read(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
