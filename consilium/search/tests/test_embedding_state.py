"""Embeddings after imports and model changes: counted, embedded with progress, recomputed."""

from io import StringIO

import numpy as np
import pytest
from django.core.management import call_command

from consilium.qa.tests.factories import AnswerFactory, QuestionFactory
from consilium.search import selectors
from consilium.search.embedding import get_embedder
from consilium.search.models import IndexState, PendingEmbedding, QuestionEmbedding
from consilium.search.services import (
    EMBEDDING_MODEL_KEY,
    embed_pending_questions,
    queue_stale_embeddings,
    synonym_index,
)
from consilium.search.similarity import embedding_text

pytestmark = pytest.mark.django_db


def answered(title):
    question = QuestionFactory(title=title)
    AnswerFactory(question=question)
    return question


def stored_by_an_older_model(question):
    """As a previous release would have left it: its vector from another model."""
    QuestionEmbedding.objects.filter(question=question).update(
        model="older-model", vector=np.ones(384, dtype="<f4").tobytes()
    )
    IndexState.objects.update_or_create(key=EMBEDDING_MODEL_KEY, defaults={"value": "older-model"})


def test_it_queues_questions_whose_vectors_are_of_another_model():
    old = answered("Can I fly after liposuction?")
    current = answered("Does microneedling help acne scars?")
    embed_pending_questions()
    stored_by_an_older_model(old)
    assert queue_stale_embeddings() == 1
    assert list(PendingEmbedding.objects.values_list("question_id", flat=True)) == [old.pk]
    assert QuestionEmbedding.objects.get(question=current).model == get_embedder().model_id


def test_it_checks_once_per_model():
    question = answered("Can I fly after liposuction?")
    embed_pending_questions()
    stored_by_an_older_model(question)
    assert queue_stale_embeddings() == 1
    PendingEmbedding.objects.all().delete()
    assert queue_stale_embeddings() == 0
    assert not PendingEmbedding.objects.exists()


def test_reindex_recomputes_vectors_of_an_older_model():
    question = answered("Can I fly after liposuction?")
    embed_pending_questions()
    stored_by_an_older_model(question)
    out = StringIO()
    call_command("reindex", stdout=out)
    stored = QuestionEmbedding.objects.get(question=question)
    assert stored.model == get_embedder().model_id
    text = embedding_text(question.title, question.body, synonym_index())
    expected = get_embedder().embed([text])[0]
    assert np.allclose(np.frombuffer(bytes(stored.vector), dtype="<f4"), expected, atol=1e-4)
    found = selectors.similar_questions("flying after lipo")
    assert [(m.question, m.ranking) for m in found] == [(question, "semantic")]


def test_reindex_embeds_waiting_questions_with_a_progress_bar():
    for n in range(3):
        answered(f"Sunscreen question number {n}")
    out = StringIO()
    call_command("reindex", stdout=out)
    output = out.getvalue()
    assert "\rEmbedding [" + "#" * 30 + "] 3/3" in output
    assert "Embedded 3 questions" in output
    assert selectors.questions_awaiting_embedding() == 0
