"""A moderator rejecting an application, with a reason the applicant reads."""

import pytest

from consilium.accounts.models import Role
from consilium.accounts.tests.factories import UserFactory
from consilium.doctors.models import VerificationStatus
from consilium.doctors.services import ApplicationError, reject_application
from consilium.doctors.tests.factories import DoctorFactory
from consilium.doctors.tests.helpers import snapshot
from consilium.moderation.models import AuditEntry

pytestmark = pytest.mark.django_db

REASON = "The licence number is not on the New York register."


@pytest.fixture
def moderator():
    return UserFactory(role=Role.MODERATOR)


@pytest.fixture
def applicant():
    return DoctorFactory(verification_status=VerificationStatus.PENDING, user__role=Role.PATIENT)


def test_it_rejects_with_the_reason(applicant, moderator):
    reject_application(applicant, moderator=moderator, reason=REASON)

    applicant.refresh_from_db()
    assert applicant.verification_status == VerificationStatus.REJECTED
    assert applicant.decision_reason == REASON
    assert applicant.decided_at is not None
    assert applicant.verified_at is None


def test_it_writes_the_audit_log(applicant, moderator):
    reject_application(applicant, moderator=moderator, reason=REASON)

    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action, entry.reason) == (moderator, "reject_application", REASON)


def test_it_tells_the_applicant_why(
    applicant, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reject_application(applicant, moderator=moderator, reason=REASON)

    assert [mail.to for mail in mailoutbox] == [[applicant.user.email]]
    assert REASON in mailoutbox[0].body


@pytest.mark.parametrize("reason", ["", "   \n"])
def test_it_refuses_without_a_reason(applicant, moderator, reason, mailoutbox):
    before = snapshot(applicant)

    with pytest.raises(ApplicationError, match="Say why"):
        reject_application(applicant, moderator=moderator, reason=reason)

    assert snapshot(applicant) == before
    assert not mailoutbox


@pytest.mark.parametrize(
    "status",
    [VerificationStatus.VERIFIED, VerificationStatus.REJECTED, VerificationStatus.REVOKED],
)
def test_it_refuses_what_is_not_pending(moderator, status):
    profile = DoctorFactory(verification_status=status)
    before = snapshot(profile)

    with pytest.raises(ApplicationError, match="Only a pending application"):
        reject_application(profile, moderator=moderator, reason=REASON)

    assert snapshot(profile) == before
