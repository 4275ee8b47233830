"""The topic page: what the topic is and the doctors' view across its questions."""

import pytest
from django.urls import reverse

from consilium.consensus.services import refresh_consensus
from consilium.qa.models import Verdict
from consilium.qa.tests.factories import AnswerFactory, QuestionFactory
from consilium.topics.models import Topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic():
    return Topic.objects.create(
        slug="test-peel", name="Test peel", kind="treatment",
        synonyms=["acid peel"], description="A peel used only in tests.",
    )  # fmt: skip


def test_it_shows_description_synonyms_and_questions(client, topic):
    question = QuestionFactory(title="Peel before a wedding?")
    question.topics.add(topic)
    page = client.get(topic.get_absolute_url()).content.decode()
    assert "A peel used only in tests." in page
    assert "acid peel" in page
    assert "Peel before a wedding?" in page


def test_it_adds_up_verdicts_across_questions(client, topic, django_assert_num_queries):
    for verdicts in ([Verdict.NOT_RECOMMENDED, Verdict.NOT_RECOMMENDED], [Verdict.RECOMMEND]):
        question = QuestionFactory()
        question.topics.add(topic)
        for verdict in verdicts:
            AnswerFactory(question=question, verdict=verdict)
        refresh_consensus(question.pk)
    # topic, its related topics, a page of its questions with consensus, their topics, the
    # figures across all its questions, outcome reports (no reports, so no photo query)
    with django_assert_num_queries(6):
        page = client.get(topic.get_absolute_url()).content.decode()
    assert "Doctors across 2 questions" in page
    assert '<span class="tally-number">2</span> <span class="tally-label">No</span>' in page
    assert '<span class="tally-number">1</span> <span class="tally-label">Yes</span>' in page


def test_it_answers_404_for_an_unknown_topic(client):
    assert client.get(reverse("web:topic", kwargs={"slug": "nope"})).status_code == 404
