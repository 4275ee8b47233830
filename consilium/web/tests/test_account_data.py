"""People can download all their data and delete their account."""

import json

import pytest
from django.urls import reverse

from consilium.accounts.models import NotificationKind, User
from consilium.accounts.notifications import notify
from consilium.accounts.services import set_notification_preferences
from consilium.accounts.tests.factories import UserFactory
from consilium.api.services import create_token
from consilium.doctors.models import RegistryCheck, RegistryOutcome, VerificationStatus
from consilium.doctors.services import add_application_documents
from consilium.doctors.tests.factories import DoctorFactory
from consilium.doctors.tests.helpers import PDF, upload
from consilium.outcomes.tests.factories import (
    OutcomePhotoFactory,
    OutcomeReportFactory,
    TrialFactory,
)
from consilium.qa.services import post_question_update, set_following, set_helpful
from consilium.qa.tests.factories import AnswerFactory, QuestionFactory

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


def test_the_download_holds_everything_kept_about_the_person_and_no_token_secret(client):
    user = UserFactory()
    question = QuestionFactory(asker=user, title="Red light for rosacea?")
    trial = TrialFactory(question=question, patient=user, description="a red-light mask")
    post_question_update(question=question, author=user, body="Week four: less flushing.")
    report = OutcomeReportFactory(patient=user, topic=trial.topic, trial=trial, text="It helped.")
    photo = OutcomePhotoFactory(report=report)
    followed = QuestionFactory(title="Azelaic acid or metronidazole?")
    set_following(question=followed, user=user, follow=True)
    answer = AnswerFactory(question=followed)
    set_helpful(answer=answer, user=user, helpful=True)
    set_notification_preferences(user, {NotificationKind.QUESTION_UPDATED: "weekly"})
    notify([user], kind=NotificationKind.NEW_ANSWER, text="A doctor answered", url="/q/1/")
    token = create_token(user=user, name="My script", scope="read")
    OutcomeReportFactory(text="Someone else's report.")
    client.force_login(user)

    response = client.get(reverse("web:export-data"))

    data = json.loads(response.content)
    assert [r["text"] for r in data["outcome_reports"]] == ["It helped."]
    assert [p["name"] for p in data["outcome_reports"][0]["photos"]] == [photo.name]
    assert [t["description"] for t in data["trials"]] == ["a red-light mask"]
    assert [u["body"] for u in data["question_updates"]] == ["Week four: less flushing."]
    assert [f["question"] for f in data["follows"]] == [followed.pk]
    assert [h["answer"] for h in data["helpful_marks"]] == [answer.pk]
    assert [n["text"] for n in data["notifications"]] == ["A doctor answered"]
    assert data["email_choices"][NotificationKind.QUESTION_UPDATED] == "weekly"
    assert [(t["name"], t["scope"]) for t in data["api_tokens"]] == [("My script", "read")]
    assert token.secret not in response.content.decode()
    assert token.token.digest not in response.content.decode()


def test_an_applicants_download_lists_their_documents_and_registry_checks(
    client, settings, tmp_path
):
    settings.DOCUMENT_ROOT = tmp_path
    profile = DoctorFactory(verification_status=VerificationStatus.PENDING)
    (document,) = add_application_documents(user=profile.user, documents=[upload(PDF, "id.pdf")])
    RegistryCheck.objects.create(
        profile=profile,
        registry="nppes",
        queried_at=document.uploaded_at,
        outcome=RegistryOutcome.PARTIAL,
        matched_fields={"name": True, "licence": False},
    )
    client.force_login(profile.user)
    data = json.loads(client.get(reverse("web:export-data")).content)["doctor_profile"]
    assert [(d["name"], d["type"], d["download"]) for d in data["documents"]] == [
        ("id.pdf", "application/pdf", reverse("web:application-document", args=[document.pk]))
    ]
    assert [(c["registry"], c["outcome"], c["matched"]) for c in data["registry_checks"]] == [
        ("NPPES", "partial", {"name": True, "licence": False})
    ]
