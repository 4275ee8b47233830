"""Personal API tokens: made and revoked on the settings page, kept hashed, scoped."""

import hashlib

import pytest
from django.urls import reverse

from consilium.accounts.tests.factories import UserFactory
from consilium.api.models import ApiToken, TokenScope
from consilium.api.tests.factories import bearer, token_for
from consilium.qa.tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db
PROBLEMS = "https://consilium.example/problems/"
PASSWORD = "correct horse battery staple"  # UserFactory's


def test_the_settings_page_shows_a_new_token_once_and_keeps_only_its_hash(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("web:api-tokens"), {"name": "My script", "scope": "read", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    secret = response.context["created"].secret
    assert secret.startswith("csm_")
    assert secret in response.content.decode()
    token = ApiToken.objects.get(user=user)
    assert token.scope == TokenScope.READ
    assert token.name == "My script"
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(ApiToken.objects.values_list().get())
    assert secret.startswith(f"csm_{token.prefix}_")
    listing = client.get(reverse("web:api-tokens")).content.decode()
    assert secret not in listing
    assert f"csm_{token.prefix}_…" in listing
    assert "My script" in listing


def test_the_account_page_links_to_the_tokens_page(client):
    client.force_login(UserFactory())
    assert reverse("web:api-tokens") in client.get(reverse("web:account")).content.decode()


def test_a_revoked_token_is_refused_at_once(client):
    user = UserFactory()
    secret = token_for(user)
    assert client.get("/api/v1/notifications", headers=bearer(secret)).status_code == 200
    client.force_login(user)
    token = ApiToken.objects.get(user=user)
    response = client.post(reverse("web:revoke-api-token", args=[token.pk]))
    assert response.status_code == 302
    assert not ApiToken.objects.exists()
    client.logout()
    refused = client.get("/api/v1/notifications", headers=bearer(secret))
    assert refused.status_code == 401
    assert refused.json()["type"] == PROBLEMS + "unauthenticated"


def test_nobody_can_revoke_someone_elses_token(client):
    token_for(UserFactory())
    client.force_login(UserFactory())
    response = client.post(reverse("web:revoke-api-token", args=[ApiToken.objects.get().pk]))
    assert response.status_code == 404
    assert ApiToken.objects.count() == 1


def test_an_account_has_a_limited_number_of_tokens(client, settings):
    settings.API_TOKENS_PER_USER = 2
    user = UserFactory()
    token_for(user)
    token_for(user)
    client.force_login(user)
    response = client.post(
        reverse("web:api-tokens"), {"name": "Third", "scope": "read", "password": PASSWORD}
    )
    assert "revoke one you no longer use" in response.content.decode()
    assert ApiToken.objects.filter(user=user).count() == 2


def test_it_rejects_a_read_token_for_writes(client):
    secret = token_for(scope=TokenScope.READ)
    question = QuestionFactory()
    assert client.get(f"/api/v1/questions/{question.pk}", headers=bearer(secret)).status_code == 200
    response = client.put(f"/api/v1/questions/{question.pk}/follow", headers=bearer(secret))
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["type"] == PROBLEMS + "insufficient-scope"


def test_a_read_write_token_may_write(client):
    secret = token_for(scope=TokenScope.READ_WRITE)
    question = QuestionFactory()
    response = client.put(f"/api/v1/questions/{question.pk}/follow", headers=bearer(secret))
    assert response.status_code == 200
    assert response.json() == {"question": question.pk, "following": True}


@pytest.mark.parametrize(
    "header",
    ["Bearer csm_00000000_" + "x" * 43, "Bearer nonsense", "Bearer "],
)
def test_a_wrong_token_is_refused_even_for_public_reads(client, header):
    response = client.get("/api/v1/questions", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.json()["type"] == PROBLEMS + "unauthenticated"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_token_of_another_scheme_is_ignored_and_the_read_stays_anonymous(client):
    response = client.get("/api/v1/questions", headers={"Authorization": "Basic dXNlcjpwdw=="})
    assert response.status_code == 200


def test_a_deactivated_accounts_tokens_stop_working(client):
    user = UserFactory()
    secret = token_for(user)
    user.is_active = False
    user.save()
    assert client.get("/api/v1/notifications", headers=bearer(secret)).status_code == 401


def test_using_a_token_records_when_it_was_last_used(client):
    secret = token_for()
    assert ApiToken.objects.get().last_used_at is None
    client.get("/api/v1/questions", headers=bearer(secret))
    assert ApiToken.objects.get().last_used_at is not None


def test_deleting_the_account_deletes_its_tokens(client):
    user = UserFactory()
    token_for(user)
    user.delete()
    assert not ApiToken.objects.exists()


def test_creating_a_token_asks_for_the_password(client):
    user = UserFactory()
    client.force_login(user)
    for password in ("", "not my password"):
        response = client.post(
            reverse("web:api-tokens"),
            {"name": "Stolen session", "scope": "read-write", "password": password},
        )
        assert response.status_code == 200
        assert "your password" in response.content.decode().lower()
        assert 'value="Stolen session"' in response.content.decode()
    assert not ApiToken.objects.exists()


def test_changing_the_password_revokes_every_token(client):
    user = UserFactory()
    secret = token_for(user)
    client.force_login(user)
    client.post(
        reverse("web:password-change"),
        {
            "old_password": PASSWORD,
            "new_password1": "another solid phrase 12",
            "new_password2": "another solid phrase 12",
        },
    )
    user.refresh_from_db()
    assert user.check_password("another solid phrase 12")
    assert not ApiToken.objects.filter(user=user).exists()
    assert client.get("/api/v1/notifications", headers=bearer(secret)).status_code == 401


def test_resetting_the_password_revokes_every_token(client, mailoutbox):
    user = UserFactory(username="reset@example.com", email="reset@example.com")
    other = token_for()
    secret = token_for(user)
    client.post(reverse("web:password-reset"), {"email": "reset@example.com"})
    link = next(line for line in mailoutbox[0].body.splitlines() if "/reset/" in line)
    form = client.get("/" + link.split("://", 1)[1].split("/", 1)[1], follow=True)
    client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "fresh meadow 77 kite", "new_password2": "fresh meadow 77 kite"},
    )
    user.refresh_from_db()
    assert user.check_password("fresh meadow 77 kite")
    assert client.get("/api/v1/notifications", headers=bearer(secret)).status_code == 401
    assert client.get("/api/v1/notifications", headers=bearer(other)).status_code == 200
