"""Signing in with email or username, for sign-up, demo and createsuperuser accounts alike."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from consilium.accounts.models import User
from consilium.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def _signs_in(client, typed: str, password: str = PASSWORD) -> bool:
    response = client.post(reverse("web:login"), {"username": typed, "password": password})
    signed_in = response.status_code == 302 and "_auth_user_id" in client.session
    client.logout()
    return signed_in


def test_it_signs_in_a_demo_doctor_by_username_or_email(client):
    call_command("demo")
    doctor = User.objects.filter(doctor_profile__isnull=False).order_by("pk").first()
    doctor.set_password(PASSWORD)
    doctor.save()
    assert doctor.username != doctor.email
    assert _signs_in(client, doctor.username)
    assert _signs_in(client, doctor.email)
    assert _signs_in(client, doctor.email.upper())
    assert not _signs_in(client, doctor.username, "wrong password")


def test_it_signs_in_a_createsuperuser_account_by_username_or_email(client):
    call_command("createsuperuser", username="Admin", email="boss@example.org", interactive=False)
    admin = User.objects.get(username="Admin")
    admin.set_password(PASSWORD)
    admin.save()
    assert _signs_in(client, "Admin")
    assert _signs_in(client, "admin")
    assert _signs_in(client, "Boss@Example.org")


def test_it_prefers_the_exact_username_when_another_account_has_it_as_email(client):
    owner = UserFactory(username="sam", email="sam@example.com")
    UserFactory(username="other@example.com", email="sam")
    response = client.post(reverse("web:login"), {"username": "sam", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(owner.pk)


def test_it_refuses_an_inactive_account(client):
    UserFactory(username="gone@example.com", email="gone@example.com", is_active=False)
    assert not _signs_in(client, "gone@example.com")
