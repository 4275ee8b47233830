"""The index follows every write to questions and answers, whatever makes it."""

import random
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from consilium.consensus.models import QuestionConsensus
from consilium.doctors.tests.factories import DoctorFactory
from consilium.qa.models import Answer, Question, Verdict
from consilium.qa.tests.factories import AnswerFactory, QuestionFactory
from consilium.search.models import PendingEmbedding, SearchDocument
from consilium.search.selectors import search
from consilium.search.services import (
    ensure_index,
    rebuild_index,
    refresh_topic_mentions,
    reindex_question,
)
from consilium.search.tests.factories import TopicFactory

pytestmark = pytest.mark.django_db


def lose_the_index():
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_searchdocument")
        if connection.vendor == "sqlite":
            cursor.execute("DELETE FROM search_fts")


def ids(text):
    return {hit.question.pk for hit in search(text, per_page=50).hits}


def expected_documents():
    """What the index should hold, worked out from the tables in Python."""
    expected = {}
    for question in Question.objects.filter(is_hidden=False).prefetch_related("answers"):
        answers = [a for a in question.answers.all() if not a.is_hidden]
        stored = QuestionConsensus.objects.filter(question=question).first()
        leaning = stored.leaning if stored else ""
        text = " ".join([question.title, question.body, *(f"{a.title} {a.body}" for a in answers)])
        expected[question.pk] = (len(answers), leaning, text)
    return expected


def test_it_indexes_a_new_question_and_its_answers():
    question = QuestionFactory(title="Cryolipolysis under the chin", body="")
    assert ids("cryolipolysis") == {question.pk}
    AnswerFactory(question=question, body="Kybella is an alternative.")
    assert ids("kybella") == {question.pk}
    assert SearchDocument.objects.get(question=question).answer_count == 1


def test_it_follows_edits_of_questions_and_answers():
    question = QuestionFactory(title="Old wording", body="")
    answer = AnswerFactory(question=question, body="Nothing special.")
    question.title = "Sclerotherapy for spider veins"
    question.save()
    answer.body = "Compression stockings afterwards."
    answer.save()
    assert ids("sclerotherapy") == {question.pk}
    assert ids("stockings") == {question.pk}
    assert ids("wording") == set()
    assert ids("special") == set()


def test_it_follows_hiding_and_restoring():
    question = QuestionFactory(title="Thread lift results")
    answer = AnswerFactory(question=question, body="Barbed sutures dissolve.")
    Answer.objects.filter(pk=answer.pk).update(is_hidden=True)
    assert ids("sutures") == set()
    assert SearchDocument.objects.get(question=question).answer_count == 0
    Question.objects.filter(pk=question.pk).update(is_hidden=True)
    assert ids("thread") == set()
    Question.objects.filter(pk=question.pk).update(is_hidden=False)
    Answer.objects.filter(pk=answer.pk).update(is_hidden=False)
    assert ids("sutures") == {question.pk}


def test_it_follows_deletes():
    question = QuestionFactory(title="Earlobe repair")
    answer = AnswerFactory(question=question, body="Stitches come out in a week.")
    answer.delete()
    assert ids("stitches") == set()
    question.delete()
    assert ids("earlobe") == set()
    assert not SearchDocument.objects.filter(question_id=question.pk).exists()
    assert not PendingEmbedding.objects.filter(question_id=question.pk).exists()


def test_it_indexes_bulk_inserts_that_skip_the_orm_signals():
    doctor = DoctorFactory()
    [question] = Question.objects.bulk_create(
        [Question(title="Bulk imported dermaplaning", body="", created_at=timezone.now())]
    )
    Answer.objects.bulk_create(
        [
            Answer(
                question=question,
                doctor=doctor,
                title="Fine",
                body="Vellus hair grows back the same.",
                created_at=timezone.now(),
            )
        ]
    )
    assert ids("dermaplaning") == {question.pk}
    assert ids("vellus") == {question.pk}
    assert PendingEmbedding.objects.filter(question_id=question.pk).exists()


