"""The doctor's public profile page."""

import pytest
from django.urls import reverse

from consilium.qa.tests.factories import AnswerFactory

pytestmark = pytest.mark.django_db


def test_it_shows_credentials_and_answers(client, django_assert_num_queries):
    answer = AnswerFactory(
        title="Start with a patch test", doctor__licence_number="MA-778812",
        doctor__board_certification="American Board of Dermatology",
    )  # fmt: skip
    with django_assert_num_queries(2):
        page = client.get(answer.doctor.get_absolute_url()).content.decode()
    assert "MA-778812" in page
    assert "American Board of Dermatology" in page
    assert "Start with a patch test" in page


def test_it_never_shows_the_doctors_account_email(client):
    answer = AnswerFactory(doctor__user__email="private@clinic.test")
    page = client.get(answer.doctor.get_absolute_url()).content.decode()
    assert "private@clinic.test" not in page


def test_it_answers_404_for_an_unknown_doctor(client):
    assert client.get(reverse("web:doctor", kwargs={"slug": "nobody"})).status_code == 404
