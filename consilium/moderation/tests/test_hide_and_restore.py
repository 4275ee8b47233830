"""A moderator hiding a post and restoring it, each with a reason in the audit log."""

import pytest

from consilium.accounts.models import Role
from consilium.accounts.tests.factories import UserFactory
from consilium.consensus.models import QuestionConsensus
from consilium.consensus.services import refresh_consensus
from consilium.moderation.models import AuditEntry, Flag
from consilium.moderation.services import ModerationError, hide_content, restore_content
from consilium.moderation.tests.helpers import snapshot
from consilium.qa.tests.factories import AnswerFactory, QuestionFactory

pytestmark = pytest.mark.django_db

REASON = "Advertises a clinic."


@pytest.fixture
def moderator():
    return UserFactory(role=Role.MODERATOR)


def test_it_hides_an_answer(moderator):
    answer = AnswerFactory()

    hide_content(moderator=moderator, target=answer, reason=REASON)

    answer.refresh_from_db()
    assert answer.is_hidden


def test_it_hides_a_question(moderator):
    question = QuestionFactory()

    hide_content(moderator=moderator, target=question, reason=REASON)

    question.refresh_from_db()
    assert question.is_hidden


def test_it_settles_the_open_flags_of_what_it_hides(moderator):
    answer, elsewhere = AnswerFactory(), AnswerFactory()
    flag = Flag.objects.create(reporter=UserFactory(), answer=answer, reason="spam")
    other = Flag.objects.create(reporter=UserFactory(), answer=elsewhere, reason="spam")

    hide_content(moderator=moderator, target=answer, reason=REASON)

    flag.refresh_from_db()
    other.refresh_from_db()
    assert (flag.resolution, flag.resolved_by) == ("hidden", moderator)
    assert flag.resolved_at is not None
    assert other.resolved_at is None


def test_it_writes_hiding_to_the_audit_log(moderator):
    answer = AnswerFactory()

    hide_content(moderator=moderator, target=answer, reason=REASON)

    entry = AuditEntry.objects.get()
    assert (entry.action, entry.target_type, entry.target_id) == ("hide", "answer", answer.pk)
    assert entry.reason == REASON


def test_it_stops_counting_a_hidden_answer(moderator, django_capture_on_commit_callbacks):
    answer = AnswerFactory(verdict="recommend")
    refresh_consensus(answer.question_id)

    with django_capture_on_commit_callbacks(execute=True):
        hide_content(moderator=moderator, target=answer, reason=REASON)

    assert QuestionConsensus.objects.get().result["tally"]["recommend"] == 0


def test_it_restores_a_hidden_post(moderator):
    answer = AnswerFactory(is_hidden=True)

    restore_content(moderator=moderator, target=answer, reason="The clinic was not named.")

    answer.refresh_from_db()
    assert not answer.is_hidden
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.reason) == ("restore", "The clinic was not named.")


@pytest.mark.parametrize("step", [hide_content, restore_content])
@pytest.mark.parametrize("hidden", [False, True])
def test_it_refuses_without_a_reason(moderator, step, hidden):
    answer = AnswerFactory(is_hidden=hidden)
    Flag.objects.create(reporter=UserFactory(), answer=answer, reason="spam")
    before = snapshot(answer)

    with pytest.raises(ModerationError, match="Say why"):
        step(moderator=moderator, target=answer, reason="  ")

    assert snapshot(answer) == before