def answer_by_a_free_doctor(rng, question_id, doctors, text):
    """An answer from one of the doctors who have not answered the question yet, if any."""
    taken = set(Answer.objects.filter(question_id=question_id).values_list("doctor_id", flat=True))
    free = [d for d in doctors if d.pk not in taken]
    if free:
        AnswerFactory(
            question_id=question_id,
            doctor=rng.choice(free),
            title=text(1),
            body=text(3),
            verdict=rng.choice(Verdict.values),
        )


def edit_an_answer(rng, text):
    answer = Answer.objects.order_by("?").first()
    if answer:
        answer.body = text(2)
        answer.verdict = rng.choice(Verdict.values)
        answer.save()


def test_the_index_matches_the_tables_after_a_random_mix_of_writes():
    rng = random.Random(20261126)
    doctors = [DoctorFactory() for _ in range(6)]
    words = [f"kw{n:03d}z" for n in range(40)]
    used = set()

    def text(count):
        chosen = rng.sample(words, count)
        used.update(chosen)
        return " ".join(chosen)

    for _ in range(200):
        action = rng.random()
        live = list(Question.objects.values_list("pk", flat=True))
        if action < 0.25 or not live:
            QuestionFactory(title=text(2), body=text(3))
        elif action < 0.50:
            answer_by_a_free_doctor(rng, rng.choice(live), doctors, text)
        elif action < 0.62:
            question = Question.objects.get(pk=rng.choice(live))
            question.title, question.body = text(2), text(2)
            question.save()
        elif action < 0.72:
            edit_an_answer(rng, text)
        elif action < 0.80:
            Question.objects.filter(pk=rng.choice(live)).update(is_hidden=rng.random() < 0.7)
        elif action < 0.88:
            Answer.objects.filter(pk__in=Answer.objects.order_by("?").values("pk")[:1]).update(
                is_hidden=rng.random() < 0.7
            )
        elif action < 0.94:
            answer = Answer.objects.order_by("?").first()
            if answer:
                answer.delete()
        else:
            Question.objects.filter(pk=rng.choice(live)).delete()

    expected = expected_documents()
    stored = {d.question_id: (d.answer_count, d.leaning) for d in SearchDocument.objects.all()}
    assert stored == {pk: (count, leaning) for pk, (count, leaning, _) in expected.items()}
    for word in used:
        assert ids(word) == {pk for pk, (*_, body) in expected.items() if word in body.split()}


def on_topic(text, topic):
    return {hit.question.pk for hit in search(text, topic=topic.slug, per_page=50).hits}


def test_the_topic_filter_follows_topics_added_removed_and_deleted():
    peels, lasers = TopicFactory(), TopicFactory()
    first = QuestionFactory(title="Redness after resurfacing")
    second = QuestionFactory(title="Redness that lasts")
    first.topics.add(peels)
    assert on_topic("redness", peels) == {first.pk}
    second.topics.add(peels, lasers)
    first.topics.remove(peels)
    assert (on_topic("redness", peels), on_topic("redness", lasers)) == ({second.pk}, {second.pk})
    Question.topics.through.objects.bulk_create(
        [Question.topics.through(question_id=first.pk, topic_id=lasers.pk)]
    )
    assert on_topic("redness", lasers) == {first.pk, second.pk}
    lose_the_index()
    rebuild_index()
    assert on_topic("redness", lasers) == {first.pk, second.pk}
    # Typing a topic's token, in any form, does not find the questions on the topic.
    for token in (
        "consiliumtopic{}",
        "consilium_topic_{}",
        "consiliumtopic:{}",
        '"topic {}"',
        "consiliummention:{}",
    ):
        assert ids(token.format(lasers.pk)) == set(), token
    lasers.delete()
    assert on_topic("redness", lasers) == set()
    assert ids("redness") == {first.pk, second.pk}


