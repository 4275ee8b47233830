"""Lists are paged and read a fixed number of rows and queries, however many rows there are."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from consilium.consensus.services import refresh_consensus
from consilium.doctors.tests.factories import DoctorFactory
from consilium.qa.tests.factories import AnswerFactory, QuestionFactory
from consilium.topics.models import Topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """make(n): n questions on one topic, each answered by the same two doctors."""
    topic = Topic.objects.order_by("slug").first()
    doctors = [DoctorFactory(), DoctorFactory()]

    def make(count):
        now = timezone.now()
        for n in range(count):
            question = QuestionFactory(created_at=now - timedelta(minutes=n))
            question.topics.add(topic)
            for doctor in doctors:
                AnswerFactory(question=question, doctor=doctor, created_at=question.created_at)
            refresh_consensus(question.pk)
        return topic, doctors[0]

    return make


def assert_paged_by_twenty(client, url, first, rows):
    """The first page shows twenty rows at most; its next link leads to the rest."""
    assert first.count('class="question-card"') == min(rows, 20)
    assert ('rel="next"' in first) == (rows > 20)
    if rows > 20:
        after = re.search(r'rel="next" href="\?after=([^"#]+)', first).group(1)
        second = client.get(f"{url}?after={after}").content.decode()
        assert second.count('class="question-card"') == rows - 20


@pytest.mark.parametrize("rows", [3, 30])
def test_the_home_page_reads_as_many_queries_with_3_or_30_questions(
    client, world, django_assert_num_queries, rows
):
    world(rows)
    # questions with answer counts, their topics, their leanings, topics with counts
    with django_assert_num_queries(4):
        page = client.get(reverse("web:home")).content.decode()
    assert page.count('class="question-card"') == min(rows, 20)


@pytest.mark.parametrize("rows", [3, 30])
def test_a_topic_page_is_paged_and_reads_as_many_queries_with_3_or_30_questions(
    client, world, django_assert_num_queries, rows
):
    topic, _ = world(rows)
    # topic, related topics, a page of questions, their topics, the figures, outcome reports
    with django_assert_num_queries(6):
        first = client.get(topic.get_absolute_url()).content.decode()
    assert_paged_by_twenty(client, topic.get_absolute_url(), first, rows)


@pytest.mark.parametrize("rows", [3, 30])
def test_a_doctor_page_is_paged_and_reads_as_many_queries_with_3_or_30_answers(
    client, world, django_assert_num_queries, rows
):
    _, doctor = world(rows)
    url = reverse("web:doctor", args=[doctor.slug])
    # the profile, a page of answers with their questions
    with django_assert_num_queries(2):
        first = client.get(url).content.decode()
    assert_paged_by_twenty(client, url, first, rows)


@pytest.mark.parametrize("rows", [3, 30])
def test_the_api_question_list_reads_as_many_queries_on_any_page(
    client, world, django_assert_num_queries, rows
):
    world(rows)
    with django_assert_num_queries(2):
        first = client.get("/api/v1/questions", {"limit": 2}).json()
    with django_assert_num_queries(2):
        second = client.get("/api/v1/questions", {"limit": 2, "cursor": first["next"]}).json()
    assert [item["answer_count"] for item in first["items"] + second["items"]] == [2] * min(rows, 4)
