"""A verified doctor's home: questions waiting in their field, their answers, what they follow."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from consilium.accounts.tests.factories import UserFactory
from consilium.doctors.models import VerificationStatus
from consilium.doctors.tests.factories import DoctorFactory
from consilium.qa.models import Agreement
from consilium.qa.services import set_following
from consilium.qa.tests.factories import AnswerFactory, QuestionFactory
from consilium.topics.models import Topic

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def _topic(slug: str) -> Topic:
    return Topic.objects.create(slug=slug, name=slug.title(), kind="treatment")


def test_it_lists_questions_waiting_in_the_doctors_field(client):
    peels, implants = _topic("home-peels"), _topic("home-implants")
    colleague = DoctorFactory(specialty="Dermatology")
    AnswerFactory(doctor=colleague).question.topics.add(peels)
    on_peels = QuestionFactory(title="Waiting about peels")
    on_peels.topics.add(peels)
    QuestionFactory(title="Waiting about implants").topics.add(implants)
    doctor = DoctorFactory(specialty="dermatology")
    client.force_login(doctor.user)
    response = client.get(reverse("web:doctor-home"))
    assert [q.title for q in response.context["desk"].waiting] == ["Waiting about peels"]
    page = response.content.decode()
    assert "Waiting in your field" in page
    assert f'href="{reverse("web:answer", args=[on_peels.pk])}"' in page


def test_it_shows_every_waiting_question_when_none_is_in_the_field(client):
    QuestionFactory(title="Anything waiting")
    client.force_login(DoctorFactory(specialty="Plastic surgery").user)
    page = client.get(reverse("web:doctor-home")).content.decode()
    assert "Waiting for a doctor" in page
    assert "Anything waiting" in page


def test_it_lists_the_doctors_answers_with_who_agreed_and_what_they_follow(client):
    doctor = DoctorFactory()
    answer = AnswerFactory(doctor=doctor)
    colleague = DoctorFactory(display_name="Dr. Agreeing Colleague")
    Agreement.objects.create(answer=answer, doctor=colleague)
    answer.agree_count = 1
    answer.save()
    followed = QuestionFactory(title="A question followed")
    set_following(question=followed, user=doctor.user, follow=True)
    client.force_login(doctor.user)
    page = client.get(reverse("web:doctor-home")).content.decode()
    assert answer.question.title in page
    assert "1 doctor agrees" in page
    assert "<summary>Who agrees</summary>" in page
    assert "Dr. Agreeing Colleague" in page
    assert "A question followed" in page


def test_a_newly_verified_doctor_is_welcomed(client):
    doctor = DoctorFactory(verified_at=timezone.now() - timedelta(days=1))
    client.force_login(doctor.user)
    assert "You are verified: welcome" in client.get(reverse("web:doctor-home")).content.decode()
    doctor.verified_at = timezone.now() - timedelta(days=60)
    doctor.save()
    assert "You are verified" not in client.get(reverse("web:doctor-home")).content.decode()


@pytest.mark.parametrize("status", [VerificationStatus.PENDING, VerificationStatus.REVOKED])
def test_doctors_not_verified_are_told_why(client, status):
    client.force_login(DoctorFactory(verification_status=status).user)
    response = client.get(reverse("web:doctor-home"))
    assert response.status_code == 403


def test_a_patient_is_told_how_to_apply(client):
    client.force_login(UserFactory())
    response = client.get(reverse("web:doctor-home"))
    assert response.status_code == 403
    assert "Apply as a doctor" in response.content.decode()


def test_a_verified_doctor_lands_on_their_home_after_sign_in(client):
    doctor = DoctorFactory()
    response = client.post(
        reverse("web:login"), {"username": doctor.user.email, "password": PASSWORD}
    )
    assert response["Location"] == reverse("web:doctor-home")


def test_the_menu_shows_the_doctors_name_and_their_home(client):
    doctor = DoctorFactory(display_name="Dr. Menu Name")
    client.force_login(doctor.user)
    page = client.get(reverse("web:home")).content.decode()
    assert f'href="{reverse("web:account")}">Dr. Menu Name</a>' in page
    assert f'href="{reverse("web:doctor-home")}">Your questions</a>' in page


@pytest.mark.parametrize("rows", [1, 5])
def test_the_doctors_home_runs_a_fixed_number_of_queries(client, django_assert_num_queries, rows):
    doctor = DoctorFactory()
    for _ in range(rows):
        set_following(question=AnswerFactory(doctor=doctor).question, user=doctor.user, follow=True)
        QuestionFactory()
    client.force_login(doctor.user)
    # user with profile (the session comes from its cache); waiting in the field (none), every
    # waiting question and their topics, answers and who agreed, followed questions, their
    # leanings; the header's count
    with django_assert_num_queries(9):
        client.get(reverse("web:doctor-home"))


def test_answer_cards_say_where_the_doctor_is_licensed_and_who_agreed(client):
    answer = AnswerFactory(doctor=DoctorFactory(jurisdiction="Ontario, Canada"))
    colleague = DoctorFactory(display_name="Dr. Second Opinion")
    Agreement.objects.create(answer=answer, doctor=colleague)
    page = client.get(answer.question.get_absolute_url()).content.decode()
    assert "· Ontario, Canada</span>" in page
    assert "Dr. Second Opinion" in page.split("<summary>Who agrees</summary>", 1)[1]
