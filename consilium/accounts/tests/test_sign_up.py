"""Signing up, called as the pages and the API call it."""

import pytest
from django.db import IntegrityError

from consilium.accounts.models import Role, User
from consilium.accounts.services import sign_up
from consilium.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_it_creates_a_patient_who_signs_in_with_their_email():
    user = sign_up(email="Reader@Example.org", password="quiet-harbour-lantern-42")

    user.refresh_from_db()
    assert user.role == Role.PATIENT
    assert user.username == user.email == "reader@example.org"
    assert user.check_password("quiet-harbour-lantern-42")


def test_it_keeps_the_chosen_handle():
    user = sign_up(email="reader@example.org", password="quiet-harbour-lantern-42", handle="owl")

    user.refresh_from_db()
    assert user.handle == "owl"


def test_it_gives_a_handle_when_none_is_chosen():
    user = sign_up(email="reader@example.org", password="quiet-harbour-lantern-42")

    user.refresh_from_db()
    assert user.handle
    assert "reader" not in user.handle  # never derived from the email


def test_it_refuses_an_email_already_signed_up_in_any_case():
    existing = UserFactory(username="reader@example.org", email="reader@example.org")

    with pytest.raises(IntegrityError):
        sign_up(email="READER@example.org", password="another-password-entirely")

    assert User.objects.count() == 1
    existing.refresh_from_db()
    assert existing.check_password("correct horse battery staple")


def test_it_refuses_a_handle_someone_has():
    UserFactory(handle="owl")

    with pytest.raises(IntegrityError):
        sign_up(email="reader@example.org", password="quiet-harbour-lantern-42", handle="owl")

    assert not User.objects.filter(email="reader@example.org").exists()
