"""Writes to one question at the same moment all succeed, and its document counts them all."""

import threading

import pytest
from django.db import connection, connections

from consilium.doctors.tests.factories import DoctorFactory
from consilium.qa.models import Verdict
from consilium.qa.services import post_answer
from consilium.qa.tests.factories import QuestionFactory
from consilium.search.models import SearchDocument

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite lets one writer in at a time; only PostgreSQL runs these side by side",
    ),
]


def at_the_same_moment(jobs):
    """Run each job in its own thread and connection, released together; return errors."""
    start = threading.Barrier(len(jobs))
    errors = []

    def run(job):
        try:
            start.wait()
            job()
        except Exception as exc:  # every failure is the finding: the test lists them
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def test_it_accepts_every_answer_posted_to_one_question_at_the_same_moment():
    question = QuestionFactory(title="Microneedling for acne scars?")
    doctors = DoctorFactory.create_batch(10)
    verdicts = [Verdict.RECOMMEND] * 6 + [Verdict.NOT_RECOMMENDED] * 4

    def answer(doctor, verdict):
        return lambda: post_answer(
            doctor=doctor,
            question=question,
            title=f"{doctor.display_name} on microneedling",
            body="Three sessions a month apart help rolling scars.",
            verdict=verdict,
        )

    errors = at_the_same_moment([answer(d, v) for d, v in zip(doctors, verdicts, strict=True)])

    assert errors == []
    assert question.answers.count() == 10
    # Each refresh saw the answers committed before it, so the last one counts them all.
    document = SearchDocument.objects.get(question=question)
    assert document.answer_count == 10
    # 6 yes against 4 no is a split by the one leaning rule (consilium.consensus.leaning).
    assert document.leaning == "mixed"
