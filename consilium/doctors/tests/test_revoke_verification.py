"""A moderator revoking a doctor's verification: answers stay, marked, and stop counting."""

import pytest

from consilium.accounts.models import Role
from consilium.accounts.tests.factories import UserFactory
from consilium.consensus.models import QuestionConsensus
from consilium.consensus.services import refresh_consensus
from consilium.doctors.models import VerificationStatus
from consilium.doctors.services import ApplicationError, revoke_verification
from consilium.doctors.tests.factories import DoctorFactory
from consilium.doctors.tests.helpers import snapshot
from consilium.moderation.models import AuditEntry
from consilium.qa.models import Answer
from consilium.qa.tests.factories import AnswerFactory

pytestmark = pytest.mark.django_db

REASON = "The licence was suspended by the board."


@pytest.fixture
def moderator():
    return UserFactory(role=Role.MODERATOR)


@pytest.fixture
def doctor():
    return DoctorFactory(verification_status=VerificationStatus.VERIFIED)


def test_it_revokes_with_the_reason(doctor, moderator):
    revoke_verification(doctor, moderator=moderator, reason=REASON)

    doctor.refresh_from_db()
    assert doctor.verification_status == VerificationStatus.REVOKED
    assert doctor.decision_reason == REASON
    assert doctor.decided_at is not None


def test_it_writes_the_audit_log(doctor, moderator):
    revoke_verification(doctor, moderator=moderator, reason=REASON)

    entry = AuditEntry.objects.get()
    assert (entry.action, entry.target_id, entry.reason) == (
        "revoke_verification",
        doctor.pk,
        REASON,
    )


def test_it_keeps_the_answers_but_stops_counting_them(
    doctor, moderator, django_capture_on_commit_callbacks
):
    answer = AnswerFactory(doctor=doctor, verdict="recommend")
    refresh_consensus(answer.question_id)
    assert QuestionConsensus.objects.get().result["tally"]["recommend"] == 1

    with django_capture_on_commit_callbacks(execute=True):
        revoke_verification(doctor, moderator=moderator, reason=REASON)

    answer.refresh_from_db()
    assert not answer.is_hidden
    assert Answer.objects.filter(doctor=doctor).count() == 1
    assert QuestionConsensus.objects.get().result["tally"]["recommend"] == 0


def test_it_tells_the_doctor(doctor, moderator, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        revoke_verification(doctor, moderator=moderator, reason=REASON)

    assert [mail.to for mail in mailoutbox] == [[doctor.user.email]]
    assert REASON in mailoutbox[0].body


def test_it_refuses_without_a_reason(doctor, moderator, mailoutbox):
    before = snapshot(doctor)

    with pytest.raises(ApplicationError, match="Say why"):
        revoke_verification(doctor, moderator=moderator, reason=" ")

    assert snapshot(doctor) == before
    assert not mailoutbox


@pytest.mark.parametrize(
    "status",
    [VerificationStatus.PENDING, VerificationStatus.REJECTED, VerificationStatus.REVOKED],
)
def test_it_refuses_a_doctor_who_is_not_verified(moderator, status):
    profile = DoctorFactory(verification_status=status)
    before = snapshot(profile)

    with pytest.raises(ApplicationError, match="Only a verified doctor"):
        revoke_verification(profile, moderator=moderator, reason=REASON)

    assert snapshot(profile) == before
