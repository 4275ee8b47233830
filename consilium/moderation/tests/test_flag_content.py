"""A reader flagging a question or an answer for the moderators."""

import pytest

from consilium.accounts.tests.factories import UserFactory
from consilium.moderation.models import Flag
from consilium.moderation.services import ModerationError, flag_content
from consilium.moderation.tests.helpers import snapshot
from consilium.qa.tests.factories import AnswerFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def test_it_flags_an_answer():
    reporter, answer = UserFactory(), AnswerFactory()

    flag = flag_content(reporter=reporter, target=answer, reason="unsafe", note="Dose too high.")

    flag.refresh_from_db()
    assert (flag.reporter, flag.answer, flag.question) == (reporter, answer, None)
    assert (flag.reason, flag.note, flag.resolved_at) == ("unsafe", "Dose too high.", None)


def test_it_flags_a_question():
    question = QuestionFactory()

    flag = flag_content(reporter=UserFactory(), target=question, reason="spam")

    flag.refresh_from_db()
    assert (flag.question, flag.answer) == (question, None)


def test_it_lets_several_readers_flag_the_same_post():
    answer = AnswerFactory()

    flag_content(reporter=UserFactory(), target=answer, reason="spam")
    flag_content(reporter=UserFactory(), target=answer, reason="unsafe")

    assert Flag.objects.filter(answer=answer).count() == 2


def test_it_lets_a_reader_flag_again_once_their_flag_is_settled():
    reporter, answer = UserFactory(), AnswerFactory()
    first = flag_content(reporter=reporter, target=answer, reason="spam")
    Flag.objects.filter(pk=first.pk).update(resolved_at=first.created_at, resolution="dismissed")

    flag_content(reporter=reporter, target=answer, reason="unsafe")

    assert Flag.objects.filter(answer=answer, resolved_at__isnull=True).count() == 1


def test_it_refuses_a_second_open_flag_from_the_same_reader():
    reporter, answer = UserFactory(), AnswerFactory()
    flag_content(reporter=reporter, target=answer, reason="spam")
    before = snapshot(answer)

    with pytest.raises(ModerationError, match="flagged this already"):
        flag_content(reporter=reporter, target=answer, reason="unsafe")

    assert snapshot(answer) == before
