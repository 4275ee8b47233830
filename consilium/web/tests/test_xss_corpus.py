"""Every payload of the XSS corpus, posted through every text field, renders as inert text.

Each field's payloads are posted with the test client the way a browser would post the form;
the pages that show the text are parsed as a browser parses them and checked for anything
that could run: script elements, event handlers, script URLs, frames, htmx triggers.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse

from consilium.accounts.models import Role
from consilium.accounts.tests.factories import UserFactory
from consilium.doctors.models import DoctorProfile
from consilium.doctors.services import verify_doctor
from consilium.doctors.tests.factories import DoctorFactory
from consilium.qa.models import Answer, Question
from consilium.qa.tests.factories import AnswerFactory, QuestionFactory
from consilium.topics.models import Topic
from consilium.web.tests.xss import active_markup, batches, payloads

pytestmark = pytest.mark.django_db
PAYLOADS = payloads()


@pytest.fixture(autouse=True)
def posting_freely(settings):
    # The corpus posts hundreds of times from one account; the pace of new accounts is
    # tested elsewhere.
    settings.NEW_ACCOUNT_POSTS_PER_HOUR = 100_000
    settings.SIGN_UP_RATE = "100000/h"


def assert_inert(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, url
    assert active_markup(response.content.decode()) == [], url


def assert_response_inert(response, where: str) -> None:
    assert response.status_code in (200, 302), where
    if response.status_code == 200:
        assert active_markup(response.content.decode()) == [], where


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_corpus_has_at_least_500_payloads_that_each_would_run():
    assert len(PAYLOADS) >= 500
    assert len(set(PAYLOADS)) == len(PAYLOADS)
    assert all("alert" in p or "msgbox" in p or "evil" in p or "hx-" in p or "{" in p
               or "<" in p or ":" in p for p in PAYLOADS)  # fmt: skip


@pytest.mark.parametrize(
    "markup",
    [
        "<img src=x onerror=alert(1)>",
        "<script>alert(1)</script>",
        '<a href="java&#09;script:alert(1)">x</a>',
        "<svg><a xlink:href='javascript:alert(1)'><text>x</text></a></svg>",
        "<iframe srcdoc='x'></iframe>",
        '<div hx-get="/" hx-trigger="load">x</div>',
        "<p>x<style>@import 'x';</style></p>",
    ],
)
def test_the_reader_finds_markup_that_runs(markup):
    page = f"<!doctype html><html><head></head><body>{markup}</body></html>"
    assert active_markup(page)


def test_our_own_pages_have_no_active_markup(client):
    question = AnswerFactory().question
    for url in (reverse("web:home"), question.get_absolute_url(), reverse("web:signup")):
        assert_inert(client, url)


def test_question_titles_and_what_is_tried(client):
    asker = UserFactory()
    client.force_login(asker)
    for payload in PAYLOADS:
        response = client.post(
            reverse("web:ask"),
            {
                "title": f"{payload} ?"[:200].ljust(10, "?"),
                "body": "A body long enough for the form to take it.",
                "trying": payload[:200],
                "planned_months": "1",
            },
            follow=True,
        )
        assert_response_inert(response, payload)
    assert Question.objects.count() > len(PAYLOADS) // 2
    for url in (reverse("web:home"), reverse("web:questions"), reverse("web:notifications")):
        assert_inert(client, url)


def test_question_bodies_and_their_history(client):
    asker = UserFactory()
    client.force_login(asker)
    for n, body in enumerate(batches(PAYLOADS, 10_000)):
        response = client.post(
            reverse("web:ask"),
            {"title": f"Question {n} with hostile details?", "body": body},
            follow=True,
        )
        assert_response_inert(response, body[:80])
        question = Question.objects.get(title=f"Question {n} with hostile details?")
        # An edit puts the payloads in the revision history's diff.
        client.post(
            reverse("web:edit-question", args=[question.pk]),
            {"title": f"Question {n}: <b>edited</b>?", "body": f"<i>Edited:</i> {body}"[:10_000]},
        )
        assert_inert(client, reverse("web:history", args=["question", question.pk]))
    preview = client.post(reverse("web:markdown-preview"), {"body": PAYLOADS[0]})
    assert active_markup(preview.content.decode()) == []


def test_answer_titles_bodies_and_references(client):
    doctor = DoctorFactory()
    client.force_login(doctor.user)
    questions = QuestionFactory.create_batch(3)
    for question, body in zip(questions, batches(PAYLOADS, 20_000), strict=False):
        response = client.post(
            reverse("web:answer", args=[question.pk]),
            {"title": "A hostile answer", "body": body, "verdict": "depends"},
            follow=True,
        )
        assert_response_inert(response, body[:80])
    answer = Answer.objects.filter(doctor=doctor).first()
    assert answer is not None
    for payload in PAYLOADS:
        response = client.post(
            reverse("web:edit-answer", args=[answer.pk]),
            {
                "title": payload[:200].ljust(5, "?"),
                "body": f"A body long enough, then: {payload}",
                "verdict": "depends",
                "references": payload,
            },
            follow=True,
        )
        assert_response_inert(response, payload)
    assert_inert(client, reverse("web:history", args=["answer", answer.pk]))
    assert_inert(client, doctor.get_absolute_url())


def test_updates_from_the_asker(client):
    asker = UserFactory()
    question = QuestionFactory(asker=asker)
    client.force_login(asker)
    for body in batches(PAYLOADS, 5_000):
        response = client.post(
            reverse("web:question-update", args=[question.pk]), {"body": body}, follow=True
        )
        assert_response_inert(response, body[:80])
    assert question.updates.count() >= 2
    assert_inert(client, question.get_absolute_url())


def test_outcome_reports(client):
    patient = UserFactory()
    client.force_login(patient)
    for n, text in enumerate(batches(PAYLOADS, 5_000)):
        topic = Topic.objects.create(slug=f"t-xss-{n}", name=f"Xss test {n}", kind="treatment")
        response = client.post(
            reverse("web:report-outcome"),
            {"topic": topic.name, "weeks": "8", "worth_it": "no", "rating": "2", "text": text},
            follow=True,
        )
        assert_response_inert(response, text[:80])
        assert_inert(client, topic.get_absolute_url())
    assert_inert(client, f"/api/v1/topics/{topic.slug}")  # JSON: nothing in it is markup


def test_doctor_profiles_from_the_application_to_the_public_page(client):
    moderator = UserFactory(role=Role.MODERATOR)
    queue = signed_in(moderator)
    for n, payload in enumerate(PAYLOADS):
        applicant = UserFactory()
        client.force_login(applicant)
        response = client.post(
            reverse("web:doctor-apply"),
            {
                "display_name": payload[:120],
                "specialty": payload[:120],
                "board_certification": payload[:200],
                "licence_number": f"X-{n}",
                "jurisdiction": payload[:120],
                "practice": payload[:200],
                # A URL field refuses most payloads; every tenth tries it, to check the echo.
                "website": payload[:200] if n % 10 == 1 else "",
                "bio": payload,
            },
        )
        assert_response_inert(response, payload)
        if n % 50 == 0:
            assert_inert(queue, reverse("web:moderation"))
        profile = DoctorProfile.objects.filter(user=applicant).first()
        if profile is not None:
            verify_doctor(profile, moderator=moderator)
            assert_inert(client, profile.get_absolute_url())
    assert DoctorProfile.objects.count() > len(PAYLOADS) // 2


def test_flag_notes_in_the_moderation_queue():
    reporter = signed_in(UserFactory())
    moderator = signed_in(UserFactory(role=Role.MODERATOR))
    for note in batches(PAYLOADS, 1_000):
        question = QuestionFactory()
        response = reporter.post(
            reverse("web:flag", args=["question", question.pk]),
            {"reason": "spam", "note": note},
            follow=True,
        )
        assert_response_inert(response, note[:80])
    assert_inert(moderator, reverse("web:moderation"))


def test_search_queries_and_refused_sign_ups(client):
    QuestionFactory(title="Is alert(1) a treatment for fine lines?")
    for payload in PAYLOADS:
        assert_inert(client, reverse("search:search") + "?" + urlencode({"q": payload}))
        response = client.post(
            reverse("web:signup"),
            {"email": f"{payload}@example.com"[:254], "handle": payload[:40], "password": "x"},
        )
        assert_response_inert(response, payload)
