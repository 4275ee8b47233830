"""Question vectors held in memory, for nearest-neighbour ranking of similar questions."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import timedelta
from typing import Any

import numpy as np
from django.db import connections
from django.db.models import Q
from django.utils import timezone

from consilium.search.embedding import from_bytes
from consilium.search.models import QuestionEmbedding

# The full vectors of some questions, read from where they are stored: the ids found (in any
# order) and one row per id.
ExactVectors = Callable[[Sequence[int]], tuple[list[int], np.ndarray]]


class VectorIndex:
    """Every stored question vector of one model, for nearest-neighbour ranking.

    Each use first loads the rows added since the last one: ids above the highest seen, and,
    for rows committed out of id order, any written in the last few seconds (both indexed, and
    empty most of the time). A changed vector is a new row (services.embed_questions), and
    the final candidates are scored from their stored rows, so a stale or vanished vector
    held here never decides a result.

    Below PROJECT_FROM vectors the index holds them in full and ranks by a full scan. From
    there on it holds each vector compact instead: int8 codes with a scale per row (a quarter
    of float32's bytes) and the first PROJECTED principal components (centred PCA of the
    vectors themselves). A query ranks everything on the components, re-scores the best
    SHORTLIST from the codes, and the best RESCORED of those exactly from the stored vectors
    (`exact`, one database read), so the order returned is the exact order of the shortlist,
    as a full scan gives it, without a process ever holding the float32 matrix
    (docs/search.md has the recall and the memory).
    """

    # Longer than any transaction that writes embeddings takes to commit.
    OVERLAP = timedelta(seconds=10)
    # Below this a full scan is a few milliseconds; the projection would only add error.
    PROJECT_FROM = 20_000
    PROJECTED = 64
    # Vectors the projection is fitted on (evenly spaced rows); enough for a stable basis.
    FIT_SAMPLE = 20_000
    SHORTLIST = 2_000
    # Candidates read back in full: int8 codes misplace a score by about a thousandth, far
    # less than separates the 50th nearest from the 200th.
    RESCORED = 200
    # Rows read and converted at a time, so loading holds little beyond them.
    CHUNK = 2_000
    # Compact rows are kept in blocks of this many, so growing never copies (a copy would
    # hold the old and the new array at once: most of a web process's memory).
    BLOCK = 65_536

    def __init__(self, model_id: str, dimensions: int) -> None:
        self.model_id = model_id
        self.dimensions = dimensions
        # The full vectors, only while the index is below PROJECT_FROM.
        self.matrix: np.ndarray | None = np.zeros((0, dimensions), dtype=np.float32)
        # Compact form, a list of blocks each: int8 codes, their scales, the components.
        self.codes: list[np.ndarray] = []
        self.scales: list[np.ndarray] = []
        self.projected: list[np.ndarray] = []
        self.question_ids = np.zeros(0, dtype=np.int64)
        self.row_of: dict[int, int] = {}
        self.size = 0
        self.highest_id = 0
        self.lock = threading.Lock()
        self.mean: np.ndarray | None = None
        self.basis: np.ndarray | None = None
        self.fitted_size = 0

    def refresh(self, using: str) -> None:
        rows = QuestionEmbedding.objects.using(using).filter(model=self.model_id)
        with self.lock:
            if self.highest_id:
                recent = timezone.now() - self.OVERLAP
                rows = rows.filter(Q(pk__gt=self.highest_id) | Q(updated_at__gte=recent))
            found = rows.values_list("pk", "question_id", "vector").iterator(chunk_size=self.CHUNK)
            for chunk in _chunks(found, self.CHUNK):
                self._put_many(
                    [question_id for _, question_id, _ in chunk],
                    np.stack([from_bytes(bytes(vector)) for _, _, vector in chunk]),
                )
                self.highest_id = max(self.highest_id, max(pk for pk, _, _ in chunk))
                self._fit_when_grown()

    def add(self, pairs: Iterable[tuple[int, np.ndarray]]) -> None:
        """Hold these (question id, vector) pairs, replacing any held for the same question."""
        pairs = list(pairs)
        if not pairs:
            return
        with self.lock:
            self._put_many([pk for pk, _ in pairs], np.stack([v for _, v in pairs]))
            self._fit_when_grown()

    def _fit_when_grown(self) -> None:
        if self.matrix is not None and self.size >= self.PROJECT_FROM:
            self._compact()
        # Refit when the collection has doubled, so the basis follows the questions.
        if self.basis is not None and self.size >= 2 * self.fitted_size:
            self._fit()

    def _grow(self, needed: int) -> None:
        if self.matrix is None:
            while len(self.codes) * self.BLOCK < needed:
                self.codes.append(np.zeros((self.BLOCK, self.dimensions), dtype=np.int8))
                self.scales.append(np.zeros(self.BLOCK, dtype=np.float32))
                self.projected.append(np.zeros((self.BLOCK, self.PROJECTED), dtype=np.float32))
        held = len(self.question_ids)
        if needed <= held:
            return
        grown = max(1024, needed, held + held // 4)
        if self.matrix is not None:
            # Room for every row until the index turns compact, allocated once: the zeroed
            # pages take memory only once written.
            grown = max(grown, self.PROJECT_FROM)
            self.matrix = _enlarged(self.matrix, grown)
        self.question_ids = _enlarged(self.question_ids, grown)

    def _put_many(self, question_ids: Sequence[int], vectors: np.ndarray) -> None:
        rows = np.empty(len(question_ids), dtype=np.int64)
        for i, question_id in enumerate(question_ids):
            row = self.row_of.get(question_id)
            if row is None:
                self._grow(self.size + 1)
                row = self.size
                self.size += 1
                self.row_of[question_id] = row
                self.question_ids[row] = question_id
            rows[i] = row
        vectors = np.asarray(vectors, dtype=np.float32)
        if self.matrix is not None:
            self.matrix[rows] = vectors
            return
        codes, scales = _quantised(vectors)
        projected = None
        if self.mean is not None and self.basis is not None:
            projected = (vectors - self.mean) @ self.basis
        for block, at, where in self._by_block(rows):
            self.codes[block][where] = codes[at]
            self.scales[block][where] = scales[at]
            if projected is not None:
                self.projected[block][where] = projected[at]

    def _by_block(self, rows: np.ndarray) -> Iterator[tuple[int, np.ndarray, np.ndarray]]:
        """For each block holding some of these rows: the block, the positions in `rows`
        that it holds, and where in the block they are."""
        blocks = rows // self.BLOCK
        for block in np.unique(blocks):
            at = np.flatnonzero(blocks == block)
            yield int(block), at, rows[at] % self.BLOCK

    def _decoded(self, rows: np.ndarray) -> np.ndarray:
        """The vectors of these rows, decoded from their int8 codes."""
        out = np.empty((len(rows), self.dimensions), dtype=np.float32)
        for block, at, where in self._by_block(rows):
            out[at] = self.codes[block][where].astype(np.float32) * self.scales[block][where, None]
        return out

    def _compact(self) -> None:
        """Past PROJECT_FROM: keep int8 codes and components instead of the full vectors."""
        matrix = self.matrix
        assert matrix is not None
        self.matrix = None
        self._grow(self.size)
        for start in range(0, self.size, self.CHUNK):
            rows = np.arange(start, min(self.size, start + self.CHUNK))
            codes, scales = _quantised(matrix[rows])
            for block, at, where in self._by_block(rows):
                self.codes[block][where] = codes[at]
                self.scales[block][where] = scales[at]
        del matrix
        self._fit()

    def _fit(self) -> None:
        """Fit the projection on an evenly spaced sample of the codes, then project them all,
        a chunk at a time."""
        sample = np.arange(0, self.size, max(1, self.size // self.FIT_SAMPLE))
        total = np.zeros(self.dimensions, dtype=np.float64)
        for start in range(0, len(sample), self.CHUNK):
            total += self._decoded(sample[start : start + self.CHUNK]).sum(axis=0, dtype=np.float64)
        mean = (total / len(sample)).astype(np.float32)
        scatter = np.zeros((self.dimensions, self.dimensions), dtype=np.float64)
        for start in range(0, len(sample), self.CHUNK):
            centred = self._decoded(sample[start : start + self.CHUNK]) - mean
            scatter += (centred.T @ centred).astype(np.float64)
        # Eigenvectors of the covariance, largest first: the directions the vectors differ in.
        _, vectors_of = np.linalg.eigh(scatter)
        self.mean = mean
        self.basis = np.ascontiguousarray(vectors_of[:, ::-1][:, : self.PROJECTED], np.float32)
        for start in range(0, self.size, self.CHUNK):
            rows = np.arange(start, min(self.size, start + self.CHUNK))
            projected = (self._decoded(rows) - self.mean) @ self.basis
            for block, at, where in self._by_block(rows):
                self.projected[block][where] = projected[at]
        self.fitted_size = self.size

    @property
    def holds_full_vectors(self) -> bool:
        return self.matrix is not None

    def vector_of(self, question_id: int) -> np.ndarray | None:
        """The held full vector of a question; None when unknown or no longer held in full."""
        row = self.row_of.get(question_id)
        if row is None or self.matrix is None:
            return None
        return self.matrix[row].copy()

    def nearest(
        self, vector: np.ndarray, count: int, exact: ExactVectors | None = None
    ) -> list[int]:
        """The ids of the `count` questions nearest the vector, nearest first. Once the index
        is compact, `exact` gives the best candidates' full vectors."""
        vector = np.asarray(vector, dtype=np.float32)
        with self.lock:
            if not self.size:
                return []
            count = min(count, self.size)
            matrix = self.matrix
            if matrix is not None:
                ids = self.question_ids[: self.size]
                scores = matrix[: self.size] @ vector
            else:
                assert self.basis is not None
                assert exact is not None
                shortlist = min(self.size, max(self.SHORTLIST, 4 * count))
                # The mean's share of every score is the same constant, so it drops out.
                query = self.basis.T @ vector
                rough = np.concatenate([block @ query for block in self.projected])[: self.size]
                rows = np.argpartition(-rough, shortlist - 1)[:shortlist]
                closer = self._decoded(rows) @ vector
                kept = min(len(rows), max(self.RESCORED, 4 * count))
                candidates = self.question_ids[rows[np.argpartition(-closer, kept - 1)[:kept]]]
        if matrix is None and exact is not None:
            found, vectors = exact([int(pk) for pk in candidates])
            if not found:
                return []
            ids = np.asarray(found, dtype=np.int64)
            scores = vectors @ vector
            count = min(count, len(found))
        best = np.argpartition(-scores, count - 1)[:count]
        ordered = best[np.argsort(-scores[best], kind="stable")]
        return [int(ids[i]) for i in ordered]


