"""Notification emails go out once each, however often their task runs."""

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from consilium.accounts.models import Notification, NotificationKind
from consilium.accounts.notifications import email_notifications
from consilium.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


class RefusingOneAddress(EmailBackend):
    """Delivers like the test backend, but fails for one recipient, as a server could."""

    refused = "refused@example.com"

    def send_messages(self, messages):
        for message in messages:
            if self.refused in message.to:
                raise ConnectionError("the mail server hung up")
        return super().send_messages(messages)


def notifications(*emails):
    return [
        Notification.objects.create(
            recipient=UserFactory(email=email),
            kind=NotificationKind.NEW_ANSWER,
            text="Dr. Example answered “Retinol at 25?”",
            url="/questions/1/",
        )
        for email in emails
    ]


def sent_to():
    return sorted(address for message in mail.outbox for address in message.to)


def test_it_emails_no_notification_twice_when_its_task_runs_again():
    ids = [n.pk for n in notifications("ana@example.com", "ben@example.com")]

    email_notifications.call(ids)
    email_notifications.call(ids)

    assert sent_to() == ["ana@example.com", "ben@example.com"]
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_it_sends_the_others_when_one_cannot_be_sent_and_the_rest_on_a_later_run(settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingOneAddress"
    first, refused, last = notifications(
        "ana@example.com", RefusingOneAddress.refused, "ben@example.com"
    )
    ids = [first.pk, refused.pk, last.pk]

    with pytest.raises(ConnectionError):
        email_notifications.call(ids)

    assert sent_to() == ["ana@example.com", "ben@example.com"]
    refused.refresh_from_db()
    assert refused.emailed_at is None
    RefusingOneAddress.refused = "nobody@example.com"
    try:
        email_notifications.call(ids)
    finally:
        RefusingOneAddress.refused = "refused@example.com"
    assert sent_to() == ["ana@example.com", "ben@example.com", "refused@example.com"]
