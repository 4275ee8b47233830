"""The question page: the question, its consensus panel and every answer."""

import pytest
from django.urls import reverse

from consilium.consensus.services import refresh_consensus
from consilium.doctors.models import VerificationStatus
from consilium.qa.models import Verdict
from consilium.qa.tests.factories import AnswerFactory, QuestionFactory
from consilium.search.services import embed_questions

pytestmark = pytest.mark.django_db


def test_it_shows_each_answer_with_title_doctor_specialty_and_badge(client):
    answer = AnswerFactory(
        title="Sunscreen first", body="Daily **SPF 30** does most of the work.",
        doctor__display_name="Dr. Ines Varga", doctor__specialty="Dermatology",
    )  # fmt: skip
    page = client.get(answer.question.get_absolute_url()).content.decode()
    assert "Sunscreen first" in page
    assert "<strong>SPF 30</strong>" in page
    assert "Dr. Ines Varga" in page
    assert "Dermatology" in page
    assert "Verified" in page


def test_it_marks_answers_of_doctors_no_longer_verified(client):
    answer = AnswerFactory(doctor__verification_status=VerificationStatus.REVOKED)
    page = client.get(answer.question.get_absolute_url()).content.decode()
    assert "No longer verified" in page


def test_it_shows_the_asker_by_handle_only(client):
    question = QuestionFactory(
        asker__handle="misty-lark-301", asker__email="real@name.test", asker__first_name="Realname"
    )
    page = client.get(question.get_absolute_url()).content.decode()
    assert "misty-lark-301" in page
    assert "real@name.test" not in page
    assert "Realname" not in page


def test_it_escapes_scripts_in_user_markdown(client):
    question = QuestionFactory(body="<script>alert(1)</script> [x](javascript:alert(2))")
    page = client.get(question.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page
    assert 'href="javascript:' not in page


def test_it_redirects_a_wrong_slug_to_the_right_one(client):
    question = QuestionFactory(title="Retinol at night?")
    response = client.get(reverse("web:question", kwargs={"pk": question.pk, "slug": "old"}))
    assert response.status_code == 301
    assert response["Location"] == question.get_absolute_url()


def test_it_answers_404_for_an_unknown_question(client):
    response = client.get(reverse("web:question", kwargs={"pk": 999999, "slug": "x"}))
    assert response.status_code == 404


def test_it_opens_with_the_consensus_panel_once_two_doctors_answered(client):
    question = QuestionFactory()
    AnswerFactory(question=question, verdict=Verdict.RECOMMEND)
    AnswerFactory(question=question, verdict=Verdict.NOT_RECOMMENDED)
    refresh_consensus(question.pk)
    page = client.get(question.get_absolute_url()).content.decode()
    assert "What the doctors say" in page
    assert page.index("What the doctors say") < page.index('class="answer"')


def test_it_has_no_panel_for_a_single_answer(client):
    answer = AnswerFactory()
    refresh_consensus(answer.question_id)
    page = client.get(answer.question.get_absolute_url()).content.decode()
    assert "What the doctors say" not in page


@pytest.mark.parametrize("answer_count", [1, 50])
def test_it_runs_the_same_number_of_queries_for_1_or_50_answers(
    client, django_assert_num_queries, answer_count
):
    question = QuestionFactory()
    for _ in range(answer_count):
        AnswerFactory(question=question)
    refresh_consensus(question.pk)
    # Embedded, with another answered question beside it, so "Related questions" takes its
    # full path whatever earlier tests left in the process's vector index.
    other = QuestionFactory()
    AnswerFactory(question=other)
    embed_questions([question.pk, other.pk])
    # question with asker, consensus and trial; its topics, updates, answers with doctors,
    # who agreed with them;
    # related questions: new vectors since the last request, then the candidates; their
    # doctors' leanings
    with django_assert_num_queries(8):
        response = client.get(question.get_absolute_url())
    assert response.content.decode().count('class="answer"') == answer_count


def _actions(client, question) -> str:
    page = client.get(question.get_absolute_url()).content.decode()
    return page.split('class="post-actions"', 1)[1].split("</div>", 1)[0]


def test_it_offers_readers_their_own_question_not_an_answer(client):
    from consilium.accounts.tests.factories import UserFactory

    question = AnswerFactory().question
    assert "Ask your own question" in _actions(client, question)
    client.force_login(UserFactory())
    actions = _actions(client, question)
    assert "Ask your own question" in actions
    assert reverse("web:answer", args=[question.pk]) not in actions


def test_it_offers_a_verified_doctor_to_answer_until_they_have(client):
    from consilium.doctors.tests.factories import DoctorFactory

    question = QuestionFactory()
    doctor = DoctorFactory()
    client.force_login(doctor.user)
    assert f'href="{reverse("web:answer", args=[question.pk])}">Answer<' in _actions(
        client, question
    )
    answer = AnswerFactory(question=question, doctor=doctor)
    actions = _actions(client, question)
    assert f'href="{reverse("web:edit-answer", args=[answer.pk])}">Edit your answer<' in actions
    assert reverse("web:answer", args=[question.pk]) not in actions
