"""Answers over the API: only verified doctors answer, edit their own and agree with others."""

from datetime import timedelta

import pytest
from django.utils import timezone

from consilium.accounts.models import Notification
from consilium.accounts.tests.factories import UserFactory
from consilium.api.tests.factories import bearer, token_for
from consilium.doctors.models import VerificationStatus
from consilium.doctors.tests.factories import DoctorFactory
from consilium.qa.models import Agreement, Answer, Follow, HelpfulMark
from consilium.qa.tests.factories import AnswerFactory, QuestionFactory

pytestmark = pytest.mark.django_db
PROBLEMS = "https://consilium.example/problems/"
ANSWER = {
    "title": "It helps rolling scars a little",
    "body": "Three to six sessions a month apart soften rolling scars for most people.",
    "verdict": "depends",
    "references": ["PMID: 12345678", "https://example.org/study"],
}


def verified_doctor():
    return DoctorFactory(user__date_joined=timezone.now() - timedelta(days=30))


def test_a_verified_doctor_answers_and_followers_are_told(
    client, django_capture_on_commit_callbacks
):
    question = QuestionFactory()
    Follow.objects.create(question=question, user=question.asker)
    doctor = verified_doctor()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/api/v1/questions/{question.pk}/answers",
            ANSWER,
            content_type="application/json",
            headers=bearer(token_for(doctor.user)),
        )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["doctor"]["slug"] == doctor.slug
    assert body["references"] == ["PMID:12345678", "https://example.org/study"]
    assert Answer.objects.get(pk=body["id"]).doctor == doctor
    assert Notification.objects.filter(recipient=question.asker).count() == 1


@pytest.mark.parametrize(
    ("status", "detail"),
    [
        (VerificationStatus.PENDING, "being reviewed"),
        (VerificationStatus.REVOKED, "revoked"),
        (VerificationStatus.REJECTED, "not approved"),
    ],
)
def test_a_doctor_who_is_not_verified_may_not_answer(client, status, detail):
    doctor = DoctorFactory(verification_status=status)
    response = client.post(
        f"/api/v1/questions/{QuestionFactory().pk}/answers",
        ANSWER,
        content_type="application/json",
        headers=bearer(token_for(doctor.user)),
    )
    assert response.status_code == 403
    assert response.json()["type"] == PROBLEMS + "forbidden"
    assert detail in response.json()["detail"]
    assert not Answer.objects.exists()


def test_a_patient_may_not_answer(client):
    response = client.post(
        f"/api/v1/questions/{QuestionFactory().pk}/answers",
        ANSWER,
        content_type="application/json",
        headers=bearer(token_for(UserFactory())),
    )
    assert response.status_code == 403
    assert not Answer.objects.exists()


def test_answering_twice_is_a_conflict(client):
    answer = AnswerFactory(doctor=verified_doctor())
    response = client.post(
        f"/api/v1/questions/{answer.question.pk}/answers",
        ANSWER,
        content_type="application/json",
        headers=bearer(token_for(answer.doctor.user)),
    )
    assert response.status_code == 409
    assert "already answered" in response.json()["detail"]
    assert list(Answer.objects.all()) == [answer]
    answer.refresh_from_db()
    assert answer.title.startswith("Answer headline")


def test_answer_fields_are_checked_by_the_answer_forms_rules(client):
    response = client.post(
        f"/api/v1/questions/{QuestionFactory().pk}/answers",
        {**ANSWER, "verdict": "not_stated", "references": ["ftp://nope"]},
        content_type="application/json",
        headers=bearer(token_for(verified_doctor().user)),
    )
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"verdict", "references"}
    assert not Answer.objects.exists()


def test_the_doctor_edits_their_answer(client):
    answer = AnswerFactory(doctor=verified_doctor())
    response = client.patch(
        f"/api/v1/answers/{answer.pk}",
        {"verdict": "recommend"},
        content_type="application/json",
        headers=bearer(token_for(answer.doctor.user)),
    )
    assert response.status_code == 200, response.content
    answer.refresh_from_db()
    assert answer.verdict == "recommend"
    assert answer.title.startswith("Answer headline")


