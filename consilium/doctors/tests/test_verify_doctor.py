"""A moderator verifying a doctor: they may answer, and their answers count."""

import pytest

from consilium.accounts.models import Role
from consilium.accounts.tests.factories import UserFactory
from consilium.consensus.models import QuestionConsensus
from consilium.doctors.models import VerificationStatus
from consilium.doctors.services import verify_doctor
from consilium.doctors.tests.factories import DoctorFactory
from consilium.moderation.models import AuditEntry
from consilium.qa.tests.factories import AnswerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator():
    return UserFactory(role=Role.MODERATOR, handle="mod")


@pytest.fixture
def applicant():
    return DoctorFactory(verification_status=VerificationStatus.PENDING, user__role=Role.PATIENT)


def test_it_verifies_the_doctor(applicant, moderator):
    verify_doctor(applicant, moderator=moderator)

    applicant.refresh_from_db()
    assert applicant.verification_status == VerificationStatus.VERIFIED
    assert applicant.verified_at is not None
    assert applicant.decided_at == applicant.verified_at


def test_it_makes_the_patient_a_doctor(applicant, moderator):
    verify_doctor(applicant, moderator=moderator)

    applicant.user.refresh_from_db()
    assert applicant.user.role == Role.DOCTOR


def test_it_keeps_a_moderators_role(moderator):
    profile = DoctorFactory(verification_status=VerificationStatus.PENDING, user=moderator)

    verify_doctor(profile, moderator=moderator)

    moderator.refresh_from_db()
    assert moderator.role == Role.MODERATOR


def test_it_writes_the_audit_log(applicant, moderator):
    verify_doctor(applicant, moderator=moderator)

    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.actor_name, entry.action) == (moderator, "mod", "verify_doctor")
    assert (entry.target_type, entry.target_id) == ("doctorprofile", applicant.pk)


def test_it_writes_no_audit_entry_without_a_moderator(applicant):
    verify_doctor(applicant)  # the demo content and imports verify their own doctors

    applicant.refresh_from_db()
    assert applicant.verification_status == VerificationStatus.VERIFIED
    assert not AuditEntry.objects.exists()


def test_it_tells_the_doctor_once_committed(
    applicant, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        verify_doctor(applicant, moderator=moderator)

    assert [mail.to for mail in mailoutbox] == [[applicant.user.email]]
    assert "verified" in mailoutbox[0].subject


def test_it_counts_their_answers_in_the_consensus(
    applicant, moderator, django_capture_on_commit_callbacks
):
    answer = AnswerFactory(doctor=applicant, verdict="recommend")

    with django_capture_on_commit_callbacks(execute=True):
        verify_doctor(applicant, moderator=moderator)

    consensus = QuestionConsensus.objects.get(question=answer.question)
    assert consensus.result["tally"]["recommend"] == 1