def _enlarged(array: np.ndarray, rows: int) -> np.ndarray:
    """The array with room for this many rows, the new ones zero. (np.resize would return a
    view of a larger array than asked for.)"""
    larger = np.zeros((rows, *array.shape[1:]), dtype=array.dtype)
    larger[: len(array)] = array
    return larger


def _quantised(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """int8 codes and a scale per row, each row's largest component coded as ±127."""
    scales = np.maximum(np.abs(vectors).max(axis=1), 1e-12) / 127
    codes = np.rint(vectors / scales[:, None]).astype(np.int8)
    return codes, scales.astype(np.float32)


def _chunks(rows: Iterator[tuple[int, int, Any]], size: int) -> Iterator[list]:
    chunk: list = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def stored_vectors(using: str, model_id: str) -> ExactVectors:
    """Reads the full vectors of some questions from the embeddings table (one query)."""

    def read(question_ids: Sequence[int]) -> tuple[list[int], np.ndarray]:
        rows = QuestionEmbedding.objects.using(using).filter(
            model=model_id, question_id__in=list(question_ids)
        )
        found = list(rows.values_list("question_id", "vector"))
        if not found:
            return [], np.zeros((0, 0), dtype=np.float32)
        return [pk for pk, _ in found], np.stack([from_bytes(bytes(v)) for _, v in found])

    return read


_indexes: dict[tuple[str, str], VectorIndex] = {}
_indexes_lock = threading.Lock()


def vector_index(using: str, model_id: str, dimensions: int) -> VectorIndex:
    key = (connections[using].settings_dict["NAME"].__str__(), model_id)
    with _indexes_lock:
        if key not in _indexes:
            _indexes[key] = VectorIndex(model_id, dimensions)
        return _indexes[key]