def test_nobody_else_edits_an_answer(client):
    answer = AnswerFactory()
    for user in (UserFactory(), verified_doctor().user):
        response = client.patch(
            f"/api/v1/answers/{answer.pk}",
            {"verdict": "recommend"},
            content_type="application/json",
            headers=bearer(token_for(user)),
        )
        assert response.status_code == 403
    answer.refresh_from_db()
    assert answer.verdict == "depends"


def test_a_stranger_is_refused_before_their_text_is_checked(client):
    answer = AnswerFactory()
    response = client.patch(
        f"/api/v1/answers/{answer.pk}",
        {"title": "", "body": ""},
        content_type="application/json",
        headers=bearer(token_for(verified_doctor().user)),
    )
    assert response.status_code == 403
    answer.refresh_from_db()
    assert answer.title.startswith("Answer headline")
    assert answer.body


def test_a_revoked_doctor_can_no_longer_edit(client):
    answer = AnswerFactory(doctor=DoctorFactory(verification_status=VerificationStatus.REVOKED))
    response = client.patch(
        f"/api/v1/answers/{answer.pk}",
        {"verdict": "recommend"},
        content_type="application/json",
        headers=bearer(token_for(answer.doctor.user)),
    )
    assert response.status_code == 403
    answer.refresh_from_db()
    assert answer.verdict == "depends"


def test_doctors_agree_with_others_but_not_themselves(client):
    answer = AnswerFactory()
    other = bearer(token_for(verified_doctor().user))
    agreed = client.put(f"/api/v1/answers/{answer.pk}/agreement", headers=other)
    assert agreed.json() == {"answer": answer.pk, "agreed": True, "agree_count": 1}
    withdrawn = client.delete(f"/api/v1/answers/{answer.pk}/agreement", headers=other)
    assert withdrawn.json()["agree_count"] == 0
    own = client.put(
        f"/api/v1/answers/{answer.pk}/agreement", headers=bearer(token_for(answer.doctor.user))
    )
    assert own.status_code == 403
    assert own.json()["detail"] == "You cannot agree with your own answer."
    patient = client.put(f"/api/v1/answers/{answer.pk}/agreement", headers=bearer(token_for()))
    assert patient.status_code == 403
    assert not Agreement.objects.exists()


def test_readers_mark_answers_helpful(client):
    answer = AnswerFactory()
    headers = bearer(token_for())
    assert client.put(f"/api/v1/answers/{answer.pk}/helpful", headers=headers).json() == {
        "answer": answer.pk,
        "helpful": True,
        "helpful_count": 1,
    }
    client.put(f"/api/v1/answers/{answer.pk}/helpful", headers=headers)
    assert HelpfulMark.objects.count() == 1
    client.delete(f"/api/v1/answers/{answer.pk}/helpful", headers=headers)
    assert not HelpfulMark.objects.exists()


def test_a_hidden_answer_is_read_by_moderators_only(client):
    answer = AnswerFactory(is_hidden=True)
    assert client.get(f"/api/v1/answers/{answer.pk}").status_code == 404
    assert (
        client.put(f"/api/v1/answers/{answer.pk}/helpful", headers=bearer(token_for())).status_code
        == 404
    )


def test_reading_an_answer_runs_one_query(client, django_assert_num_queries):
    answer = AnswerFactory()
    with django_assert_num_queries(1):
        body = client.get(f"/api/v1/answers/{answer.pk}").json()
    assert body["id"] == answer.pk
    assert body["doctor"]["slug"] == answer.doctor.slug


def test_a_doctor_cannot_mark_their_own_answer_helpful_through_the_api(client):
    answer = AnswerFactory()
    response = client.put(
        f"/api/v1/answers/{answer.pk}/helpful", headers=bearer(token_for(answer.doctor.user))
    )
    assert response.status_code == 403
    assert "own answer" in response.json()["detail"]
    answer.refresh_from_db()
    assert answer.helpful_count == 0