def held_mentions():
    """Question id -> topic ids whose mention lexemes its document holds (PostgreSQL)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT question_id, search_held_mentions(document) FROM search_searchdocument"
        )
        return {
            pk: {int(lexeme.split(":")[1]) for lexeme in lexemes}
            for pk, lexemes in cursor.fetchall()
            if lexemes
        }


def test_a_topic_search_finds_the_same_questions_before_and_after_its_names_change(
    django_capture_on_commit_callbacks,
):
    ems = TopicFactory(name="Facial EMS", synonyms=["e-stim", "electrical muscle stimulation"])
    spoken = QuestionFactory(title="Electrical muscle stimulation for my face?")
    short = QuestionFactory(title="Is e-stim safe at home?")
    loose = QuestionFactory(title="Muscle stimulation, electrical or not?")
    galvanic = QuestionFactory(title="Does galvanic current tone the jawline?")
    QuestionFactory(title="Muscle pain after stimulation")
    refresh_topic_mentions()
    assert ids("e-stim") == {spoken.pk, short.pk, loose.pk}
    assert held_mentions() in (None, {spoken.pk: {ems.pk}, short.pk: {ems.pk}, loose.pk: {ems.pk}})
    # Renamed, the topic is searched by its new names at once; its mentions follow on commit.
    ems.synonyms = ["e-stim", "galvanic current"]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        ems.save()
    assert ids("e-stim") == {short.pk, galvanic.pk}
    for callback in callbacks:
        callback()
    assert ids("e-stim") == {short.pk, galvanic.pk}
    assert held_mentions() in (None, {short.pk: {ems.pk}, galvanic.pk: {ems.pk}})
    later = QuestionFactory(title="Galvanic current every week?")
    assert ids("e-stim") == {short.pk, galvanic.pk, later.pk}
    assert refresh_topic_mentions() is False  # nothing changed since
    lose_the_index()
    rebuild_index()
    assert ids("e-stim") == {short.pk, galvanic.pk, later.pk}
    assert held_mentions() in (
        None,
        {short.pk: {ems.pk}, galvanic.pk: {ems.pk}, later.pk: {ems.pk}},
    )
    ems.delete()
    assert refresh_topic_mentions() is (connection.vendor == "postgresql")
    assert held_mentions() in (None, {})
    assert ids("e-stim") == {short.pk}


def test_a_topic_search_reads_the_mentions_when_they_are_current():
    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL tags documents with the topics they mention")
    TopicFactory(name="Facial EMS", synonyms=["e-stim", "electrical muscle stimulation"])
    tagged = QuestionFactory(title="Electrical muscle stimulation for my face?")
    untagged = QuestionFactory(title="Is e-stim safe at home?")
    refresh_topic_mentions()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE search_searchdocument SET document = ts_delete(document, "
            "search_held_mentions(document)) WHERE question_id = %s",
            [untagged.pk],
        )
    # The match reads the mention alone; the words still rank and mark.
    results = search("e-stim")
    assert [hit.question.pk for hit in results.hits] == [tagged.pk]
    assert "<mark>" in results.hits[0].title_html


def test_reindex_rebuilds_what_was_lost():
    question = QuestionFactory(title="Chemical peel downtime")
    lose_the_index()
    assert ids("peel") == set()
    out = StringIO()
    call_command("reindex", "--no-embeddings", stdout=out)
    assert "rebuilt" in out.getvalue()
    assert ids("peel") == {question.pk}


def test_reindex_question_rewrites_one_document():
    question = QuestionFactory(title="Hydrafacial")
    lose_the_index()
    reindex_question(question.pk)
    assert ids("hydrafacial") == {question.pk}


def test_ensure_index_does_nothing_when_the_triggers_are_current():
    rebuild_index()
    assert ensure_index() is False
