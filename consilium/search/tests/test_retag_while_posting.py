"""Renaming a topic retags the search documents without making anyone wait to post."""

import threading
import time

import pytest
from django.db import connection, connections

from consilium.doctors.tests.factories import DoctorFactory
from consilium.qa.services import post_answer
from consilium.qa.tests.factories import QuestionFactory
from consilium.search.services import rebuild_index, refresh_topic_mentions
from consilium.search.tests.factories import TopicFactory
from consilium.search.tests.test_index_upkeep import held_mentions
from consilium.topics.models import Topic

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="only PostgreSQL tags documents with the topics they mention",
    ),
]


def in_a_thread(job):
    """Start the job in its own thread and connection; returns the thread and its errors."""
    errors = []

    def run():
        try:
            job()
        except Exception as exc:  # the test reports whatever went wrong in the thread
            errors.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, errors


def wait_until(condition, seconds=30.0):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "gave up waiting"
        time.sleep(0.05)


def test_it_posts_at_once_while_a_rename_retags_and_the_tags_come_out_right(monkeypatch):
    # The post's own transaction is what is timed, not the embedding model it wakes.
    monkeypatch.setattr("consilium.search.services.get_embedder", lambda: None)
    topic = TopicFactory(name="Facial EMS", synonyms=["e-stim"])
    doctor = DoctorFactory()
    named = [QuestionFactory(title=f"Galvanic current, week {n}?") for n in range(20)]
    elsewhere = QuestionFactory(title="Is this worth trying at home?")
    refresh_topic_mentions()
    assert held_mentions() == {}

    # A writer, mid-transaction, holds the document retagged last.
    writer = connections.create_connection("default")
    writer.set_autocommit(False)
    with writer.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM search_searchdocument WHERE question_id = %s FOR UPDATE",
            [named[-1].pk],
        )

    def rename():
        Topic.objects.filter(pk=topic.pk).update(synonyms=["e-stim", "galvanic current"])
        assert refresh_topic_mentions() is True

    retag, retag_errors = in_a_thread(rename)
    try:
        # In progress: every other document already carries the new mention.
        wait_until(lambda: named[0].pk in (held_mentions() or {}))

        def post():
            post_answer(
                doctor=doctor,
                question=elsewhere,
                title="Galvanic current can help a little",
                body="A few sessions tone the skin for a while; the effect fades.",
                verdict="depends",
            )

        started = time.monotonic()
        posting, posting_errors = in_a_thread(post)
        posting.join(timeout=10)
        took = time.monotonic() - started

        assert not posting.is_alive(), "the post waited for the retag"
        assert posting_errors == []
        assert took < 10
        assert retag.is_alive(), "the retag should still be waiting for the writer"
    finally:
        writer.rollback()
        writer.close()
        retag.join(timeout=60)

    assert not retag.is_alive()
    assert retag_errors == []
    retagged = held_mentions()
    assert retagged == {q.pk: {topic.pk} for q in [*named, elsewhere]}
    # The same tags as a rebuild from scratch gives.
    rebuild_index()
    assert held_mentions() == retagged
