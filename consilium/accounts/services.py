"""Writes to accounts: signing up, choosing what we email, and leaving."""

from __future__ import annotations

from django.db import transaction

from consilium.accounts.models import (
    DIGESTS,
    Delivery,
    Notification,
    NotificationPreference,
    Role,
    User,
)
from consilium.accounts.notifications import read_unsubscribe_token
from consilium.doctors.services import delete_documents_of
from consilium.outcomes.services import delete_reports_of
from consilium.pagecache.services import pages_changed
from consilium.qa.selectors import question_ids_asked_by


def sign_up(*, email: str, password: str, handle: str = "") -> User:
    """A new patient account; the email is the login name and is never shown to anyone."""
    with transaction.atomic(durable=True):
        return User.objects.create_user(
            username=email.lower(),
            email=email.lower(),
            password=password,
            handle=handle,
            role=Role.PATIENT,
        )


def delete_account(user: User) -> None:
    """Delete the person; their questions stay, shown as by "deleted user".

    Deleting the row erases every personal field at once: questions, flags and doctor
    profiles point at the user with SET_NULL, so they lose the link and nothing else.
    Their outcome reports are about their own health, and go with their photos' files; the
    documents of a doctor's application (licence scans, identity documents) go with their files.
    """
    with transaction.atomic(durable=True):
        delete_reports_of(user)
        delete_documents_of(user)
        # Their questions' pages name them until then.
        for question_id in question_ids_asked_by(user):
            pages_changed(question_id=question_id)
        User.objects.filter(pk=user.pk).delete()


def set_notification_preferences(user: User, choices: dict[str, str]) -> None:
    """Keep the person's choice of email for each kind of event named.

    Items already waiting follow the new choice: "no email" drops them from digests and from
    email not yet sent; another digest moves them there. Choosing "right away" leaves them in
    the digest they wait for, which goes out at its time.
    """
    with transaction.atomic():
        for kind, delivery in choices.items():
            NotificationPreference.objects.update_or_create(
                user=user, kind=kind, defaults={"delivery": delivery}
            )
            waiting = Notification.objects.filter(
                recipient=user, kind=kind, emailed_at__isnull=True
            )
            if delivery == Delivery.OFF:
                waiting.update(delivery=Delivery.OFF)
            elif delivery in DIGESTS:
                waiting.filter(delivery__in=DIGESTS).update(delivery=delivery)


def unsubscribe(token: str) -> bool:
    """Turn off the email the signed token names; False, changing nothing, for a bad token."""
    read = read_unsubscribe_token(token)
    user = User.objects.filter(pk=read[0]).first() if read else None
    if read is None or user is None:
        return False
    set_notification_preferences(user, dict.fromkeys(read[1], Delivery.OFF))
    return True
