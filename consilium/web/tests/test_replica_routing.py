"""Reads go to a replica; a request that wrote, and its person's next requests, to the primary."""

import time

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from consilium import replicas
from consilium.qa.models import Question
from consilium.qa.tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def one_replica(monkeypatch):
    monkeypatch.setattr(replicas, "replica_aliases", lambda: ["replica0"])
    return replicas.ReplicaRouter()


def through_middleware(view, cookies=None):
    request = RequestFactory().get("/")
    request.COOKIES.update(cookies or {})
    seen = {}

    def respond(request):
        seen["response"] = view()
        return seen["response"]

    response = replicas.PrimaryAfterWrite(respond)(request)
    return response


def test_it_reads_from_a_replica_until_the_request_writes(one_replica):
    decided = []

    def view():
        decided.append(one_replica.db_for_read(Question))
        one_replica.db_for_write(Question)
        decided.append(one_replica.db_for_read(Question))
        return HttpResponse("ok")

    response = through_middleware(view)
    assert decided == ["replica0", "default"]
    assert float(response.cookies[replicas.COOKIE].value) > time.time()


def test_a_person_who_just_wrote_reads_from_the_primary(one_replica):
    decided = []

    def view():
        decided.append(one_replica.db_for_read(Question))
        return HttpResponse("ok")

    fresh = {replicas.COOKIE: f"{time.time() + 5:.0f}"}
    stale = {replicas.COOKIE: f"{time.time() - 1:.0f}"}
    assert replicas.COOKIE not in through_middleware(view, fresh).cookies
    through_middleware(view, stale)
    through_middleware(view, {replicas.COOKIE: "not a time"})
    assert decided == ["default", "replica0", "replica0"]


def test_a_request_that_only_reads_sets_no_cookie(one_replica):
    response = through_middleware(lambda: HttpResponse(str(one_replica.db_for_read(Question))))
    assert response.content == b"replica0"
    assert replicas.COOKIE not in response.cookies


def test_migrations_run_on_the_primary_only(one_replica):
    assert one_replica.allow_migrate("default", "qa")
    assert not one_replica.allow_migrate("replica0", "qa")
    question = QuestionFactory()
    assert one_replica.allow_relation(question, question)
