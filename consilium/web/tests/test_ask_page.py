"""The ask form: a question with topics, a preview, and optionally a trial."""

from datetime import date

import pytest
from django.urls import reverse

from consilium.accounts.tests.factories import UserFactory
from consilium.outcomes.models import Trial
from consilium.qa.models import Follow, Question, Revision
from consilium.qa.tests.factories import QuestionFactory
from consilium.topics.models import Topic

pytestmark = pytest.mark.django_db

QUESTION = {
    "title": "Will microneedling fade my rolling acne scars?",
    "body": "I am 31 with rolling scars on both cheeks. Is microneedling worth trying?",
}


@pytest.fixture
def topics():
    return [
        Topic.objects.create(slug="t-needling", name="Needling test", kind="treatment",
                             synonyms=["collagen induction"]),
        Topic.objects.create(slug="t-scars", name="Scars test", kind="condition"),
    ]  # fmt: skip


@pytest.fixture
def asker(client):
    user = UserFactory()
    client.force_login(user)
    return user


def test_it_posts_a_question_with_topics_by_name_or_synonym(client, asker, topics):
    response = client.post(
        reverse("web:ask"), {**QUESTION, "topics": "collagen induction, Scars test"}
    )
    question = Question.objects.get()
    assert response["Location"] == question.get_absolute_url()
    assert set(question.topics.all()) == set(topics)
    assert question.asker == asker
    assert Follow.objects.filter(question=question, user=asker).exists()
    assert Revision.objects.filter(question=question).count() == 1


