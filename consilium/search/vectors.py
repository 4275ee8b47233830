"""Question vectors held in memory, for nearest-neighbour ranking of similar questions."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from datetime import timedelta

import numpy as np
from django.db import connections
from django.db.models import Q
from django.utils import timezone

from consilium.search.embedding import from_bytes
from consilium.search.models import QuestionEmbedding


class VectorIndex:
    """Every stored question vector of one model, held in memory for nearest-neighbour ranking.

    Each use first loads the rows added since the last one: ids above the highest seen, and,
    for rows committed out of id order, any written in the last few seconds (both indexed, and
    empty most of the time). A changed vector is a new row (services.embed_questions), and
    the final candidates are scored from their stored rows, so a stale or vanished vector
    held here never decides a result.

    A scan is bound by memory bandwidth, not arithmetic (docs/search.md has the sizes and
    times). Past PROJECT_FROM vectors the index also keeps each vector's first PROJECTED
    principal components (centred PCA of the vectors themselves) and ranks in two passes:
    the projection picks a shortlist, which is then scored exactly from the full vectors. The
    shortlist is wide enough that the exact order of the best few hundred is what a full
    scan gives (docs/search.md has the measured recall).
    """

    # Longer than any transaction that writes embeddings takes to commit.
    OVERLAP = timedelta(seconds=10)
    # Below this a full scan is a few milliseconds; the projection would only add error.
    PROJECT_FROM = 20_000
    PROJECTED = 64
    # Vectors the projection is fitted on (evenly spaced rows); enough for a stable basis.
    FIT_SAMPLE = 20_000
    SHORTLIST = 2_000

    def __init__(self, model_id: str, dimensions: int) -> None:
        self.model_id = model_id
        self.matrix = np.zeros((0, dimensions), dtype=np.float32)
        self.question_ids = np.zeros(0, dtype=np.int64)
        self.row_of: dict[int, int] = {}
        self.size = 0
        self.highest_id = 0
        self.lock = threading.Lock()
        self.mean: np.ndarray | None = None
        self.basis: np.ndarray | None = None
        self.projected = np.zeros((0, self.PROJECTED), dtype=np.float32)
        self.fitted_size = 0

    def refresh(self, using: str) -> None:
        rows = QuestionEmbedding.objects.using(using).filter(model=self.model_id)
        if self.highest_id:
            recent = timezone.now() - self.OVERLAP
            rows = rows.filter(Q(pk__gt=self.highest_id) | Q(updated_at__gte=recent))
        with self.lock:
            for pk, question_id, vector in rows.values_list("pk", "question_id", "vector").iterator(
                chunk_size=5000
            ):
                self._put(question_id, from_bytes(bytes(vector)))
                self.highest_id = max(self.highest_id, pk)
            self._fit_when_grown()

    def add(self, pairs: Iterable[tuple[int, np.ndarray]]) -> None:
        """Hold these (question id, vector) pairs, replacing any held for the same question."""
        with self.lock:
            for question_id, vector in pairs:
                self._put(question_id, vector)
            self._fit_when_grown()

    def _fit_when_grown(self) -> None:
        # Refit when the collection has doubled since, so the basis follows the questions.
        if self.size >= max(self.PROJECT_FROM, 2 * self.fitted_size):
            self._fit()

    def _put(self, question_id: int, vector: np.ndarray) -> None:
        row = self.row_of.get(question_id)
        if row is None:
            if self.size == len(self.matrix):
                grown = max(1024, 2 * len(self.matrix))
                self.matrix = np.resize(self.matrix, (grown, self.matrix.shape[1]))
                self.question_ids = np.resize(self.question_ids, grown)
                if self.basis is not None:
                    self.projected = np.resize(self.projected, (grown, self.PROJECTED))
            row = self.size
            self.size += 1
            self.row_of[question_id] = row
            self.question_ids[row] = question_id
        self.matrix[row] = vector
        if self.basis is not None and self.mean is not None:
            self.projected[row] = (vector - self.mean) @ self.basis

    def _fit(self) -> None:
        vectors = self.matrix[: self.size]
        step = max(1, self.size // self.FIT_SAMPLE)
        sample = vectors[::step].astype(np.float64)
        mean = sample.mean(axis=0)
        centred = sample - mean
        # Eigenvectors of the covariance, largest first: the directions the vectors differ in.
        _, vectors_of = np.linalg.eigh(centred.T @ centred)
        self.mean = mean.astype(np.float32)
        self.basis = np.ascontiguousarray(vectors_of[:, ::-1][:, : self.PROJECTED], np.float32)
        projected = np.zeros((len(self.matrix), self.PROJECTED), dtype=np.float32)
        projected[: self.size] = (vectors - self.mean) @ self.basis
        self.projected = projected
        self.fitted_size = self.size

    def vector_of(self, question_id: int) -> np.ndarray | None:
        row = self.row_of.get(question_id)
        return None if row is None else self.matrix[row].copy()

    def nearest(self, vector: np.ndarray, count: int) -> list[int]:
        vector = np.asarray(vector, dtype=np.float32)
        with self.lock:
            if not self.size:
                return []
            count = min(count, self.size)
            shortlist = max(self.SHORTLIST, 4 * count)
            if self.basis is None or self.size <= shortlist:
                rows = np.arange(self.size)
                scores = self.matrix[: self.size] @ vector
            else:
                # The mean's share of every score is the same constant, so it drops out.
                rough = self.projected[: self.size] @ (self.basis.T @ vector)
                rows = np.argpartition(-rough, shortlist - 1)[:shortlist]
                scores = self.matrix[rows] @ vector
            best = np.argpartition(-scores, count - 1)[:count]
            ordered = best[np.argsort(-scores[best], kind="stable")]
            return [int(self.question_ids[rows[i]]) for i in ordered]


_indexes: dict[tuple[str, str], VectorIndex] = {}
_indexes_lock = threading.Lock()


def vector_index(using: str, model_id: str, dimensions: int) -> VectorIndex:
    key = (connections[using].settings_dict["NAME"].__str__(), model_id)
    with _indexes_lock:
        if key not in _indexes:
            _indexes[key] = VectorIndex(model_id, dimensions)
        return _indexes[key]
