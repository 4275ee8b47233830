"""Email to people about their account, sent by a background task after the write commits."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django_tasks import task

from consilium.plaintext import one_line


@task()
def send_email(to: str, subject: str, body: str) -> None:
    # Subjects carry names people typed; a line break there would make the header invalid.
    send_mail(one_line(subject), body, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False)


def queue_email(to: str, subject: str, body: str) -> None:
    """Send once the surrounding transaction commits, so a rollback sends nothing."""
    if not to:
        return
    transaction.on_commit(lambda: send_email.enqueue(to, subject, body))
