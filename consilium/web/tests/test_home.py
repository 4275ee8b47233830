"""The home page: recent questions and the topics they are filed under."""

import pytest
from django.urls import reverse

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
