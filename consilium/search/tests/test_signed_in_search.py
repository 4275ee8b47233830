"""A search's page for signed-in readers: kept ready per search, their header and token put in."""

import re

import pytest
from django.db import DatabaseError
from django.test import Client
from django.urls import reverse

from consilium.accounts.models import Role
from consilium.accounts.tests.factories import UserFactory
from consilium.consensus.services import refresh_consensus
from consilium.doctors.tests.factories import DoctorFactory
from consilium.moderation.services import hide_content
from consilium.qa.models import Verdict
from consilium.qa.services import ask_question, edit_answer, edit_question, post_answer
from consilium.qa.tests.factories import AnswerFactory, QuestionFactory
from consilium.search.backends import get_backend

pytestmark = pytest.mark.django_db

SEARCH = reverse("search:search")


@pytest.fixture
def cached(settings):
    settings.PAGE_CACHE = True


def _signed_in(user, **kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    return client


def _search(client: Client, text: str = "peel", **params: str) -> str:
    response = client.get(SEARCH, {"q": text, **params})
    assert response.status_code == 200
    return response.content.decode()


def _without_tokens(page: str) -> str:
    return re.sub(r'(value="|"X-CSRFToken": ")[A-Za-z0-9]{64}', r"\1TOKEN", page)


def _card(page: str, title: str) -> str:
    (card,) = [card for card in page.split('<li class="question-card') if title in card]
    return card


def _header(page: str) -> str:
    return page.split("<header", 1)[1].split("</header>", 1)[0]


@pytest.mark.parametrize("rows", [1, 12])
def test_a_signed_in_reader_repeating_a_search_reads_nothing_from_the_database(
    cached, django_assert_num_queries, rows
):
    for n in range(rows):
        AnswerFactory(title=f"Peel downtime {n}", body="A light peel heals in days.")
    client = _signed_in(UserFactory())
    first = _search(client)
    # The session, the reader's row and unread count, and the results come from the cache.
    with django_assert_num_queries(0):
        again = _search(client)
    assert again.count('class="question-card search-hit"') == min(rows, 10)
    assert _without_tokens(again) == _without_tokens(first)


def test_another_signed_in_reader_gets_the_kept_results_of_the_same_search(
    cached, django_assert_num_queries
):
    AnswerFactory(title="Peel downtime", body="A light peel heals in days.")
    _search(_signed_in(UserFactory()), "peel", topic="", page="1")
    client = _signed_in(UserFactory())
    _search(client, "anything else")  # this reader's session and row are in the cache
    # The same parameters in another order, and a tracking parameter, are the same search.
    with django_assert_num_queries(0):
        page = _search(client, "peel", page="1", utm_source="newsletter", topic="")
    assert "<mark>Peel</mark> downtime" in page


def test_a_signed_in_reader_gets_from_the_kept_page_what_a_full_rendering_shows(settings):
    question = QuestionFactory(title="Peel downtime for acne?")
    refresh_consensus(AnswerFactory(question=question, verdict=Verdict.RECOMMEND).question_id)
    for reader in (UserFactory(), DoctorFactory().user, UserFactory(role=Role.MODERATOR)):
        for params in ({}, {"answered": "yes"}, {"page": "3"}):
            settings.PAGE_CACHE = True
            client = _signed_in(reader)
            _search(client, **params)
            kept = _search(client, **params)
            settings.PAGE_CACHE = False
            rendered = _search(client, **params)
            assert _without_tokens(kept) == _without_tokens(rendered)
    assert '<span class="pill pill-recommend">' in kept


def test_a_signed_in_reader_sees_each_write_in_their_next_search(
    cached, django_capture_on_commit_callbacks
):
    moderator = UserFactory(role=Role.MODERATOR)
    doctor = DoctorFactory()
    answer = AnswerFactory(title="Peel care", body="After a peel, moisturise at night.")
    question = answer.question
    client = _signed_in(UserFactory())

    def write():
        return django_capture_on_commit_callbacks(execute=True)

    page = _search(client)
    assert "1 question found" in page
    assert "at night" in page
    assert "pill-" not in page

    with write():
        asked = ask_question(asker=UserFactory(), title="Peel before a wedding?", body="When?")
    page = _search(client)
    assert "2 questions found" in page
    assert "<span>0 answers</span>" in _card(page, "<mark>Peel</mark> before a wedding?")

    with write():
        post_answer(
            doctor=doctor, question=asked, title="Timing", body="Book the peel a month ahead.",
            verdict=Verdict.RECOMMEND,
        )  # fmt: skip
    page = _search(client)
    assert "<span>1 answer</span>" in _card(page, "<mark>Peel</mark> before a wedding?")

    with write():
        edit_question(
            question=asked, editor=asked.asker, title="Chemical peel before a wedding?",
            body="When?", topics=[],
        )  # fmt: skip
    assert "Chemical <mark>peel</mark> before a wedding?" in _search(client)

    with write():
        edit_answer(
            answer=answer, doctor=answer.doctor, title="Peel care",
            body="After a peel, moisturise every morning.", verdict=answer.verdict,
        )  # fmt: skip
    page = _search(client)
    assert "every morning" in page
    assert "at night" not in page

    with write():
        refresh_consensus(question.pk)
    assert '<span class="pill pill-depends">' in _search(client)

    with write():
        hide_content(moderator=moderator, target=question, reason="Off topic")
    page = _search(client)
    assert "1 question found" in page
    assert "every morning" not in page


def test_two_signed_in_readers_never_see_each_others_header_or_token(cached):
    question = AnswerFactory(title="Peel downtime", body="A light peel heals in days.").question
    first, second = UserFactory(handle="reader-one"), UserFactory(handle="reader-two")
    clients = {
        reader.pk: _signed_in(reader, enforce_csrf_checks=True) for reader in (first, second)
    }
    tokens: dict[int, set[str]] = {first.pk: set(), second.pk: set()}
    follow = reverse("web:follow", args=[question.pk])
    for _ in range(2):  # each reads after the other, from the same kept page
        for reader, other in ((first, second), (second, first)):
            page = _search(clients[reader.pk])
            assert "<mark>Peel</mark> downtime" in page
            assert f">{reader.handle}</a>" in _header(page)
            assert other.handle not in page
            (hx_token,) = re.findall(r'"X-CSRFToken": "([^"]+)"', page)
            (form_token,) = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
            tokens[reader.pk].update((hx_token, form_token))
            # The token works for its own reader's session and not for the other's.
            mine = clients[reader.pk].post(follow, {"follow": "0"}, HTTP_X_CSRFTOKEN=hx_token)
            assert mine.status_code in (200, 302)
            theirs = clients[other.pk].post(follow, {"follow": "0"}, HTTP_X_CSRFTOKEN=hx_token)
            assert theirs.status_code == 403
    assert not tokens[first.pk] & tokens[second.pk]


def test_a_search_for_the_token_stand_in_is_shown_as_typed(cached):
    QuestionFactory(title="Is reader-page-csrf-token a peel?")
    client = _signed_in(UserFactory())
    for _ in range(2):
        page = _search(client, "reader-page-csrf-token")
        assert '<input type="search" id="search-q" name="q" value="reader-page-csrf-token"' in page
        (hx_token,) = re.findall(r'"X-CSRFToken": "([^"]+)"', page)
        assert len(hx_token) == 64


def test_a_failed_search_is_not_kept_for_signed_in_readers(cached, monkeypatch):
    QuestionFactory(title="Peel downtime")
    client = _signed_in(UserFactory())

    def broken(*args, **kwargs):
        raise DatabaseError("index unavailable")

    monkeypatch.setattr(type(get_backend("default")), "page", broken)
    failed = client.get(SEARCH, {"q": "peel"})
    assert failed.status_code == 503
    monkeypatch.undo()
    assert "1 question found" in _search(client)
