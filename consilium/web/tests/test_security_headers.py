"""Every page's security headers, private pages kept out of caches, and HEAD answered as GET."""

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from consilium.accounts.models import Role
from consilium.accounts.tests.factories import UserFactory
from consilium.qa.tests.factories import AnswerFactory
from consilium.topics.models import Topic
from consilium.web.security import CONTENT_SECURITY_POLICY

pytestmark = pytest.mark.django_db
TEMPLATES = Path(__file__).resolve().parents[2]


@pytest.fixture
def public_pages():
    answer = AnswerFactory()
    topic = Topic.objects.create(slug="t-headers", name="Headers test", kind="treatment")
    question = answer.question
    return [
        reverse("web:home"),
        reverse("web:questions"),
        reverse("web:topics"),
        question.get_absolute_url(),
        reverse("web:question-short", args=[question.pk]),
        reverse("web:history", args=["question", question.pk]),
        topic.get_absolute_url(),
        answer.doctor.get_absolute_url(),
        reverse("search:search") + "?q=lines",
        reverse("web:login"),
        reverse("web:signup"),
        reverse("web:password-reset"),
        "/api/v1/questions",
        f"/api/v1/questions/{question.pk}",
        "/api/v1/openapi.json",
        "/api/v1/docs",
    ]


PRIVATE_PAGES = [
    "web:account",
    "web:export-data",
    "web:notifications",
    "web:api-tokens",
    "web:delete-account",
    "web:password-change",
    "web:doctor-apply",
    "web:ask",
    "web:report-outcome",
    "web:moderation",
    "web:moderation-log",
]


def test_head_is_answered_like_get_on_every_page(client, public_pages):
    signed_in = Client()
    signed_in.force_login(UserFactory(role=Role.MODERATOR))
    pages = [(client, url) for url in public_pages]
    pages += [(signed_in, reverse(name)) for name in PRIVATE_PAGES]
    for visitor, url in pages:
        got = visitor.get(url)
        head = visitor.head(url)
        assert got.status_code in (200, 301), url
        assert head.status_code == got.status_code, url
        assert head.content == b"", url
        assert head["Content-Type"] == got["Content-Type"], url
        if got.status_code == 200:
            assert int(head["Content-Length"]) > 0, url


def test_html_pages_forbid_inline_script_and_unused_features(client, public_pages):
    for url in public_pages:
        response = client.get(url)
        assert "camera=()" in response["Permissions-Policy"], url
        if response["Content-Type"].startswith("text/html"):
            directives = dict(
                part.strip().split(" ", 1)
                for part in response["Content-Security-Policy"].split(";")
            )
            assert directives["script-src"] == "'self'", url
            assert directives["object-src"] == "'none'", url
            assert directives["frame-ancestors"] == "'none'", url
    assert client.get(reverse("web:home"))["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


def test_private_pages_are_never_stored_by_a_cache(client):
    client.force_login(UserFactory())
    for name in ("web:account", "web:export-data", "web:notifications", "web:api-tokens"):
        response = client.get(reverse(name))
        assert "no-store" in response["Cache-Control"], name
        assert "public" not in response["Cache-Control"], name


def test_no_template_or_script_runs_inline_code():
    # The policy forbids inline script; this keeps the templates honest, so nothing breaks.
    for template in TEMPLATES.glob("*/templates/**/*.html"):
        text = template.read_text()
        lowered = text.lower()
        for script in lowered.split("<script")[1:]:
            opening = script.split(">", 1)[0]
            data = "application/json" in opening or "application/ld+json" in opening
            assert " src=" in opening or data, template
        assert "javascript:" not in lowered, template
        for handler in ("onclick", "onload", "onerror", "onsubmit", "onchange", "oninput"):
            assert f" {handler}=" not in lowered, (template, handler)
        assert " style=" not in lowered, template
        assert "hx-on" not in lowered, template
