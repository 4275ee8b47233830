"""The question list (/questions/): orders, a topic filter and keyset paging; the topic index."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from consilium.qa.models import Answer
from consilium.qa.selectors import question_page
from consilium.qa.tests.factories import AnswerFactory, QuestionFactory
from consilium.topics.models import Topic

pytestmark = pytest.mark.django_db


def _titles(response) -> list[str]:
    return [q.title for q in response.context["page"].questions]


def _asked(days_ago: int, title: str, answers: int = 0, agreements: int = 0):
    question = QuestionFactory(title=title, created_at=timezone.now() - timedelta(days=days_ago))
    for n in range(answers):
        AnswerFactory(question=question, agree_count=agreements if n == 0 else 0)
    return question


def test_it_lists_questions_newest_first_and_filters_the_unanswered(client):
    _asked(3, "Old and answered", answers=1)
    _asked(2, "Middle and waiting")
    _asked(1, "New and answered", answers=2)
    newest = client.get(reverse("web:questions"))
    assert _titles(newest) == ["New and answered", "Middle and waiting", "Old and answered"]
    waiting = client.get(reverse("web:questions"), {"order": "unanswered"})
    assert _titles(waiting) == ["Middle and waiting"]


def test_it_orders_by_answers_and_by_agreement(client):
    _asked(3, "Two answers", answers=2)
    _asked(2, "Three answers, little agreement", answers=3, agreements=1)
    _asked(1, "One answer, much agreement", answers=1, agreements=5)
    hidden = _asked(1, "Hidden answers do not count", answers=4, agreements=9)
    Answer.objects.filter(question=hidden).update(is_hidden=True)
    assert _titles(client.get(reverse("web:questions"), {"order": "answers"}))[:3] == [
        "Three answers, little agreement",
        "Two answers",
        "One answer, much agreement",
    ]
    assert _titles(client.get(reverse("web:questions"), {"order": "agreed"}))[:2] == [
        "One answer, much agreement",
        "Three answers, little agreement",
    ]


def test_it_filters_by_topic(client):
    topic = Topic.objects.create(slug="list-peels", name="List peels", kind="treatment")
    on_topic = _asked(2, "On the topic")
    on_topic.topics.add(topic)
    _asked(1, "Elsewhere")
    response = client.get(reverse("web:questions"), {"topic": "list-peels"})
    assert _titles(response) == ["On the topic"]


@pytest.mark.parametrize("order", ["newest", "unanswered", "answers", "agreed"])
def test_keyset_pages_walk_every_question_once(order):
    now = timezone.now()
    for n in range(7):
        # Pairs share a timestamp, so the id breaks ties.
        question = QuestionFactory(created_at=now - timedelta(hours=n // 2))
        if order != "unanswered":
            for _ in range(n % 3):
                AnswerFactory(question=question, agree_count=n % 2)
    seen: list[int] = []
    cursor = ""
    while True:
        page = question_page(order=order, cursor=cursor, size=3)
        seen += [q.pk for q in page.questions]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    expected = [q.pk for q in question_page(order=order, size=100).questions]
    assert seen == expected
    assert len(seen) == len(set(seen)) == 7


def test_a_broken_cursor_starts_from_the_first_page(client):
    _asked(1, "Still listed")
    response = client.get(reverse("web:questions"), {"after": "not-a-cursor"})
    assert response.status_code == 200
    assert _titles(response) == ["Still listed"]


def test_the_next_page_link_carries_the_order_and_topic(client):
    for n in range(25):
        _asked(n, f"Question {n}")
    page = client.get(reverse("web:questions"), {"order": "unanswered"}).content.decode()
    assert 'rel="next" href="?order=unanswered&amp;after=' in page
    after = client.get(reverse("web:questions"), {"order": "unanswered"}).context["page"]
    second = client.get(
        reverse("web:questions"), {"order": "unanswered", "after": after.next_cursor}
    )
    assert _titles(second) == [f"Question {n}" for n in range(20, 25)]
    assert "First page" in second.content.decode()


@pytest.mark.parametrize("rows", [1, 20])
def test_it_runs_the_same_number_of_queries_for_1_or_20_questions(
    client, django_assert_num_queries, rows
):
    topic = Topic.objects.create(slug="count-topic", name="Count topic", kind="treatment")
    for n in range(rows):
        question = _asked(n, f"Counted {n}", answers=2)
        question.topics.add(topic)
    # the page of questions with askers and counts, their topics, the doctors' leanings,
    # the topics for the filter
    with django_assert_num_queries(4):
        response = client.get(reverse("web:questions"), {"order": "agreed"})
    assert response.content.decode().count('class="question-card"') == rows


def test_the_topic_index_lists_every_topic_by_kind_with_counts(client, django_assert_num_queries):
    Topic.objects.create(slug="index-cond", name="Index condition", kind="condition")
    treatment = Topic.objects.create(slug="index-treat", name="Index treatment", kind="treatment")
    QuestionFactory().topics.add(treatment)
    with django_assert_num_queries(1):
        response = client.get(reverse("web:topics"))
    page = response.content.decode()
    assert "Index condition" in page
    assert 'Index treatment</a> <span class="count">1 question</span>' in page
    assert page.index("Treatments") < page.index("Index treatment")


def test_it_filters_by_purpose_and_keeps_it_in_the_links(client):
    QuestionFactory(title="About safety", purpose="safety")
    QuestionFactory(title="About cost", purpose="cost")
    response = client.get(reverse("web:questions"), {"purpose": "safety"})
    assert _titles(response) == ["About safety"]
    assert 'href="?order=unanswered&amp;purpose=safety"' in response.content.decode()
    # An unknown purpose shows every question.
    assert len(_titles(client.get(reverse("web:questions"), {"purpose": "nonsense"}))) == 2
