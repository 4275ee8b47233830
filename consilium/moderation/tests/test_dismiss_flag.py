"""A moderator dismissing a flag: the post stays, its open flags are settled."""

import pytest

from consilium.accounts.models import Role
from consilium.accounts.tests.factories import UserFactory
from consilium.moderation.models import AuditEntry, Flag
from consilium.moderation.services import dismiss_flag
from consilium.qa.tests.factories import AnswerFactory, QuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator():
    return UserFactory(role=Role.MODERATOR)


def test_it_settles_every_open_flag_on_the_post(moderator):
    answer = AnswerFactory()
    flags = [
        Flag.objects.create(reporter=UserFactory(), answer=answer, reason=reason)
        for reason in ("spam", "unsafe")
    ]

    dismiss_flag(moderator=moderator, flag=flags[0], reason="Ordinary advice.")

    for flag in flags:
        flag.refresh_from_db()
        assert (flag.resolution, flag.resolved_by) == ("dismissed", moderator)
    answer.refresh_from_db()
    assert not answer.is_hidden


def test_it_leaves_other_posts_flags_open(moderator):
    flag = Flag.objects.create(reporter=UserFactory(), question=QuestionFactory(), reason="spam")
    other = Flag.objects.create(reporter=UserFactory(), question=QuestionFactory(), reason="spam")

    dismiss_flag(moderator=moderator, flag=flag, reason="")

    other.refresh_from_db()
    assert other.resolved_at is None


def test_it_writes_the_audit_log(moderator):
    question = QuestionFactory()
    flag = Flag.objects.create(reporter=UserFactory(), question=question, reason="spam")

    dismiss_flag(moderator=moderator, flag=flag, reason="Ordinary question.")

    entry = AuditEntry.objects.get()
    assert (entry.action, entry.target_type, entry.target_id) == (
        "dismiss_flag",
        "question",
        question.pk,
    )
    assert entry.reason == "Ordinary question."
