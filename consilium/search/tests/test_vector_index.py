"""The in-memory vector index: exact below its projection threshold, faithful above it."""

import numpy as np
import pytest

from consilium.search.vectors import VectorIndex

DIMENSIONS = 32


def unit_rows(rng: np.random.Generator, count: int) -> np.ndarray:
    # Like sentence vectors: most of the spread in a few directions, a little in the rest.
    spread = np.where(np.arange(DIMENSIONS) < 10, 1.0, 0.15)
    rotation, _ = np.linalg.qr(np.random.default_rng(0).standard_normal((DIMENSIONS, DIMENSIONS)))
    rows = (rng.standard_normal((count, DIMENSIONS)) * spread) @ rotation
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    return rows.astype(np.float32)


def exact_nearest(rows: np.ndarray, vector: np.ndarray, count: int) -> list[int]:
    scores = rows @ vector
    return [int(i) + 1 for i in np.argsort(-scores, kind="stable")[:count]]


@pytest.fixture
def small_thresholds(monkeypatch):
    monkeypatch.setattr(VectorIndex, "PROJECT_FROM", 500)
    monkeypatch.setattr(VectorIndex, "PROJECTED", 12)
    monkeypatch.setattr(VectorIndex, "SHORTLIST", 200)


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
    for query in unit_rows(rng, 20):
        assert index.nearest(query, 10) == exact_nearest(rows, query, 10)


def test_vectors_added_after_the_fit_are_projected_and_found(small_thresholds):
    rng = np.random.default_rng(3)
    rows = unit_rows(rng, 600)
    index = VectorIndex("test", DIMENSIONS)
    index.add((i + 1, row) for i, row in enumerate(rows))
    late = unit_rows(rng, 1)[0]
    index.add([(10_000, late)])
    assert index.nearest(late, 1) == [10_000]


def test_a_changed_vector_replaces_the_old_one(small_thresholds):
    rng = np.random.default_rng(4)
    rows = unit_rows(rng, 600)
    index = VectorIndex("test", DIMENSIONS)
    index.add((i + 1, row) for i, row in enumerate(rows))
    index.add([(1, rows[599])])
    assert index.size == 600
    assert set(index.nearest(rows[599], 2)) == {1, 600}
