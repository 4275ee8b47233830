"""The home page: recent questions and the topics they are filed under."""

import pytest
from django.urls import reverse

from consilium.accounts.tests.factories import UserFactory
from consilium.qa.services import ask_question
from consilium.qa.tests.factories import AnswerFactory, QuestionFactory
from consilium.topics.models import Topic

pytestmark = pytest.mark.django_db


def test_it_lists_recent_questions_with_answer_counts(client):
    question = QuestionFactory(title="Is microneedling worth it for acne scars?")
    AnswerFactory(question=question)
    AnswerFactory(question=question)
    page = client.get(reverse("web:home")).content.decode()
    assert "Is microneedling worth it for acne scars?" in page
    assert "2 answers" in page


def test_it_lists_topics_that_have_questions(client):
    topic = Topic.objects.create(slug="test-topic", name="Test topic", kind="treatment")
    QuestionFactory().topics.add(topic)
    page = client.get(reverse("web:home")).content.decode()
    assert topic.get_absolute_url() in page


def test_it_says_so_when_there_are_no_questions(client):
    page = client.get(reverse("web:home")).content.decode()
    assert "No questions yet." in page


def test_it_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    for _ in range(5):
        QuestionFactory()
    # questions with their askers, their topics, the doctors' leanings, topics with counts
    with django_assert_num_queries(4):
        client.get(reverse("web:home"))


def test_each_card_shows_the_doctors_leaning(client):
    from consilium.consensus.services import refresh_consensus
    from consilium.qa.tests.factories import AnswerFactory

    question = QuestionFactory()
    for verdict in ("not_recommended", "not_recommended", "not_recommended", "recommend"):
        AnswerFactory(question=question, verdict=verdict)
    refresh_consensus(question.pk)
    page = client.get(reverse("web:home")).content.decode()
    assert '<span class="pill pill-not_recommended">Doctors: mostly no · 4</span>' in page


def test_a_signed_in_reader_gets_the_topic_counts_kept_until_a_question_is_asked(
    client, settings, django_assert_num_queries, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE = True
    first = Topic.objects.create(slug="test-first", name="First topic", kind="treatment")
    later = Topic.objects.create(slug="test-later", name="Later topic", kind="treatment")
    with django_capture_on_commit_callbacks(execute=True):
        ask_question(asker=None, title="Peel downtime?", body="", topics=[first])
    client.force_login(UserFactory())
    assert first.get_absolute_url() in client.get(reverse("web:home")).content.decode()
    # the questions, their topics and leanings (the session, the reader and their unread
    # count come from their caches): the topics are not counted again
    with django_assert_num_queries(3):
        client.get(reverse("web:home"))
    with django_capture_on_commit_callbacks(execute=True):
        ask_question(asker=None, title="Laser downtime?", body="", topics=[later])
    assert later.get_absolute_url() in client.get(reverse("web:home")).content.decode()
