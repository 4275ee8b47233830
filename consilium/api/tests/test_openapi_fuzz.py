"""Schemathesis calls every operation with generated requests, as a verified doctor.

Each operation gets a bounded number of examples (positive and negative), sent through the
WSGI application; every response must be a non-5xx, documented status whose content type,
headers and body match the OpenAPI document.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from consilium.accounts.models import Notification
from consilium.accounts.tests.factories import UserFactory
from consilium.api.tests.factories import bearer, token_for
from consilium.consensus.services import refresh_consensus
from consilium.doctors.tests.factories import DoctorFactory
from consilium.outcomes.models import OutcomeReport
from consilium.qa.tests.factories import AnswerFactory, QuestionFactory
from consilium.topics.models import Topic

EXAMPLES_PER_OPERATION = 50
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


# Rows the fuzzer may aim at, by path parameter name; filled by the fixture for each operation.
KNOWN: dict[str, list[Any]] = {}

# Loaded once at collection, by a request to the app itself: one test per operation.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())


@schema.hook
def flatmap_path_parameters(context: Any, path_parameters: dict[str, Any] | None) -> Any:
    # Often aim at rows that exist, so operations run past their lookups.
    if not isinstance(path_parameters, dict):
        return st.just(path_parameters)
    return st.fixed_dictionaries(
        {
            name: st.sampled_from([value, *KNOWN.get(name, [])])
            for name, value in path_parameters.items()
        }
    )


@pytest.fixture
def as_verified_doctor(db, settings) -> Iterator[dict[str, str]]:
    """A world to fuzz in, and the Authorization header of a verified doctor's token."""
    # The fuzzer sends thousands of requests a minute; the rate limit is tested elsewhere.
    settings.RATELIMIT_ENABLE = False
    doctor = DoctorFactory(user__date_joined=timezone.now() - timedelta(days=30))
    own_question = QuestionFactory(asker=doctor.user)
    other_question = QuestionFactory()
    own_answer = AnswerFactory(question=other_question, doctor=doctor)
    other_answer = AnswerFactory(question=other_question)
    topic = Topic.objects.create(slug="fuzz-topic", name="Fuzz topic", kind="treatment")
    own_question.topics.add(topic)
    OutcomeReport.objects.create(
        patient=UserFactory(), topic=topic, weeks=4, worth_it="yes", rating=5, text="Worked."
    )
    Notification.objects.create(recipient=doctor.user, kind="new_answer", text="Hi", url="/")
    refresh_consensus(other_question.pk)
    KNOWN.update(
        question_id=[own_question.pk, other_question.pk],
        answer_id=[own_answer.pk, other_answer.pk],
        slug=[topic.slug, doctor.slug],
    )
    # As Django's test client does: a request must not close the test's database connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield bearer(token_for(doctor.user))
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
    KNOWN.clear()


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    database=None,
    derandomize=True,
    # The world is built once per operation and shared by its examples, on purpose.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_answers_within_its_schema(
    case: Any, as_verified_doctor: dict[str, str]
) -> None:
    case.call_and_validate(headers=as_verified_doctor, checks=CHECKS)
