"""Signing up, signing in and out, and the sign-in throttle."""

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.test import Client, override_settings
from django.urls import reverse

from consilium.accounts.models import Role, User
from consilium.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_signup_makes_a_patient_with_a_handle_and_signs_them_in(client):
    response = client.post(
        reverse("web:signup"),
        {"email": "Ana@Example.com", "password": "a long enough passphrase 42"},
    )
    assert response.status_code == 302
    user = User.objects.get()
    assert user.email == "ana@example.com"
    assert user.role == Role.PATIENT
    assert user.handle
    assert client.get(reverse("web:account")).status_code == 200


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.Argon2PasswordHasher"])
def test_passwords_are_hashed_with_argon2(client):
    client.post(
        reverse("web:signup"), {"email": "b@example.com", "password": "tulip ferry 93 lamp"}
    )
    assert identify_hasher(User.objects.get().password).algorithm == "argon2"


def test_signup_errors_are_shown_next_to_the_field_and_keep_the_input(client):
    UserFactory(username="taken@example.com", email="taken@example.com", handle="quiet-owl-1")
    response = client.post(
        reverse("web:signup"),
        {"email": "taken@example.com", "handle": "quiet-owl-1", "password": "123"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "An account with this email exists" in page
    assert "This handle is taken" in page
    assert "This password is too short" in page
    assert 'value="taken@example.com"' in page
    assert User.objects.count() == 1


def test_signin_with_email_and_signout(client):
    UserFactory(username="c@example.com", email="c@example.com")
    response = client.post(
        reverse("web:login"),
        {"username": "C@example.com", "password": "correct horse battery staple"},
    )
    assert response.status_code == 302
    assert client.get(reverse("web:account")).status_code == 200
    client.post(reverse("web:logout"))
    assert client.get(reverse("web:account")).status_code == 302


def test_a_wrong_password_says_so(client):
    UserFactory(username="d@example.com", email="d@example.com")
    response = client.post(reverse("web:login"), {"username": "d@example.com", "password": "no"})
    assert response.status_code == 200
    assert "Please enter a correct email (or username) and password" in response.content.decode()
    assert "_auth_user_id" not in client.session


RIGHT_PASSWORD = "correct horse battery staple"  # UserFactory's


def sign_in(client, email: str, password: str = RIGHT_PASSWORD):
    return client.post(reverse("web:login"), {"username": email, "password": password})


@override_settings(AXES_FAILURE_LIMIT=3)
def test_signin_is_locked_after_repeated_failures_for_the_account(client):
    UserFactory(username="e@example.com", email="e@example.com")
    for _ in range(3):
        sign_in(client, "e@example.com", "wrong")
    response = sign_in(client, "e@example.com")
    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.content.decode()


@override_settings(AXES_FAILURE_LIMIT=3)
def test_it_never_locks_an_account_from_an_address_that_did_not_fail():
    UserFactory(username="h@example.com", email="h@example.com")
    attacker, owner = Client(REMOTE_ADDR="198.51.100.66"), Client(REMOTE_ADDR="203.0.113.5")
    for _ in range(4):
        sign_in(attacker, "h@example.com", "wrong")
    assert sign_in(owner, "h@example.com").status_code == 302


@override_settings(AXES_FAILURE_LIMIT=3, PROXY_COUNT=1)
def test_behind_the_load_balancer_one_clients_failures_lock_only_that_client():
    UserFactory(username="i@example.com", email="i@example.com")

    def via_proxy(address: str) -> Client:
        return Client(REMOTE_ADDR="10.0.0.9", headers={"X-Forwarded-For": address})

    for _ in range(3):
        sign_in(via_proxy("198.51.100.66"), "i@example.com", "wrong")
    assert sign_in(via_proxy("198.51.100.66"), "i@example.com").status_code == 429
    assert sign_in(via_proxy("203.0.113.5"), "i@example.com").status_code == 302


@override_settings(SIGN_IN_RATE="3/15m")
def test_signin_is_paused_for_an_address_trying_many_accounts(client):
    UserFactory(username="f@example.com", email="f@example.com")
    for n in range(3):
        sign_in(client, f"nobody{n}@example.com", "x")
    response = sign_in(client, "f@example.com")
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert "Too many sign-in attempts" in response.content.decode()
    assert Client(REMOTE_ADDR="203.0.113.8").get(reverse("web:login")).status_code == 200


@override_settings(SIGN_UP_RATE="2/h")
def test_signup_is_throttled_per_address(client):
    for n in range(2):
        client.post(
            reverse("web:signup"),
            {"email": f"new{n}@example.com", "password": "a long enough passphrase 42"},
        )
        client.post(reverse("web:logout"))
    response = client.post(
        reverse("web:signup"),
        {"email": "new2@example.com", "password": "a long enough passphrase 42"},
    )
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert "new2@example.com" in response.content.decode()
    assert User.objects.count() == 2
    elsewhere = Client(REMOTE_ADDR="203.0.113.9").post(
        reverse("web:signup"),
        {"email": "new3@example.com", "password": "a long enough passphrase 42"},
    )
    assert elsewhere.status_code == 302


def test_password_reset_sends_an_email_with_a_working_link(client, mailoutbox):
    user = UserFactory(username="g@example.com", email="g@example.com")
    client.post(reverse("web:password-reset"), {"email": "g@example.com"})
    assert len(mailoutbox) == 1
    link = next(line for line in mailoutbox[0].body.splitlines() if "/reset/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path, follow=True)
    assert "Choose a new password" in response.content.decode()
    form_url = response.redirect_chain[-1][0]
    client.post(
        form_url, {"new_password1": "fresh meadow 77 kite", "new_password2": "fresh meadow 77 kite"}
    )
    user.refresh_from_db()
    assert user.check_password("fresh meadow 77 kite")


def test_password_change(client):
    user = UserFactory()
    client.force_login(user)
    client.post(
        reverse("web:password-change"),
        {
            "old_password": "correct horse battery staple",
            "new_password1": "another solid phrase 12",
            "new_password2": "another solid phrase 12",
        },
    )
    user.refresh_from_db()
    assert user.check_password("another solid phrase 12")


def test_signup_takes_the_person_back_where_they_were_going(client):
    response = client.post(
        reverse("web:signup"),
        {"email": "f@example.com", "password": "a long enough passphrase 42", "next": "/ask/"},
    )
    assert response["Location"] == "/ask/"


def test_signup_goes_to_the_ask_form_rather_than_another_site(client):
    response = client.post(
        reverse("web:signup"),
        {
            "email": "g@example.com",
            "password": "a long enough passphrase 42",
            "next": "https://elsewhere.example/",
        },
    )
    assert response["Location"] == reverse("web:ask")
    assert User.objects.filter(email="g@example.com").exists()


def test_the_sign_in_page_passes_where_the_person_was_going_on_to_sign_up(client):
    page = client.get(reverse("web:login") + "?next=/ask/").content.decode()
    assert f'href="{reverse("web:signup")}?next=/ask/"' in page
