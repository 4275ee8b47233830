"""The in-memory vector index: exact below its projection threshold, faithful above it."""

import numpy as np
import pytest

from consilium.search.embedding import to_bytes
from consilium.search.models import QuestionEmbedding
from consilium.search.vectors import VectorIndex, stored_vectors

DIMENSIONS = 32


def unit_rows(rng: np.random.Generator, count: int) -> np.ndarray:
    # Like sentence vectors: most of the spread in a few directions, a little in the rest.
    spread = np.where(np.arange(DIMENSIONS) < 10, 1.0, 0.15)
    rotation, _ = np.linalg.qr(np.random.default_rng(0).standard_normal((DIMENSIONS, DIMENSIONS)))
    rows = (rng.standard_normal((count, DIMENSIONS)) * spread) @ rotation
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    return rows.astype(np.float32)


def stored(rows: np.ndarray):
    """The full vectors as the embeddings table gives them: question id i + 1 is row i."""

    def read(question_ids):
        ids = [pk for pk in question_ids if 1 <= pk <= len(rows)]
        return ids, rows[[pk - 1 for pk in ids]]

    return read


def exact_nearest(rows: np.ndarray, vector: np.ndarray, count: int) -> list[int]:
    scores = rows @ vector
    return [int(i) + 1 for i in np.argsort(-scores, kind="stable")[:count]]


@pytest.fixture
def small_thresholds(monkeypatch):
    monkeypatch.setattr(VectorIndex, "PROJECT_FROM", 500)
    monkeypatch.setattr(VectorIndex, "PROJECTED", 12)
    monkeypatch.setattr(VectorIndex, "SHORTLIST", 200)
    monkeypatch.setattr(VectorIndex, "RESCORED", 40)
    monkeypatch.setattr(VectorIndex, "BLOCK", 256)


def test_a_small_index_ranks_by_a_full_scan():
    rng = np.random.default_rng(1)
    rows = unit_rows(rng, 300)
    index = VectorIndex("test", DIMENSIONS)
    index.add((i + 1, row) for i, row in enumerate(rows))
    query = unit_rows(rng, 1)[0]
    assert index.basis is None
    assert index.nearest(query, 10) == exact_nearest(rows, query, 10)


def test_a_large_index_finds_the_same_nearest_questions_through_its_projection(
    small_thresholds,
):
    rng = np.random.default_rng(2)
    rows = unit_rows(rng, 3000)
    index = VectorIndex("test", DIMENSIONS)
    index.add((i + 1, row) for i, row in enumerate(rows))
    assert index.basis is not None
    assert not index.holds_full_vectors
    for query in unit_rows(rng, 20):
        assert index.nearest(query, 10, stored(rows)) == exact_nearest(rows, query, 10)


def test_vectors_added_after_the_fit_are_projected_and_found(small_thresholds):
    rng = np.random.default_rng(3)
    rows = unit_rows(rng, 600)
    index = VectorIndex("test", DIMENSIONS)
    index.add((i + 1, row) for i, row in enumerate(rows))
    late = unit_rows(rng, 1)[0]
    index.add([(601, late)])
    assert index.nearest(late, 1, stored(np.vstack([rows, late]))) == [601]


def test_a_changed_vector_replaces_the_old_one(small_thresholds):
    rng = np.random.default_rng(4)
    rows = unit_rows(rng, 600)
    index = VectorIndex("test", DIMENSIONS)
    index.add((i + 1, row) for i, row in enumerate(rows))
    index.add([(1, rows[599])])
    assert index.size == 600
    changed = rows.copy()
    changed[0] = rows[599]
    assert set(index.nearest(rows[599], 2, stored(changed))) == {1, 600}


def store(rows: np.ndarray, first_id: int = 1) -> None:
    QuestionEmbedding.objects.bulk_create(
        QuestionEmbedding(question_id=first_id + i, model="test", vector=to_bytes(row))
        for i, row in enumerate(rows)
    )


@pytest.mark.django_db
def test_past_its_threshold_it_holds_vectors_compact_and_reads_the_best_stored(
    small_thresholds,
):
    rng = np.random.default_rng(5)
    rows = unit_rows(rng, 1200)
    store(rows)
    index = VectorIndex("test", DIMENSIONS)
    index.refresh("default")
    assert index.size == 1200
    assert not index.holds_full_vectors
    exact = stored_vectors("default", "test")
    for query in unit_rows(rng, 10):
        assert index.nearest(query, 10, exact) == exact_nearest(rows, query, 10)


@pytest.mark.django_db
def test_it_refits_from_the_stored_vectors_when_the_collection_doubles(small_thresholds):
    rng = np.random.default_rng(6)
    rows = unit_rows(rng, 1300)
    store(rows[:600])
    index = VectorIndex("test", DIMENSIONS)
    index.refresh("default")
    assert index.fitted_size == 600
    first_basis = index.basis.copy()
    store(rows[600:], first_id=601)
    index.refresh("default")
    assert index.size == 1300
    assert index.fitted_size == 1300
    assert not np.allclose(index.basis, first_basis)
    exact = stored_vectors("default", "test")
    for query in unit_rows(rng, 10):
        assert index.nearest(query, 10, exact) == exact_nearest(rows, query, 10)
