"""The embedding service: web processes get the model's own vectors without loading it."""

import threading

import numpy as np
import pytest

from consilium.qa.tests.factories import AnswerFactory, QuestionFactory
from consilium.search import selectors
from consilium.search.embedding import RemoteEmbedder, local_embedder
from consilium.search.embedding_service import EmbeddingServer
from consilium.search.services import embed_pending_questions


@pytest.fixture
def service(tmp_path):
    path = str(tmp_path / "embed.sock")
    server = EmbeddingServer(path, local_embedder())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield path
    server.shutdown()
    server.server_close()


def test_it_gives_the_vectors_the_model_gives_in_process(service):
    texts = ["Can I fly after liposuction?", "Botox every month (Botox)", "é ✓ 🙂"]
    remote = RemoteEmbedder(service).embed(texts)
    assert np.array_equal(remote, local_embedder().embed(texts))


@pytest.mark.django_db
def test_similar_questions_through_the_service_rank_by_meaning(service, monkeypatch):
    paraphrase = QuestionFactory(title="Is it safe to take a plane a few days after my lipo?")
    AnswerFactory(question=paraphrase)
    distractor = QuestionFactory(title="Can liposuction remove fat from my arms and flanks?")
    AnswerFactory(question=distractor)
    embed_pending_questions()
    monkeypatch.setattr(selectors, "get_embedder", lambda: RemoteEmbedder(service))
    found = selectors.similar_questions("Can I fly after liposuction?")
    assert [m.question.pk for m in found[:2]] == [paraphrase.pk, distractor.pk]
    assert found[0].ranking == "semantic"


@pytest.mark.django_db
def test_without_the_service_similar_questions_fall_back_to_words(tmp_path, monkeypatch):
    question = QuestionFactory(title="Can I fly after liposuction?")
    AnswerFactory(question=question)
    gone = RemoteEmbedder(str(tmp_path / "nobody-listens.sock"))
    monkeypatch.setattr(selectors, "get_embedder", lambda: gone)
    found = selectors.similar_questions("fly after liposuction")
    assert [m.question.pk for m in found] == [question.pk]
    assert found[0].ranking == "lexical"
