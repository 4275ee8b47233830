"""Applying to answer as a doctor, and applying again after a rejection."""

import pytest

from consilium.accounts.models import Role
from consilium.accounts.tests.factories import UserFactory
from consilium.doctors.models import DoctorProfile, VerificationStatus
from consilium.doctors.services import ApplicationError, apply_as_doctor
from consilium.doctors.tests.factories import DoctorFactory
from consilium.doctors.tests.helpers import snapshot

pytestmark = pytest.mark.django_db

CREDENTIALS = {
    "display_name": "Dr. Ada Lind",
    "specialty": "Dermatology",
    "board_certification": "American Board of Dermatology",
    "licence_number": "NY-204",
    "jurisdiction": "New York, US",
}


def test_it_records_a_pending_application():
    user = UserFactory()

    profile = apply_as_doctor(user=user, **CREDENTIALS)

    profile.refresh_from_db()
    user.refresh_from_db()
    assert profile.user == user
    assert profile.verification_status == VerificationStatus.PENDING
    assert profile.licence_number == "NY-204"
    assert profile.slug == "dr-ada-lind"
    assert user.role == Role.PATIENT  # answering waits for a moderator


def test_it_gives_each_doctor_a_slug_of_their_own():
    DoctorFactory(slug="dr-ada-lind")

    profile = apply_as_doctor(user=UserFactory(), **CREDENTIALS)

    profile.refresh_from_db()
    assert profile.slug == "dr-ada-lind-2"


def test_it_never_takes_a_slug_that_names_a_page():
    profile = apply_as_doctor(user=UserFactory(), **{**CREDENTIALS, "display_name": "Apply"})

    profile.refresh_from_db()
    assert profile.slug == "apply-2"


def test_it_takes_a_corrected_application_after_a_rejection():
    profile = DoctorFactory(
        verification_status=VerificationStatus.REJECTED,
        decision_reason="The licence number does not match the register.",
        licence_number="NY-1",
    )

    again = apply_as_doctor(user=profile.user, **CREDENTIALS)

    profile.refresh_from_db()
    assert again.pk == profile.pk
    assert profile.verification_status == VerificationStatus.PENDING
    assert profile.licence_number == "NY-204"
    assert profile.decision_reason == ""
    assert DoctorProfile.objects.count() == 1


@pytest.mark.parametrize(
    "status",
    [VerificationStatus.PENDING, VerificationStatus.VERIFIED, VerificationStatus.REVOKED],
)
def test_it_refuses_a_second_application_unless_rejected(status):
    profile = DoctorFactory(verification_status=status)
    before = snapshot(profile)

    with pytest.raises(ApplicationError, match="applied already"):
        apply_as_doctor(user=profile.user, **CREDENTIALS)

    assert snapshot(profile) == before
