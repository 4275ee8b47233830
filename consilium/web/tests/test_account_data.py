"""People can download all their data and delete their account."""

import json

import pytest
from django.urls import reverse

from consilium.accounts.models import User
from consilium.accounts.tests.factories import UserFactory
from consilium.qa.tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db


def test_the_download_holds_the_persons_own_data(client):
    user = UserFactory(email="own@example.com", handle="gentle-swan-5")
    QuestionFactory(asker=user, title="My own question")
    QuestionFactory(title="Someone else's question")
    client.force_login(user)
    response = client.get(reverse("web:export-data"))
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == "own@example.com"
    assert data["account"]["handle"] == "gentle-swan-5"
    assert [q["title"] for q in data["questions"]] == ["My own question"]


def test_deleting_keeps_questions_shown_as_by_deleted_user(client):
    user = UserFactory(email="leaving@example.com", handle="brave-wren-12")
    question = QuestionFactory(asker=user, title="Does tretinoin thin the skin?")
    client.force_login(user)
    client.post(reverse("web:delete-account"), {"password": "correct horse battery staple"})
    assert not User.objects.filter(pk=user.pk).exists()
    page = client.get(question.get_absolute_url()).content.decode()
    assert "Does tretinoin thin the skin?" in page
    assert "deleted user" in page
    assert "brave-wren-12" not in page
    assert "leaving@example.com" not in page


def test_deleting_needs_the_password(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("web:delete-account"), {"password": "wrong"})
    assert "That is not your password." in response.content.decode()
    assert User.objects.filter(pk=user.pk).exists()
