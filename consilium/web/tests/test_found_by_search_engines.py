"""Canonical links, schema.org data, share cards, sitemaps and robots rules."""

import json
import re
from datetime import datetime

import pytest
from django.conf import settings
from django.urls import reverse

from consilium.accounts.models import Role
from consilium.accounts.tests.factories import UserFactory
from consilium.consensus.models import QuestionConsensus
from consilium.consensus.services import refresh_consensus
from consilium.qa.models import Verdict
from consilium.qa.tests.factories import AnswerFactory, QuestionFactory
from consilium.topics.models import Topic

pytestmark = pytest.mark.django_db


def json_ld(page: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return [json.loads(block) for block in blocks]


def is_iso_datetime(value) -> bool:
    return isinstance(value, str) and datetime.fromisoformat(value) is not None


def check_person(person):
    assert person["@type"] == "Person"
    assert isinstance(person["name"], str)
    assert person["name"]


@pytest.fixture
def answered():
    question = QuestionFactory(title="Is microneedling worth it for acne scars?")
    question.topics.add(Topic.objects.get(slug="microneedling"))
    AnswerFactory(question=question, verdict=Verdict.RECOMMEND, agree_count=2,
                  doctor__display_name="Dr. Ada Reyes")  # fmt: skip
    AnswerFactory(question=question, verdict=Verdict.RECOMMEND)
    refresh_consensus(question.pk)
    return question


def test_the_question_page_describes_itself_as_a_qa_page(client, answered):
    page = client.get(answered.get_absolute_url()).content.decode()
    (data,) = json_ld(page)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "QAPage"
    question = data["mainEntity"]
    assert question["@type"] == "Question"
    assert question["name"] == answered.title
    assert isinstance(question["text"], str)
    assert question["text"]
    assert question["answerCount"] == 2
    assert is_iso_datetime(question["dateCreated"])
    check_person(question["author"])
    answers = question["suggestedAnswer"]
    assert isinstance(answers, list)
    assert len(answers) == 2
    for answer in answers:
        assert answer["@type"] == "Answer"
        assert isinstance(answer["text"], str)
        assert answer["text"]
        assert is_iso_datetime(answer["dateCreated"])
        assert isinstance(answer["upvoteCount"], int)
        assert answer["url"].startswith(settings.SITE_URL + answered.get_absolute_url() + "#")
        check_person(answer["author"])
    assert "Dr. Ada Reyes" in [a["author"]["name"] for a in answers]


def test_the_question_data_leaves_hidden_answers_out_and_escapes_markup(client):
    answer = AnswerFactory(body="</script><script>alert(1)</script> dose")
    AnswerFactory(question=answer.question, is_hidden=True, title="Hidden one")
    client.force_login(UserFactory(role=Role.MODERATOR))
    page = client.get(answer.question.get_absolute_url()).content.decode()
    (data,) = json_ld(page)
    assert data["mainEntity"]["answerCount"] == 1
    assert "</script><script>" not in page.split('type="application/ld+json">')[1]


def test_the_question_page_has_a_canonical_link_without_its_query(client, answered):
    page = client.get(answered.get_absolute_url() + "?order=newest").content.decode()
    canonical = settings.SITE_URL + answered.get_absolute_url()
    assert f'<link rel="canonical" href="{canonical}">' in page


def test_share_cards_and_description_say_what_the_doctors_said(client, answered):
    summary = QuestionConsensus.objects.get(question=answered).result["summary"]
    opening = summary.split(". ")[0]
    page = client.get(answered.get_absolute_url()).content.decode()
    for name in ('name="description"', 'property="og:description"',
                 'name="twitter:description"'):  # fmt: skip
        content = re.search(rf'<meta {name} content="([^"]*)"', page).group(1)
        assert content.startswith(opening[:40])
    assert '<meta name="twitter:card" content="summary">' in page
    assert f'<meta property="og:title" content="{answered.title}">' in page


def test_a_hidden_question_says_noindex_to_the_moderators_who_see_it(client):
    question = QuestionFactory(is_hidden=True)
    client.force_login(UserFactory(role=Role.MODERATOR))
    page = client.get(question.get_absolute_url()).content.decode()
    assert '<meta name="robots" content="noindex">' in page
    visible = client.get(QuestionFactory().get_absolute_url()).content.decode()
    assert 'content="noindex"' not in visible


def test_a_treatment_page_is_a_medical_web_page_with_its_last_review(client, answered):
    topic = Topic.objects.get(slug="microneedling")
    page = client.get(topic.get_absolute_url()).content.decode()
    (data,) = json_ld(page)
    assert data["@type"] == "MedicalWebPage"
    assert data["@context"] == "https://schema.org"
    assert data["name"] == topic.name
    assert data["about"]["@type"] == "MedicalProcedure"
    computed = QuestionConsensus.objects.get(question=answered).computed_at
    assert data["lastReviewed"] == computed.date().isoformat()
    assert f'<link rel="canonical" href="{settings.SITE_URL}{topic.get_absolute_url()}">' in page


def test_the_sitemap_lists_visible_questions_topics_and_doctors_with_lastmod(client, answered):
    hidden = QuestionFactory(is_hidden=True)
    index = client.get(reverse("web:sitemap")).content.decode()
    sections = re.findall(r"<loc>([^<]+)</loc>", index)
    assert any(url.endswith("/sitemap-questions.xml") for url in sections)
    questions = client.get(reverse("web:sitemap-section", args=["questions"])).content.decode()
    assert answered.get_absolute_url() in questions
    assert hidden.get_absolute_url() not in questions
    assert "<lastmod>" in questions
    topics = client.get(reverse("web:sitemap-section", args=["topics"])).content.decode()
    assert "/topics/microneedling/" in topics
    doctor = answered.answers.first().doctor
    doctors = client.get(reverse("web:sitemap-section", args=["doctors"])).content.decode()
    assert doctor.get_absolute_url() in doctors


def test_the_question_sitemap_is_split_at_the_limit_search_engines_read(
    client, answered, monkeypatch
):
    from consilium.web.sitemaps import QuestionSitemap

    QuestionFactory()
    monkeypatch.setattr(QuestionSitemap, "limit", 1)
    index = client.get(reverse("web:sitemap")).content.decode()
    assert "sitemap-questions.xml?p=2" in index
    assert QuestionSitemap.limit == 1
    monkeypatch.undo()
    assert QuestionSitemap.limit == 50_000


def test_robots_keeps_crawlers_out_of_private_pages_and_names_the_sitemap(client):
    robots = client.get(reverse("web:robots")).content.decode()
    for path in ("/moderation/", "/accounts/", "/admin/", "/notifications/"):
        assert f"Disallow: {path}" in robots
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in robots
