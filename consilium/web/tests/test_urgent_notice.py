"""A question describing an emergency: the notice before posting and on its page, the
what-to-do page, and moderators seeing such questions first."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from consilium.accounts.models import Role
from consilium.accounts.tests.factories import UserFactory
from consilium.moderation.models import Flag
from consilium.qa.models import Question
from consilium.qa.services import ask_question, edit_question
from consilium.qa.tests.factories import AnswerFactory, QuestionFactory

pytestmark = pytest.mark.django_db

URGENT = {
    "title": "My lip went white right after filler, is this normal?",
    "body": "I had lip filler an hour ago and the skin on my upper lip turned white.",
}
CALM = {
    "title": "Will microneedling fade my rolling acne scars?",
    "body": "I am 31 with rolling scars on both cheeks. Is microneedling worth trying?",
}
NOTICE = 'role="alert"'


@pytest.fixture
def asker(client):
    user = UserFactory()
    client.force_login(user)
    return user


@pytest.fixture
def moderator(client):
    user = UserFactory(role=Role.MODERATOR)
    client.force_login(user)
    return user


def test_the_ask_preview_tells_the_asker_to_seek_urgent_care_with_the_local_number(
    client, asker, settings
):
    settings.EMERGENCY_NUMBER = "112"

    response = client.post(reverse("web:ask"), {**URGENT, "preview": "1"})

    page = response.content.decode()
    assert NOTICE in page
    assert 'href="tel:112"' in page
    assert "skin turning white, blue or mottled after a filler injection" in page
    assert reverse("web:urgent-care") in page
    assert not Question.objects.exists()


def test_posting_an_urgent_question_shows_the_notice_first_and_keeps_every_word(client, asker):
    response = client.post(reverse("web:ask"), {**URGENT, "topics": ""})

    page = response.content.decode()
    assert response.status_code == 200
    assert NOTICE in page
    assert 'name="urgent_seen" value="1"' in page
    assert URGENT["body"] in page
    assert 'value="My lip went white right after filler, is this normal?"' in page
    assert not Question.objects.exists()


def test_the_asker_can_still_post_after_seeing_the_notice(client, asker):
    response = client.post(reverse("web:ask"), {**URGENT, "urgent_seen": "1"})

    question = Question.objects.get()
    assert response["Location"] == question.get_absolute_url()
    assert question.urgent is True
    assert question.asker == asker


def test_an_ordinary_question_is_posted_at_once_and_not_urgent(client, asker):
    response = client.post(reverse("web:ask"), CALM)

    question = Question.objects.get()
    assert response["Location"] == question.get_absolute_url()
    assert question.urgent is False


def test_a_signed_out_visitor_sees_the_notice_before_being_sent_to_sign_in(client):
    response = client.post(reverse("web:ask"), URGENT)

    page = response.content.decode()
    assert response.status_code == 200
    assert NOTICE in page
    assert URGENT["body"] in page
    assert not Question.objects.exists()
    # Once seen, posting goes on to sign in with the question kept, as for any question.
    response = client.post(reverse("web:ask"), {**URGENT, "urgent_seen": "1"})
    assert response.status_code == 302
    assert reverse("web:login") in response["Location"]


def test_the_live_preview_of_the_ask_form_brings_the_notice_along(client):
    response = client.post(reverse("web:markdown-preview"), URGENT)

    page = response.content.decode()
    assert 'id="urgent-notice" class="urgent-region" hx-swap-oob="true"' in page
    assert NOTICE in page
    assert "<html" not in page


def test_the_live_preview_of_a_calm_question_clears_the_notice(client):
    page = client.post(reverse("web:markdown-preview"), CALM).content.decode()

    assert 'id="urgent-notice"' in page
    assert NOTICE not in page


def test_the_answer_forms_preview_carries_no_notice(client):
    # The answer form sends only the body: a doctor describing signs is not an emergency.
    page = client.post(reverse("web:markdown-preview"), {"body": URGENT["body"]}).content.decode()

    assert "urgent-notice" not in page


def test_the_question_page_opens_with_the_notice(client, settings):
    settings.EMERGENCY_NUMBER = "999"
    question = ask_question(asker=UserFactory(), **URGENT)

    page = client.get(question.get_absolute_url()).content.decode()

    assert NOTICE in page
    assert page.index(NOTICE) < page.index("<h1>")
    assert 'href="tel:999"' in page
    assert "This question mentions" in page


def test_a_calm_question_page_has_no_notice(client):
    question = ask_question(asker=UserFactory(), **CALM)

    page = client.get(question.get_absolute_url()).content.decode()

    assert NOTICE not in page


def test_editing_a_question_reads_its_urgency_again(client):
    asker = UserFactory()
    question = ask_question(asker=asker, **CALM)

    edit_question(question=question, editor=asker, topics=[], **URGENT)

    question.refresh_from_db()
    assert question.urgent is True
    edit_question(question=question, editor=asker, topics=[], **CALM)
    question.refresh_from_db()
    assert question.urgent is False


def test_the_what_to_do_page_names_the_number_and_needs_no_database(
    client, settings, django_assert_num_queries
):
    settings.EMERGENCY_NUMBER = "000"

    with django_assert_num_queries(0):
        response = client.get(reverse("web:urgent-care"))

    page = response.content.decode()
    assert response.status_code == 200
    assert 'href="tel:000"' in page
    assert "If you are thinking of harming yourself" in page


def test_moderators_see_urgent_questions_first_and_marked(client, moderator):
    calm = QuestionFactory(**CALM)
    urgent = QuestionFactory(**URGENT, urgent=True)
    Flag.objects.create(reporter=UserFactory(), question=calm, reason="spam")
    Flag.objects.create(
        reporter=UserFactory(), answer=AnswerFactory(question=urgent), reason="spam"
    )

    page = client.get(reverse("web:moderation")).content.decode()

    urgent_section = page.index('id="urgent-heading"')
    assert urgent_section < page.index('id="applications-heading"')
    assert urgent_section < page.index(urgent.get_absolute_url())
    assert "skin turning white, blue or mottled after a filler injection" in page
    flags = page[page.index('id="flags-heading"') :]
    # The flag on the urgent question's answer comes first, though it was raised later.
    assert "Urgent signs" in flags
    assert flags.index(urgent.get_absolute_url()) < flags.index(calm.get_absolute_url())


def test_an_old_or_hidden_urgent_question_leaves_the_moderators_first_list(client, moderator):
    old = QuestionFactory(**URGENT, urgent=True, created_at=timezone.now() - timedelta(days=30))
    hidden = QuestionFactory(title="Hidden urgent one", body="x", urgent=True, is_hidden=True)

    page = client.get(reverse("web:moderation")).content.decode()

    assert old.get_absolute_url() not in page
    assert hidden.get_absolute_url() not in page
    assert "No question describes an emergency sign." in page
