"""Email to people about their account, sent by a background task after the write commits."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django_tasks import task

from consilium.plaintext import one_line


@task()
def send_email(to: str, subject: str, body: str) -> None:
    # Subjects carry names people typed; a line break there would make the header invalid.
    send_mail(one_line(subject), body, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False)


# Set while loading demo content, whose made-up people get no mail.
_suppressed: ContextVar[bool] = ContextVar("emails_suppressed", default=False)


@contextmanager
def emails_suppressed() -> Iterator[None]:
    """Within this block queue_email sends nothing."""
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)


def queue_email(to: str, subject: str, body: str) -> None:
    """Send once the surrounding transaction commits, so a rollback sends nothing."""
    if not to or _suppressed.get():
        return
    transaction.on_commit(lambda: send_email.enqueue(to, subject, body))
