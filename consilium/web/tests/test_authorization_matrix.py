"""Who may use each page and endpoint: every URL, method and role has a cell here."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from consilium.accounts.models import NotificationKind, Role
from consilium.accounts.notifications import unsubscribe_token
from consilium.accounts.tests.factories import UserFactory
from consilium.api.services import create_token
from consilium.consensus.services import refresh_consensus
from consilium.doctors.models import VerificationStatus
from consilium.doctors.services import add_application_documents
from consilium.doctors.tests.factories import DoctorFactory
from consilium.doctors.tests.helpers import PDF, upload
from consilium.moderation.models import Flag
from consilium.outcomes.tests.factories import OutcomeReportFactory
from consilium.qa.tests.factories import AnswerFactory, QuestionFactory
from consilium.topics.models import Topic

ANONYMOUS, PATIENT, OWNER = "anonymous", "patient", "owning patient"
PENDING, VERIFIED, REVOKED, MODERATOR = (
    "pending doctor", "verified doctor", "revoked doctor", "moderator",
)  # fmt: skip
ROLES = (ANONYMOUS, PATIENT, OWNER, PENDING, VERIFIED, REVOKED, MODERATOR)
EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {ANONYMOUS}
ONLY_VERIFIED = frozenset({VERIFIED})
ONLY_MODERATOR = frozenset({MODERATOR})
# The pending doctor is the applicant: their documents are theirs and the moderators' alone.
ONLY_APPLICANT = frozenset({PENDING})
NOBODY = frozenset()


@dataclass
class World:
    users: dict[str, Any]
    question: Any
    answer: Any  # by the verified doctor of the matrix
    other_answer: Any  # by a doctor outside the matrix
    flag: Any
    application: Any
    topic: Any
    open_question: Any = None  # unanswered, asked by someone outside the matrix
    api_token: Any = None  # the owning patient's, for the API tokens page
    report: Any = None  # the owning patient's outcome report
    unsubscribe_token: str = ""  # the owning patient's, for new-answer emails
    document: Any = None  # sent with the pending doctor's application
    sessions: dict[str, str] = field(default_factory=dict)  # session key by role
    secrets: dict[str, str] = field(default_factory=dict)  # read-write API token by role


def build_world() -> World:
    users: dict[str, Any] = {ANONYMOUS: None}
    users[PATIENT] = UserFactory()
    users[OWNER] = UserFactory()
    for role, status in (
        (PENDING, VerificationStatus.PENDING),
        (VERIFIED, VerificationStatus.VERIFIED),
        (REVOKED, VerificationStatus.REVOKED),
    ):
        users[role] = DoctorFactory(verification_status=status).user
    users[MODERATOR] = UserFactory(role=Role.MODERATOR)
    question = QuestionFactory(asker=users[OWNER])
    topic = Topic.objects.create(slug="matrix-topic", name="Matrix topic", kind="treatment")
    question.topics.add(topic)
    answer = AnswerFactory(question=question, doctor=users[VERIFIED].doctor_profile)
    other_answer = AnswerFactory(question=question)
    refresh_consensus(question.pk)
    flag = Flag.objects.create(reporter=users[PATIENT], answer=other_answer, reason="spam")
    application = DoctorFactory(verification_status=VerificationStatus.PENDING)
    world = World(users, question, answer, other_answer, flag, application, topic)
    world.open_question = QuestionFactory()
    world.api_token = create_token(user=users[OWNER], name="matrix", scope="read").token
    world.report = OutcomeReportFactory(patient=users[OWNER], topic=topic)
    world.unsubscribe_token = unsubscribe_token(users[OWNER], [NotificationKind.NEW_ANSWER])
    (world.document,) = add_application_documents(user=users[PENDING], documents=[upload(PDF)])
    return world


@dataclass(frozen=True)
class Cell:
    """Who may use a URL with a method, how to build the URL, and what to post."""

    allowed: frozenset[str]
    url: Callable[[World], str]
    data: Callable[[World], dict[str, Any]] = lambda world: {}


def page(url_name: str, **kwargs: Callable[[World], Any]) -> Callable[[World], str]:
    return lambda world: reverse(url_name, kwargs={k: get(world) for k, get in kwargs.items()})


QUESTION = {"pk": lambda w: w.question.pk}
OWN_ANSWER = {"pk": lambda w: w.answer.pk}
OTHER_ANSWER = {"pk": lambda w: w.other_answer.pk}
ONLY_OWNER = frozenset({OWNER})
QUESTION_TEXT = lambda world: {  # noqa: E731
    "title": "Is a second opinion worth it here?",
    "body": "A body long enough to be accepted by the form.",
}
REASON = lambda world: {"reason": "checked in the matrix test"}  # noqa: E731


def api(path: Callable[[World], str]) -> Callable[[World], str]:
    return lambda world: "/api/v1" + path(world)


API_QUESTION = api(lambda w: f"/questions/{w.question.pk}")
API_OWN_ANSWER = api(lambda w: f"/answers/{w.answer.pk}")
API_ANSWER_TEXT = lambda world: {  # noqa: E731
    "title": "It depends on the scars",
    "body": "A body long enough to be accepted by the answer form.",
    "verdict": "depends",
}

# url name -> method -> cell. GET and POST are checked for every URL, and any other method a
# row names; a method without a cell must be refused with 405 for everyone. API operations
# not open to everyone are checked twice: with the session, and with a read-write token.
MATRIX: dict[str, dict[str, Cell]] = {
    "web:home": {"GET": Cell(EVERYONE, page("web:home"))},
    "web:robots": {"GET": Cell(EVERYONE, page("web:robots"))},
    "web:sitemap": {"GET": Cell(EVERYONE, page("web:sitemap"))},
    "web:sitemap-section": {
        "GET": Cell(EVERYONE, page("web:sitemap-section", section=lambda w: "questions"))
    },
    "web:questions": {
        "GET": Cell(EVERYONE, lambda w: reverse("web:questions") + "?order=unanswered")
    },
    "web:topics": {"GET": Cell(EVERYONE, page("web:topics"))},
    "web:question-short": {"GET": Cell(EVERYONE, page("web:question-short", **QUESTION))},
    "web:question": {
        "GET": Cell(EVERYONE, page("web:question", **QUESTION, slug=lambda w: w.question.slug))
    },
    "web:answer": {
        "GET": Cell(ONLY_VERIFIED, page("web:answer", **QUESTION)),
        "POST": Cell(
            ONLY_VERIFIED,
            page("web:answer", **QUESTION),
            lambda w: {"title": "A title", "body": "A body.", "verdict": "depends"},
        ),
    },
    "web:ask": {
        "GET": Cell(EVERYONE, page("web:ask")),
        "POST": Cell(SIGNED_IN, page("web:ask"), QUESTION_TEXT),
    },
    "web:markdown-preview": {
        "POST": Cell(EVERYONE, page("web:markdown-preview"), lambda w: {"body": "*hi*"})
    },
    "web:topic-suggestions": {"GET": Cell(EVERYONE, page("web:topic-suggestions"))},
    "web:urgent-care": {"GET": Cell(EVERYONE, page("web:urgent-care"))},
    "web:edit-question": {
        "GET": Cell(ONLY_OWNER, page("web:edit-question", **QUESTION)),
        "POST": Cell(ONLY_OWNER, page("web:edit-question", **QUESTION), QUESTION_TEXT),
    },
    "web:question-update": {
        "POST": Cell(
            ONLY_OWNER,
            page("web:question-update", **QUESTION),
            lambda w: {"body": "Update after two weeks: no change yet."},
        )
    },
    "web:follow": {"POST": Cell(SIGNED_IN, page("web:follow", **QUESTION))},
    "web:edit-answer": {
        "GET": Cell(ONLY_VERIFIED, page("web:edit-answer", **OWN_ANSWER)),
        "POST": Cell(ONLY_VERIFIED, page("web:edit-answer", **OWN_ANSWER)),
    },
    "web:agree": {"POST": Cell(ONLY_VERIFIED, page("web:agree", **OTHER_ANSWER))},
    "web:helpful": {"POST": Cell(SIGNED_IN, page("web:helpful", **OTHER_ANSWER))},
    "web:history": {
        "GET": Cell(
            EVERYONE, page("web:history", kind=lambda w: "answer", pk=lambda w: w.answer.pk)
        )
    },
    "web:notifications": {
        "GET": Cell(SIGNED_IN, page("web:notifications")),
        "POST": Cell(SIGNED_IN, page("web:notifications")),
    },
    "web:report-outcome": {
        "GET": Cell(SIGNED_IN, page("web:report-outcome")),
        "POST": Cell(SIGNED_IN, page("web:report-outcome")),
    },
    # Photos of public reports are public; the world has none, so everyone gets 404.
    "web:delete-outcome": {
        "POST": Cell(ONLY_OWNER, page("web:delete-outcome", pk=lambda w: w.report.pk))
    },
    "web:outcome-photo": {
        "GET": Cell(NOBODY, page("web:outcome-photo", name=lambda w: "0" * 32 + ".jpg"))
    },
    "search:search": {"GET": Cell(EVERYONE, lambda w: reverse("search:search") + "?q=peel")},
    "search:similar": {
        "GET": Cell(EVERYONE, lambda w: reverse("search:similar") + "?title=peel+for+melasma")
    },
    "api:search_questions": {"GET": Cell(EVERYONE, lambda w: "/api/v1/search?q=peel")},
    "api:similar": {"GET": Cell(EVERYONE, lambda w: "/api/v1/questions/similar?q=peel")},
    "web:topic": {"GET": Cell(EVERYONE, page("web:topic", slug=lambda w: w.topic.slug))},
    "web:doctor-home": {"GET": Cell(ONLY_VERIFIED, page("web:doctor-home"))},
    "web:doctor": {"GET": Cell(EVERYONE, page("web:doctor", slug=lambda w: w.answer.doctor.slug))},
    "web:signup": {
        "GET": Cell(EVERYONE, page("web:signup")),
        "POST": Cell(EVERYONE, page("web:signup"), lambda w: {"email": "x@example.com"}),
    },
    "web:login": {
        "GET": Cell(EVERYONE, page("web:login")),
        "POST": Cell(EVERYONE, page("web:login"), lambda w: {"username": "x@example.com"}),
    },
    "web:logout": {"POST": Cell(EVERYONE, page("web:logout"))},
    "web:account": {"GET": Cell(SIGNED_IN, page("web:account"))},
    "web:export-data": {"GET": Cell(SIGNED_IN, page("web:export-data"))},
    "web:delete-account": {
        "GET": Cell(SIGNED_IN, page("web:delete-account")),
        "POST": Cell(SIGNED_IN, page("web:delete-account"), lambda w: {"password": "wrong"}),
    },
    "web:password-change": {
        "GET": Cell(SIGNED_IN, page("web:password-change")),
        "POST": Cell(SIGNED_IN, page("web:password-change")),
    },
    "web:password-change-done": {"GET": Cell(SIGNED_IN, page("web:password-change-done"))},
    "web:password-reset": {
        "GET": Cell(EVERYONE, page("web:password-reset")),
        "POST": Cell(EVERYONE, page("web:password-reset"), lambda w: {"email": "x@x.test"}),
    },
    "web:password-reset-done": {"GET": Cell(EVERYONE, page("web:password-reset-done"))},
    "web:password-reset-confirm": {
        "GET": Cell(
            EVERYONE,
            page("web:password-reset-confirm", uidb64=lambda w: "MQ", token=lambda w: "x-y"),
        ),
        "POST": Cell(
            EVERYONE,
            page("web:password-reset-confirm", uidb64=lambda w: "MQ", token=lambda w: "x-y"),
        ),
    },
    "web:password-reset-complete": {"GET": Cell(EVERYONE, page("web:password-reset-complete"))},
    "web:doctor-apply": {
        "GET": Cell(SIGNED_IN, page("web:doctor-apply")),
        "POST": Cell(SIGNED_IN, page("web:doctor-apply")),
    },
    "web:application-documents": {
        "GET": Cell(ONLY_APPLICANT, page("web:application-documents")),
        "POST": Cell(ONLY_APPLICANT, page("web:application-documents")),
    },
    "web:application-document-remove": {
        "POST": Cell(
            ONLY_APPLICANT, page("web:application-document-remove", pk=lambda w: w.document.pk)
        )
    },
    "web:application-document": {
        "GET": Cell(
            ONLY_APPLICANT | ONLY_MODERATOR,
            page("web:application-document", pk=lambda w: w.document.pk),
        )
    },
    "web:flag": {
        "GET": Cell(SIGNED_IN, page("web:flag", kind=lambda w: "answer", pk=lambda w: w.answer.pk)),
        "POST": Cell(
            SIGNED_IN,
            page("web:flag", kind=lambda w: "question", pk=lambda w: w.question.pk),
            lambda w: {"reason": "spam"},
        ),
    },
    "web:moderation": {"GET": Cell(ONLY_MODERATOR, page("web:moderation"))},
    "web:moderation-log": {"GET": Cell(ONLY_MODERATOR, page("web:moderation-log"))},
    "web:question-filing": {
        "GET": Cell(ONLY_MODERATOR, page("web:question-filing", **QUESTION)),
        "POST": Cell(ONLY_MODERATOR, page("web:question-filing", **QUESTION)),
    },
    "web:moderation-doctor": {
        "POST": Cell(
            ONLY_MODERATOR,
            page(
                "web:moderation-doctor", pk=lambda w: w.application.pk, decision=lambda w: "reject"
            ),
            REASON,
        )
    },
    # Registry checks are off in tests: the moderator is told so, and nothing is asked.
    "web:moderation-registry-check": {
        "POST": Cell(
            ONLY_MODERATOR,
            page("web:moderation-registry-check", pk=lambda w: w.application.pk),
        )
    },
    "web:moderation-post": {
        "POST": Cell(
            ONLY_MODERATOR,
            page(
                "web:moderation-post",
                kind=lambda w: "answer",
                pk=lambda w: w.answer.pk,
                action=lambda w: "hide",
            ),
            REASON,
        )
    },
    "web:moderation-dismiss": {
        "POST": Cell(ONLY_MODERATOR, page("web:moderation-dismiss", pk=lambda w: w.flag.pk), REASON)
    },
    "api:question_consensus": {
        "GET": Cell(EVERYONE, lambda w: f"/api/v1/questions/{w.question.pk}/consensus")
    },
    # The JSON API: the same rules as the pages, from the same services and permissions.
    "api:questions": {
        "GET": Cell(EVERYONE, api(lambda w: "/questions")),
        "POST": Cell(SIGNED_IN, api(lambda w: "/questions"), QUESTION_TEXT),
    },
    "api:question": {
        "GET": Cell(EVERYONE, API_QUESTION),
        "PATCH": Cell(
            ONLY_OWNER, API_QUESTION, lambda w: {"title": "Is a second opinion still worth it?"}
        ),
    },
    "api:question_updates": {
        "POST": Cell(
            ONLY_OWNER,
            api(lambda w: f"/questions/{w.question.pk}/updates"),
            lambda w: {"body": "Update after two weeks: no change yet."},
        )
    },
    "api:question_answers": {
        "POST": Cell(
            ONLY_VERIFIED,
            api(lambda w: f"/questions/{w.open_question.pk}/answers"),
            API_ANSWER_TEXT,
        )
    },
    "api:question_follow": {
        "PUT": Cell(SIGNED_IN, api(lambda w: f"/questions/{w.question.pk}/follow")),
        "DELETE": Cell(SIGNED_IN, api(lambda w: f"/questions/{w.question.pk}/follow")),
    },
    "api:answer": {
        "GET": Cell(EVERYONE, API_OWN_ANSWER),
        "PATCH": Cell(ONLY_VERIFIED, API_OWN_ANSWER, lambda w: {"verdict": "recommend"}),
    },
    "api:answer_agreement": {
        "PUT": Cell(ONLY_VERIFIED, api(lambda w: f"/answers/{w.other_answer.pk}/agreement")),
        "DELETE": Cell(ONLY_VERIFIED, api(lambda w: f"/answers/{w.other_answer.pk}/agreement")),
    },
    "api:answer_helpful": {
        "PUT": Cell(SIGNED_IN, api(lambda w: f"/answers/{w.other_answer.pk}/helpful")),
        "DELETE": Cell(SIGNED_IN, api(lambda w: f"/answers/{w.other_answer.pk}/helpful")),
    },
    "api:topics": {"GET": Cell(EVERYONE, api(lambda w: "/topics"))},
    "api:topic": {"GET": Cell(EVERYONE, api(lambda w: f"/topics/{w.topic.slug}"))},
    "api:topic_outcomes": {
        "GET": Cell(EVERYONE, api(lambda w: f"/topics/{w.topic.slug}/outcomes"))
    },
    "api:doctors": {"GET": Cell(EVERYONE, api(lambda w: "/doctors"))},
    "api:doctor": {"GET": Cell(EVERYONE, api(lambda w: f"/doctors/{w.answer.doctor.slug}"))},
    "api:notifications": {"GET": Cell(SIGNED_IN, api(lambda w: "/notifications"))},
    "api:notifications_read": {"POST": Cell(SIGNED_IN, api(lambda w: "/notifications/read"))},
    "web:notification-settings": {
        "GET": Cell(SIGNED_IN, page("web:notification-settings")),
        "POST": Cell(
            SIGNED_IN,
            page("web:notification-settings"),
            lambda w: dict.fromkeys(NotificationKind.values, "daily"),
        ),
    },
    # The signed token stands for its person, whoever holds the link; a bad one is refused.
    "web:unsubscribe": {
        "GET": Cell(EVERYONE, page("web:unsubscribe", token=lambda w: w.unsubscribe_token)),
        "POST": Cell(EVERYONE, page("web:unsubscribe", token=lambda w: w.unsubscribe_token)),
    },
    "web:api-tokens": {
        "GET": Cell(SIGNED_IN, page("web:api-tokens")),
        "POST": Cell(
            SIGNED_IN, page("web:api-tokens"), lambda w: {"name": "My script", "scope": "read"}
        ),
    },
    "web:revoke-api-token": {
        "POST": Cell(ONLY_OWNER, page("web:revoke-api-token", pk=lambda w: w.api_token.pk))
    },
    # django-ninja serves its schema and docs to any method; both are public and read-only.
    "api:openapi-json": {
        "GET": Cell(EVERYONE, lambda w: "/api/v1/openapi.json"),
        "POST": Cell(EVERYONE, lambda w: "/api/v1/openapi.json"),
    },
    "api:api-root": {
        "GET": Cell(NOBODY, lambda w: "/api/v1/"),
        "POST": Cell(NOBODY, lambda w: "/api/v1/"),
    },
    "api:openapi-view": {
        "GET": Cell(EVERYONE, lambda w: "/api/v1/docs"),
        "POST": Cell(EVERYONE, lambda w: "/api/v1/docs"),
    },
}

# Django's admin guards itself (staff only) and is not part of the product's pages.
NOT_IN_MATRIX = ("admin:",)


def url_names(resolver: URLResolver | None = None, prefix: str = "") -> set[str]:
    names = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            names |= url_names(entry, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(prefix + entry.name)
    return names


def test_every_url_has_a_row_in_the_matrix():
    missing = {
        name for name in url_names() if name not in MATRIX and not name.startswith(NOT_IN_MATRIX)
    }
    assert not missing, f"add these URLs to the authorization matrix: {sorted(missing)}"


def client_for(world: World, role: str, via: str = "session") -> Client:
    if world.users[role] is None:
        return Client()
    if via == "token":
        return Client(headers={"Authorization": f"Bearer {world.secrets[role]}"})
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    return client


def sign_everyone_in(world: World) -> None:
    """A session and a read-write token for each role, made once with the world."""
    for role, user in world.users.items():
        if user is not None:
            client = Client()
            client.force_login(user)
            world.sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
            world.secrets[role] = create_token(user=user, name="matrix", scope="read-write").secret


def was_allowed(response: Any) -> bool:
    if response.status_code in (401, 403, 404):
        return False
    if response.status_code in (301, 302):
        return not response["Location"].startswith(reverse("web:login"))
    assert response.status_code < 400, f"unexpected status {response.status_code}"
    return True


def needs_sign_in(name: str, method: str) -> bool:
    """An API operation that not everyone may use: there a token must act as its owner."""
    cell = MATRIX[name].get(method)
    return name.startswith("api:") and cell is not None and cell.allowed != EVERYONE


CASES = [
    (name, method, role, via)
    for name in sorted(MATRIX)
    for method in sorted({"GET", "POST", *MATRIX[name]})
    for role in ROLES
    for via in ("session", "token")
    if via == "session" or (needs_sign_in(name, method) and role != ANONYMOUS)
]  # fmt: skip


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """The world, built once for every case of the module (with everyone signed in), in a
    transaction rolled back at the end. Each case runs in a savepoint of its own inside it
    (pytest-django's django_db), rolled back after the case, so no case sees what another
    one wrote, not even a signed-out session or a deleted account."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        # Marked as a test case's own block, so that services' durable blocks may nest in it.
        outer._from_testcase = True  # type: ignore[attr-defined]
        outer.__enter__()
        try:
            world = build_world()
            sign_everyone_in(world)
            yield world
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "method", "role", "via"), CASES)
def test_access(world: World, name: str, method: str, role: str, via: str):
    client = client_for(world, role, via)
    cell = MATRIX[name].get(method)
    if cell is None:
        any_cell = next(iter(MATRIX[name].values()))
        response = client.generic(method, any_cell.url(world))
        assert response.status_code == 405, f"{method} {name} should be refused with 405"
        return
    url = cell.url(world)
    if method == "GET":
        response = client.get(url)
    elif url.startswith("/api/"):
        body = json.dumps(cell.data(world))
        response = client.generic(method, url, body, content_type="application/json")
    else:
        response = client.post(url, cell.data(world))
    expected = role in cell.allowed
    assert was_allowed(response) == expected, (
        f"{role} {'should' if expected else 'should not'} be able to {method} {url} "
        f"(got {response.status_code})"
    )
