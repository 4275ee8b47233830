"""Writes to accounts: signing up and leaving."""

from __future__ import annotations

from django.db import transaction

from consilium.accounts.models import Role, User
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
    Their outcome reports are about their own health, and go with their photos' files.
    """
    with transaction.atomic(durable=True):
        delete_reports_of(user)
        # Their questions' pages name them until then.
        for question_id in question_ids_asked_by(user):
            pages_changed(question_id=question_id)
        User.objects.filter(pk=user.pk).delete()
