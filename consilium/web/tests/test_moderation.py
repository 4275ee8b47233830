"""Flags from readers, moderators hiding and restoring content, and the audit log."""

import pytest
from django.urls import reverse

from consilium.accounts.models import Role
from consilium.accounts.tests.factories import UserFactory
from consilium.consensus.models import QuestionConsensus
from consilium.consensus.services import refresh_consensus
from consilium.moderation.models import AuditEntry, Flag
from consilium.qa.models import Verdict
from consilium.qa.tests.factories import AnswerFactory, QuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator():
    return UserFactory(role=Role.MODERATOR, handle="steady-ibis-7")


def test_a_signed_in_user_flags_an_answer_with_a_reason(client):
    answer = AnswerFactory()
    client.force_login(UserFactory())
    response = client.post(
        reverse("web:flag", args=["answer", answer.pk]),
        {"reason": "self_promotion", "note": "Links to a clinic offer."},
    )
    assert response.status_code == 302
    flag = Flag.objects.get()
    assert (flag.answer, flag.reason, flag.note) == (
        answer,
        "self_promotion",
        "Links to a clinic offer.",
    )


def test_flagging_twice_is_refused_politely(client):
    question = QuestionFactory()
    client.force_login(UserFactory())
    client.post(reverse("web:flag", args=["question", question.pk]), {"reason": "spam"})
    response = client.post(reverse("web:flag", args=["question", question.pk]), {"reason": "spam"})
    assert "You have flagged this already" in response.content.decode()
    assert Flag.objects.count() == 1


def test_a_flag_without_a_reason_is_refused_next_to_the_field(client):
    question = QuestionFactory()
    client.force_login(UserFactory())
    response = client.post(reverse("web:flag", args=["question", question.pk]), {"note": "keep me"})
    assert "This field is required." in response.content.decode()
    assert "keep me" in response.content.decode()
    assert not Flag.objects.exists()


def test_a_moderator_hides_a_flagged_answer_which_leaves_page_and_consensus(
    client, moderator, django_capture_on_commit_callbacks
):
    question = QuestionFactory()
    AnswerFactory(question=question, verdict=Verdict.RECOMMEND)
    AnswerFactory(question=question, verdict=Verdict.RECOMMEND)
    bad = AnswerFactory(question=question, verdict=Verdict.NOT_RECOMMENDED, title="Buy my cream")
    Flag.objects.create(reporter=UserFactory(), answer=bad, reason="spam")
    refresh_consensus(question.pk)

    client.force_login(moderator)
    assert "Buy my cream" in client.get(reverse("web:moderation")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("web:moderation-post", args=["answer", bad.pk, "hide"]),
            {"reason": "Advertising."},
        )
    bad.refresh_from_db()
    assert bad.is_hidden
    assert Flag.objects.get().resolution == "hidden"
    assert QuestionConsensus.objects.get().result["tally"]["not_recommended"] == 0
    client.logout()
    assert "Buy my cream" not in client.get(question.get_absolute_url()).content.decode()

    client.force_login(moderator)
    assert "Buy my cream" in client.get(question.get_absolute_url()).content.decode()
    client.post(
        reverse("web:moderation-post", args=["answer", bad.pk, "restore"]),
        {"reason": "Advertiser removed the link."},
    )
    bad.refresh_from_db()
    assert not bad.is_hidden


def test_a_hidden_question_is_gone_for_readers_but_not_for_moderators(client, moderator):
    question = QuestionFactory(title="Cheap pills here")
    client.force_login(moderator)
    client.post(
        reverse("web:moderation-post", args=["question", question.pk, "hide"]), {"reason": "Spam."}
    )
    assert client.get(question.get_absolute_url()).status_code == 200
    client.logout()
    assert client.get(question.get_absolute_url()).status_code == 404
    assert "Cheap pills here" not in client.get(reverse("web:home")).content.decode()


