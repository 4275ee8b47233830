"""Email to people about their account, sent by a background task after the write commits."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django_tasks import task


@task()
def send_email(to: str, subject: str, body: str) -> None:
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False)


def queue_email(to: str, subject: str, body: str) -> None:
    """Send once the surrounding transaction commits, so a rollback sends nothing."""
    if not to:
        return
    transaction.on_commit(lambda: send_email.enqueue(to, subject, body))
