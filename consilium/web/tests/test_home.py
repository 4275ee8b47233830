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
    # questions with their askers, their topics, topics with question counts
    with django_assert_num_queries(3):
        client.get(reverse("web:home"))