def test_every_moderator_action_is_in_the_audit_log(client, moderator):
    question = QuestionFactory(title="Logged question")
    flag = Flag.objects.create(reporter=UserFactory(), question=question, reason="other")
    client.force_login(moderator)
    client.post(reverse("web:moderation-dismiss", args=[flag.pk]), {"reason": "Fine as it is."})
    client.post(
        reverse("web:moderation-post", args=["question", question.pk, "hide"]), {"reason": "Spam."}
    )
    entries = list(AuditEntry.objects.order_by("id").values_list("actor_name", "action", "reason"))
    assert entries == [
        ("steady-ibis-7", "dismiss_flag", "Fine as it is."),
        ("steady-ibis-7", "hide", "Spam."),
    ]
    log = client.get(reverse("web:moderation-log")).content.decode()
    assert "Fine as it is." in log
    assert "Logged question" in log


def test_hiding_needs_a_reason(client, moderator):
    question = QuestionFactory()
    client.force_login(moderator)
    response = client.post(
        reverse("web:moderation-post", args=["question", question.pk, "hide"]),
        {"reason": ""},
        follow=True,
    )
    assert "Give a reason" in response.content.decode()
    question.refresh_from_db()
    assert not question.is_hidden


def test_the_moderation_queue_runs_a_fixed_number_of_queries(
    client, moderator, django_assert_num_queries
):
    for _ in range(3):
        Flag.objects.create(reporter=UserFactory(), answer=AnswerFactory(), reason="spam")
    client.force_login(moderator)
    # user (the session comes from its cache), unread notifications, urgent questions,
    # applications, flags with their posts, doctors
    with django_assert_num_queries(6):
        client.get(reverse("web:moderation"))


@pytest.mark.parametrize(
    "elsewhere",
    ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"],
)
def test_it_returns_a_moderator_only_to_a_page_of_this_site(client, moderator, elsewhere):
    question = QuestionFactory()
    client.force_login(moderator)
    action = reverse("web:moderation-post", args=["question", question.pk, "hide"])
    response = client.post(action, {"reason": "Spam.", "next": elsewhere})
    assert response.status_code == 302
    assert response["Location"] == reverse("web:moderation")
    back = client.post(
        reverse("web:moderation-post", args=["question", question.pk, "restore"]),
        {"reason": "Fine after all.", "next": question.get_absolute_url()},
    )
    assert back["Location"] == question.get_absolute_url()


def test_the_queue_shows_the_applicants_account_age_and_a_link_to_the_board(client):
    from datetime import timedelta

    from django.utils import timezone

    from consilium.accounts.models import Role
    from consilium.accounts.tests.factories import UserFactory
    from consilium.doctors.models import VerificationStatus
    from consilium.doctors.tests.factories import DoctorFactory

    DoctorFactory(
        verification_status=VerificationStatus.PENDING,
        jurisdiction="Ontario, Canada",
        user__date_joined=timezone.now() - timedelta(days=3),
    )
    client.force_login(UserFactory(role=Role.MODERATOR))
    page = client.get(reverse("web:moderation")).content.decode()
    assert "made 3\xa0days ago" in page
    assert 'href="https://doctors.cpso.on.ca/"' in page
    assert 'for="approve-note-' in page
    assert 'for="reject-reason-' in page


def test_an_approval_keeps_what_the_moderator_checked_in_the_audit_log(client):
    from consilium.accounts.models import Role
    from consilium.accounts.tests.factories import UserFactory
    from consilium.doctors.models import VerificationStatus
    from consilium.doctors.tests.factories import DoctorFactory
    from consilium.moderation.models import AuditEntry

    applicant = DoctorFactory(verification_status=VerificationStatus.PENDING)
    client.force_login(UserFactory(role=Role.MODERATOR))
    client.post(
        reverse("web:moderation-doctor", args=[applicant.pk, "approve"]),
        {"reason": "Found on the CPSO register, licence active"},
    )
    applicant.refresh_from_db()
    assert applicant.is_verified
    assert AuditEntry.objects.get(action="verify_doctor").reason == (
        "Found on the CPSO register, licence active"
    )


def test_a_flagged_answer_is_shown_in_full(client):
    from consilium.accounts.models import Role
    from consilium.accounts.tests.factories import UserFactory
    from consilium.moderation.models import Flag
    from consilium.qa.tests.factories import AnswerFactory

    answer = AnswerFactory(body="The **whole** text of the flagged answer, every word of it.")
    Flag.objects.create(reporter=UserFactory(), answer=answer, reason="spam")
    client.force_login(UserFactory(role=Role.MODERATOR))
    page = client.get(reverse("web:moderation")).content.decode()
    assert "The <strong>whole</strong> text of the flagged answer, every word of it." in page
