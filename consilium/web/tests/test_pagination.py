"""Paged lists link the first and the next page with the choices that made the list."""

import re

import pytest
from django.urls import reverse

from consilium.qa.tests.factories import QuestionFactory
from consilium.topics.models import Topic
from consilium.web.pagination import page_links


def test_a_lone_page_has_no_links():
    assert page_links("Pages", params=[("order", "newest")], cursor="", next_cursor=None) is None


def test_the_first_page_links_only_the_next_keeping_the_choices_made():
    links = page_links(
        "Pages",
        params=[("order", "newest"), ("topic", "botox & co"), ("purpose", "")],
        cursor="",
        next_cursor="3.4.5",
    )
    assert links is not None
    assert links.first_url == ""
    assert links.next_url == "?order=newest&topic=botox+%26+co&after=3.4.5"


def test_a_later_page_links_back_to_the_first_and_returns_to_the_list():
    links = page_links(
        "Question pages", params=[("purpose", "")], cursor="1.2.3", next_cursor=None,
        fragment="#questions",
    )  # fmt: skip
    assert links == page_links(
        "Question pages", params=[], cursor="1.2.3", next_cursor=None, fragment="#questions"
    )
    assert links is not None
    assert (links.first_url, links.next_url) == ("?#questions", "")


@pytest.mark.django_db
def test_a_topic_pages_its_questions_within_the_purpose_chosen(client):
    topic = Topic.objects.order_by("slug").first()
    for n in range(25):
        QuestionFactory(title=f"Question {n}", purpose="safety").topics.add(topic)
    url = reverse("web:topic", args=[topic.slug])
    first = client.get(url, {"purpose": "safety"}).content.decode()
    assert '<nav class="pagination" aria-label="Question pages">' in first
    assert "First page" not in first
    after = re.search(r'rel="next" href="\?purpose=safety&amp;after=([\d.]+)#questions"', first)
    assert after
    second = client.get(url, {"purpose": "safety", "after": after.group(1)}).content.decode()
    assert '<a href="?purpose=safety#questions">First page</a>' in second
    assert 'rel="next"' not in second