def test_errors_are_next_to_their_field_and_nothing_typed_is_lost(client, asker, topics):
    response = client.post(
        reverse("web:ask"),
        {"title": "Short?", "body": QUESTION["body"], "topics": "Needling test, moonbeams"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ensure this value has at least 10 characters" in page
    assert "We have no topic called &#x27;moonbeams&#x27;" in page
    assert QUESTION["body"] in page
    assert 'value="Needling test, moonbeams"' in page
    assert not Question.objects.exists()


def test_preview_renders_the_markdown_without_posting(client, asker):
    response = client.post(
        reverse("web:ask"), {**QUESTION, "body": "**Bold** claim, long enough.", "preview": "1"}
    )
    assert "<strong>Bold</strong>" in response.content.decode()
    assert not Question.objects.exists()


def test_the_htmx_preview_returns_only_the_rendered_fragment(client):
    response = client.post(reverse("web:markdown-preview"), {"body": "*soft* <script>x</script>"})
    page = response.content.decode()
    assert "<em>soft</em>" in page
    assert "<script>" not in page
    assert "<html" not in page


def test_the_same_question_twice_in_a_day_is_refused(client, asker):
    QuestionFactory(asker=asker, title=QUESTION["title"])
    response = client.post(reverse("web:ask"), QUESTION)
    assert "You asked this same question in the last day" in response.content.decode()
    assert Question.objects.count() == 1


def test_the_asker_can_say_what_they_are_trying(client, asker, topics):
    client.post(
        reverse("web:ask"),
        {**QUESTION, "trying": "Needling test", "planned_months": "4", "started_on": "2026-01-05"},
    )
    trial = Trial.objects.get()
    assert trial.topic == topics[0]
    # Asked in months, kept in whole weeks so the reminder falls on a day.
    assert trial.planned_weeks == 17
    assert trial.started_on == date(2026, 1, 5)
    assert trial.ends_on == date(2026, 5, 4)
    page = client.get(trial.question.get_absolute_url()).content.decode()
    assert "The asker is trying <strong>Needling test</strong> for 4 months" in page


def test_the_ask_form_asks_for_the_trial_in_months(client, asker):
    page = client.get(reverse("web:ask")).content.decode()
    assert "For how many months?" in page
    assert "week" not in page.lower().replace("weekly", "")


def test_a_trial_needs_its_duration(client, asker):
    response = client.post(reverse("web:ask"), {**QUESTION, "trying": "facial EMS"})
    assert "Say for how many months you plan to try it." in response.content.decode()
    assert not Question.objects.exists()


def test_topic_suggestions_match_names_and_synonyms(client, topics):
    response = client.get(reverse("web:topic-suggestions"), {"topics": "Scars test, collagen"})
    page = response.content.decode()
    assert 'data-topic="Needling test"' in page
    assert "Scars test" not in page


def test_anonymous_visitors_are_sent_to_sign_in_when_they_post(client):
    response = client.post(reverse("web:ask"), QUESTION)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:login"))
    assert not Question.objects.exists()


def test_the_ask_form_asks_for_similar_questions_as_the_title_is_typed(client, asker):
    page = client.get(reverse("web:ask")).content.decode()
    assert f'hx-get="{reverse("search:similar")}"' in page
    assert 'hx-include="#id_title"' in page


def test_it_shows_the_ask_form_to_a_signed_out_visitor(client):
    response = client.get(reverse("web:ask"))
    assert response.status_code == 200
    assert "what you type here is kept" in response.content.decode()


def test_it_keeps_a_signed_out_visitors_question_through_sign_in(client):
    response = client.post(reverse("web:ask"), {**QUESTION, "topics": "Scars test"})
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('web:login')}?next={reverse('web:ask')}"
    assert not Question.objects.exists()
    user = UserFactory(username="kept@example.com", email="kept@example.com")
    signed_in = client.post(
        response["Location"],
        {
            "username": "kept@example.com",
            "password": "correct horse battery staple",
            "next": "/ask/",
        },
    )
    assert signed_in["Location"] == reverse("web:ask")
    page = client.get(reverse("web:ask")).content.decode()
    assert f'value="{QUESTION["title"]}"' in page
    assert QUESTION["body"] in page
    assert 'value="Scars test"' in page
    assert user.handle in page
    # Kept once: the next visit starts afresh.
    assert QUESTION["body"] not in client.get(reverse("web:ask")).content.decode()


@pytest.mark.parametrize("started_on", ["9999-12-31", "0001-01-01", "1900-01-01"])
def test_a_start_date_far_from_today_is_refused_next_to_its_field(
    client, asker, topics, started_on
):
    response = client.post(
        reverse("web:ask"),
        {**QUESTION, "trying": "Needling test", "planned_months": "4", "started_on": started_on},
    )
    assert response.status_code == 200
    assert "Pick a start date between" in response.content.decode()
    assert QUESTION["body"] in response.content.decode()
    assert not Question.objects.exists()
    assert not Trial.objects.exists()


def test_titles_and_what_is_tried_are_kept_on_one_line(client, asker, topics):
    client.post(
        reverse("web:ask"),
        {
            "title": "Will microneedling\r\nfade my\u2028scars?",
            "body": QUESTION["body"],
            "trying": "Needling\ntest",
            "planned_months": "2",
        },
    )
    question = Question.objects.get()
    assert question.title == "Will microneedling fade my scars?"
    assert question.trial.description == "Needling test"


def test_ask_this_question_from_a_search_fills_in_the_title(client):
    response = client.get(reverse("web:ask"), {"title": "Glowing ears after a sauna?"})
    assert 'value="Glowing ears after a sauna?"' in response.content.decode()


def test_an_empty_question_says_what_to_write_at_the_top_and_beside_each_field(client, asker):
    page = client.post(reverse("web:ask"), {"title": "", "body": ""}).content.decode()
    summary = page.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    assert '<a href="#id_title">Title — Write your question in one line.</a>' in summary
    assert "Details — Tell the doctors a little about you and what you hope for." in summary
    assert "This field is required." not in page


def test_the_ask_form_runs_a_fixed_number_of_queries(
    client, asker, topics, django_assert_num_queries
):
    QuestionFactory(title="Another question on needling")
    # user (the session comes from its cache), the topic names for suggestions, unread
    # notifications
    with django_assert_num_queries(3):
        client.get(reverse("web:ask"), {"title": "Glowing ears?"})
