"""Doctors apply, moderators approve, reject or revoke, and applicants hear about it."""

import pytest
from django.urls import reverse

from consilium.accounts.models import Role
from consilium.accounts.tests.factories import UserFactory
from consilium.consensus.models import QuestionConsensus
from consilium.consensus.services import refresh_consensus
from consilium.doctors.models import DoctorProfile, VerificationStatus
from consilium.doctors.tests.factories import DoctorFactory
from consilium.moderation.models import AuditEntry
from consilium.qa.models import Verdict
from consilium.qa.tests.factories import AnswerFactory, QuestionFactory

pytestmark = pytest.mark.django_db

APPLICATION = {
    "display_name": "Dr. Lena Brandt",
    "specialty": "Dermatology",
    "board_certification": "American Board of Dermatology",
    "licence_number": "MN-55102",
    "jurisdiction": "Minnesota, US",
    "practice": "North Lake Skin Clinic",
    "website": "https://example.com/brandt",
}


@pytest.fixture
def moderator():
    return UserFactory(role=Role.MODERATOR)


def test_a_signed_in_user_applies_and_stays_pending(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("web:doctor-apply"), APPLICATION)
    assert response.status_code == 302
    profile = DoctorProfile.objects.get(user=user)
    assert profile.verification_status == VerificationStatus.PENDING
    assert "Pending review" in client.get(reverse("web:account")).content.decode()


def test_an_incomplete_application_says_what_is_missing_and_keeps_the_rest(client):
    client.force_login(UserFactory())
    response = client.post(reverse("web:doctor-apply"), {**APPLICATION, "licence_number": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert "This field is required." in page
    assert 'value="Dr. Lena Brandt"' in page
    assert not DoctorProfile.objects.exists()


def test_a_moderator_approves_and_the_applicant_is_emailed(
    client, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    profile = DoctorFactory(verification_status=VerificationStatus.PENDING)
    client.force_login(moderator)
    queue = client.get(reverse("web:moderation")).content.decode()
    assert profile.display_name in queue
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("web:moderation-doctor", args=[profile.pk, "approve"]))
    profile.refresh_from_db()
    assert profile.is_verified
    assert [m.to for m in mailoutbox] == [[profile.user.email]]
    assert "verified" in mailoutbox[0].subject
    assert AuditEntry.objects.filter(action="verify_doctor", target_id=profile.pk).exists()


def test_a_rejection_needs_a_reason_which_the_applicant_reads(
    client, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    profile = DoctorFactory(verification_status=VerificationStatus.PENDING)
    client.force_login(moderator)
    response = client.post(
        reverse("web:moderation-doctor", args=[profile.pk, "reject"]), {"reason": ""}, follow=True
    )
    assert "Give a reason" in response.content.decode()
    profile.refresh_from_db()
    assert profile.is_pending

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("web:moderation-doctor", args=[profile.pk, "reject"]),
            {"reason": "The licence number is not on the state register."},
        )
    profile.refresh_from_db()
    assert profile.verification_status == VerificationStatus.REJECTED
    assert "not on the state register" in mailoutbox[0].body
    client.force_login(profile.user)
    assert "not on the state register" in client.get(reverse("web:account")).content.decode()


def test_a_rejected_applicant_can_apply_again(client):
    profile = DoctorFactory(verification_status=VerificationStatus.REJECTED)
    client.force_login(profile.user)
    client.post(reverse("web:doctor-apply"), APPLICATION)
    profile.refresh_from_db()
    assert profile.is_pending
    assert profile.licence_number == "MN-55102"


def test_revoked_doctors_answers_stay_visible_marked_and_stop_counting(
    client, moderator, django_capture_on_commit_callbacks
):
    question = QuestionFactory()
    kept = AnswerFactory(question=question, verdict=Verdict.RECOMMEND)
    revoked = AnswerFactory(question=question, verdict=Verdict.NOT_RECOMMENDED)
    AnswerFactory(question=question, verdict=Verdict.RECOMMEND)
    refresh_consensus(question.pk)
    assert QuestionConsensus.objects.get().result["tally"]["not_recommended"] == 1

    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("web:moderation-doctor", args=[revoked.doctor.pk, "revoke"]),
            {"reason": "Licence suspended by the board."},
        )
    revoked.doctor.refresh_from_db()
    assert revoked.doctor.verification_status == VerificationStatus.REVOKED
    result = QuestionConsensus.objects.get().result
    assert result["tally"]["not_recommended"] == 0
    assert result["answers_considered"] == 2
    page = client.get(question.get_absolute_url()).content.decode()
    assert revoked.title in page
    assert kept.title in page
    assert "No longer verified" in page


def test_only_a_pending_application_can_be_approved(client, moderator):
    profile = DoctorFactory(verification_status=VerificationStatus.REJECTED)
    client.force_login(moderator)
    response = client.post(
        reverse("web:moderation-doctor", args=[profile.pk, "approve"]), follow=True
    )
    assert "Only a pending application can be approved." in response.content.decode()
    profile.refresh_from_db()
    assert profile.verification_status == VerificationStatus.REJECTED


def test_an_applicants_name_and_credentials_are_kept_on_one_line(client):
    client.force_login(UserFactory())
    client.post(
        reverse("web:doctor-apply"),
        {**APPLICATION, "display_name": "Dr. Lena\r\nBrandt", "specialty": "Derma\ntology"},
    )
    profile = DoctorProfile.objects.get()
    assert (profile.display_name, profile.specialty) == ("Dr. Lena Brandt", "Derma tology")
