"""The doctor's public profile page."""

import pytest
from django.urls import reverse

from consilium.accounts.models import Role
from consilium.accounts.tests.factories import UserFactory
from consilium.doctors.models import VerificationStatus
from consilium.doctors.tests.factories import DoctorFactory
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


@pytest.mark.parametrize("status", [VerificationStatus.PENDING, VerificationStatus.REJECTED])
def test_it_hides_an_application_that_is_not_verified(client, status):
    applicant = DoctorFactory(verification_status=status)
    assert client.get(applicant.get_absolute_url()).status_code == 404
    client.force_login(UserFactory())
    assert client.get(applicant.get_absolute_url()).status_code == 404


def test_the_applicant_and_moderators_see_an_application_under_review(client):
    applicant = DoctorFactory(verification_status=VerificationStatus.PENDING)
    client.force_login(applicant.user)
    assert client.get(applicant.get_absolute_url()).status_code == 200
    client.force_login(UserFactory(role=Role.MODERATOR))
    assert client.get(applicant.get_absolute_url()).status_code == 200


def test_a_revoked_doctors_profile_stays_public_beside_their_answers(client):
    answer = AnswerFactory(doctor__verification_status=VerificationStatus.REVOKED)
    assert client.get(answer.doctor.get_absolute_url()).status_code == 200
