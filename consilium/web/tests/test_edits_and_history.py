"""Edits of questions and answers keep revisions, shown as a readable history."""

import pytest
from django.urls import reverse

from consilium.accounts.tests.factories import UserFactory
from consilium.doctors.tests.factories import DoctorFactory
from consilium.qa.models import Revision
from consilium.qa.services import ask_question, post_answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def question():
    return ask_question(
        asker=UserFactory(),
        title="Is a TCA peel safe for dark skin?",
        body="My skin is type V. I worry about dark spots after a peel.",
    )


def test_the_asker_edits_and_the_history_shows_what_changed(client, question):
    client.force_login(question.asker)
    client.post(
        reverse("web:edit-question", args=[question.pk]),
        {
            "title": "Is a TCA peel safe for type V skin?",
            "body": "My skin is type V. I worry about dark patches after a peel.",
            "topics": "",
        },
    )
    question.refresh_from_db()
    assert question.title == "Is a TCA peel safe for type V skin?"
    assert Revision.objects.filter(question=question).count() == 2
    page = client.get(reverse("web:history", args=["question", question.pk])).content.decode()
    assert "<del>dark</del>" in page
    assert "<ins>type V</ins>" in page or "<ins>type</ins>" in page
    assert "<del>spots</del><ins>patches</ins>" in page


def test_only_the_asker_can_edit(client, question):
    client.force_login(UserFactory())
    response = client.post(
        reverse("web:edit-question", args=[question.pk]),
        {"title": "Hijacked question title", "body": "Hijacked body text here.", "topics": ""},
    )
    assert response.status_code == 403
    question.refresh_from_db()
    assert question.title == "Is a TCA peel safe for dark skin?"


def test_the_doctor_edits_their_answer_and_its_verdict(
    client, question, django_capture_on_commit_callbacks
):
    doctor = DoctorFactory()
    answer = post_answer(
        doctor=doctor, question=question, title="Test a small patch first",
        body="Medium-depth peels carry a real risk of dark patches on type V skin.",
        verdict="depends",
    )  # fmt: skip
    client.force_login(doctor.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("web:edit-answer", args=[answer.pk]),
            {
                "title": "Avoid medium-depth peels",
                "body": "Medium-depth peels carry a high risk of dark patches on type V skin.",
                "verdict": "not_recommended",
                "references": "PMID: 12345678\nhttps://example.org/peels",
            },
        )
    answer.refresh_from_db()
    assert answer.verdict == "not_recommended"
    assert answer.references == ["PMID:12345678", "https://example.org/peels"]
    page = client.get(reverse("web:history", args=["answer", answer.pk])).content.decode()
    assert "<del>real</del><ins>high</ins>" in page
    assert "verdict now <strong>not_recommended</strong>" in page
    assert question.consensus.result["answers"][0]["verdict"] == "not_recommended"


def test_another_doctor_cannot_edit_the_answer(client, question):
    answer = post_answer(
        doctor=DoctorFactory(), question=question, title="Original title",
        body="An answer that is long enough to pass.", verdict="depends",
    )  # fmt: skip
    client.force_login(DoctorFactory().user)
    response = client.get(reverse("web:edit-answer", args=[answer.pk]))
    assert response.status_code == 403
    response = client.post(
        reverse("web:edit-answer", args=[answer.pk]),
        {"title": "Taken over", "body": "Somebody else's words entirely.", "verdict": "recommend"},
    )
    assert response.status_code == 403
    answer.refresh_from_db()
    assert (answer.title, answer.verdict) == ("Original title", "depends")
    assert Revision.objects.filter(answer=answer).count() == 1  # the text as first posted


def test_a_bad_reference_is_reported_next_to_the_field(client, question):
    doctor = DoctorFactory()
    client.force_login(doctor.user)
    response = client.post(
        reverse("web:answer", args=[question.pk]),
        {
            "title": "Cite your sources",
            "body": "A long enough answer body for the form.",
            "verdict": "depends",
            "references": "https://example.org/ok\nsee my website",
        },
    )
    page = response.content.decode()
    assert "Line 2 (“see my website”) is neither a web address" in page
    assert "see my website" in page  # what was typed is kept
    assert not question.answers.exists()
