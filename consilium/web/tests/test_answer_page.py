"""The answer form: only verified doctors answer; everyone else is told why."""

import pytest
from django.urls import reverse

from consilium.accounts.tests.factories import UserFactory
from consilium.doctors.models import VerificationStatus
from consilium.doctors.tests.factories import DoctorFactory
from consilium.qa.models import Answer
from consilium.qa.tests.factories import AnswerFactory, QuestionFactory

pytestmark = pytest.mark.django_db

ANSWER = {"title": "Try a retinoid first", "body": "Nightly tretinoin helps.", "verdict": "depends"}


@pytest.mark.parametrize(
    ("who", "explanation"),
    [
        ("patient", "apply with your credentials"),
        ("pending", "Your application is being reviewed"),
        ("rejected", "Your application was not approved"),
        ("revoked", "Your verification was revoked"),
    ],
)
def test_who_may_not_answer_gets_a_page_saying_why(client, who, explanation):
    question = QuestionFactory()
    if who == "patient":
        client.force_login(UserFactory())
    elif who != "anonymous":
        client.force_login(DoctorFactory(verification_status=who).user)
    for response in (
        client.get(reverse("web:answer", args=[question.pk])),
        client.post(reverse("web:answer", args=[question.pk]), ANSWER),
    ):
        assert response.status_code == 403
        assert explanation in response.content.decode()
    assert not Answer.objects.exists()


def test_a_verified_doctor_answers_with_title_body_and_verdict(client):
    doctor = DoctorFactory(verification_status=VerificationStatus.VERIFIED)
    question = QuestionFactory()
    client.force_login(doctor.user)
    response = client.post(reverse("web:answer", args=[question.pk]), ANSWER)
    answer = Answer.objects.get()
    assert response["Location"].endswith(f"#answer-{answer.pk}")
    assert (answer.title, answer.verdict, answer.doctor) == (
        "Try a retinoid first", "depends", doctor,
    )  # fmt: skip


def test_a_missing_verdict_is_reported_and_the_text_kept(client):
    doctor = DoctorFactory()
    client.force_login(doctor.user)
    question = QuestionFactory()
    response = client.post(reverse("web:answer", args=[question.pk]), {**ANSWER, "verdict": ""})
    page = response.content.decode()
    assert "This field is required." in page
    assert "Nightly tretinoin helps." in page
    assert not Answer.objects.exists()


def test_a_doctor_answers_a_question_once(client):
    existing = AnswerFactory()
    client.force_login(existing.doctor.user)
    response = client.post(reverse("web:answer", args=[existing.question.pk]), ANSWER)
    assert "You have already answered this question" in response.content.decode()
    assert Answer.objects.count() == 1


def test_new_accounts_are_limited_in_how_fast_they_post(client, settings):
    settings.NEW_ACCOUNT_POSTS_PER_HOUR = 1
    doctor = DoctorFactory()
    client.force_login(doctor.user)
    client.post(reverse("web:answer", args=[QuestionFactory().pk]), ANSWER)
    response = client.post(reverse("web:answer", args=[QuestionFactory().pk]), ANSWER)
    page = response.content.decode()
    assert "New accounts can post up to 1 questions, answers and reports an hour" in page
    assert "Nightly tretinoin helps." in page
    assert Answer.objects.count() == 1


def test_the_form_shows_the_other_answers_with_agree_in_place(client):
    other = AnswerFactory(title="Sunscreen does most of the work")
    doctor = DoctorFactory()
    client.force_login(doctor.user)
    url = reverse("web:answer", args=[other.question.pk])
    page = client.get(url).content.decode()
    assert "What other doctors said (1)" in page
    assert "Sunscreen does most of the work" in page
    assert f'action="{reverse("web:agree", args=[other.pk])}"' in page
    assert f'name="next" value="{url}"' in page
    # Without JavaScript, agreeing comes back to the form.
    response = client.post(reverse("web:agree", args=[other.pk]), {"agree": "1", "next": url})
    assert response["Location"] == url
    other.refresh_from_db()
    assert other.agree_count == 1


def test_the_preview_button_shows_the_answer_without_posting_it(client):
    question = QuestionFactory()
    client.force_login(DoctorFactory().user)
    response = client.post(
        reverse("web:answer", args=[question.pk]),
        {**ANSWER, "body": "Nightly **tretinoin** helps most people.", "preview": "1"},
    )
    assert response.status_code == 200
    assert "<strong>tretinoin</strong>" in response.content.decode()
    assert not Answer.objects.exists()


def test_previewing_an_edit_saves_nothing(client):
    answer = AnswerFactory(body="The first version of this answer.")
    client.force_login(answer.doctor.user)
    client.post(
        reverse("web:edit-answer", args=[answer.pk]),
        {**ANSWER, "body": "A **changed** version of the answer.", "preview": "1"},
    )
    answer.refresh_from_db()
    assert answer.body == "The first version of this answer."


def test_a_signed_out_visitor_signs_in_and_comes_back_to_the_form(client):
    question = QuestionFactory()
    url = reverse("web:answer", args=[question.pk])
    response = client.get(url)
    assert response["Location"] == f"{reverse('web:login')}?next={url}"
    doctor = DoctorFactory()
    signed_in = client.post(
        response["Location"],
        {"username": doctor.user.email, "password": "correct horse battery staple", "next": url},
    )
    assert signed_in["Location"] == url
