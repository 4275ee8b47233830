"""Reads of the search index: search results pages and similar questions."""

from __future__ import annotations

import logging
import math
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta

import numpy as np
from django.db import DatabaseError, connections, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from consilium.doctors.models import DoctorProfile
from consilium.qa.models import Question
from consilium.search import lexical
from consilium.search.backends import cached_schema, get_backend
from consilium.search.backends.base import MARK_END, MARK_START, Filters, RawSnippet
from consilium.search.embedding import from_bytes, get_embedder
from consilium.search.models import Leaning, QuestionEmbedding
from consilium.search.query import (
    EMPTY_SYNONYMS,
    ParsedQuery,
    SynonymIndex,
    TopicSynonyms,
    clean,
    parse,
    parse_any,
)
from consilium.search.services import synonym_index
from consilium.search.similarity import LEXICAL_WEIGHT, embedding_text
from consilium.topics.models import Topic

logger = logging.getLogger(__name__)

PER_PAGE = 10
# Nobody reads past page 100; counting stops there, which keeps broad queries fast.
MAX_RESULTS = 1000
SIMILAR_CANDIDATES = 50
MAX_SIMILAR = 50
MARKDOWN_NOISE = re.compile(r"[*#`]+|\s+")


def marked_html(text: str) -> SafeString:
    """Escape text whose matches are delimited by the private marks, then mark them."""
    parts = []
    inside = False
    for piece in re.split(f"([{MARK_START}{MARK_END}])", text):
        if piece == MARK_START:
            if not inside:
                parts.append("<mark>")
                inside = True
        elif piece == MARK_END:
            if inside:
                parts.append("</mark>")
                inside = False
        else:
            parts.append(escape(MARKDOWN_NOISE.sub(" ", piece)))
    if inside:
        parts.append("</mark>")
    return mark_safe("".join(parts).strip())  # noqa: S308 - every piece was escaped above


@dataclass
class SearchHit:
    question: Question
    score: float
    title_html: SafeString
    snippet_html: SafeString
    snippet_from_answer: bool

    @property
    def answer_count(self) -> int:
        return self.question.search_document.answer_count

    @property
    def leaning(self) -> str:
        return self.question.search_document.leaning

    @property
    def leaning_label(self) -> str:
        return Leaning(self.leaning).label if self.leaning in Leaning.values else ""


@dataclass
class SearchResults:
    text: str
    filters: Filters
    query: ParsedQuery
    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0
    page: int = 1
    per_page: int = PER_PAGE
    failed: bool = False

    @property
    def total_is_capped(self) -> bool:
        return self.total >= MAX_RESULTS

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def first_rank(self) -> int:
        return (self.page - 1) * self.per_page + 1

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def expanded_topics(self) -> list[TopicSynonyms]:
        return self.query.expanded_topics


@dataclass(frozen=True)
class FilterOptions:
    topics: list[tuple[str, str]]
    specialties: list[str]
    leanings: list[tuple[str, str]]


def search_filter_options() -> FilterOptions:
    """What the search page's filters offer: topics, specialties that answered, leanings."""
    specialties = (
        DoctorProfile.objects.exclude(specialty="")
        .filter(answers__isnull=False)
        .order_by("specialty")
        .values_list("specialty", flat=True)
        .distinct()
    )
    return FilterOptions(
        topics=list(Topic.objects.order_by("name").values_list("slug", "name")),
        specialties=list(specialties),
        leanings=list(Leaning.choices),
    )


def _clean_filters(
    topic: str | None, specialty: str | None, answered: bool | None, leaning: str | None
) -> Filters:
    return Filters(
        topic=(clean(topic)[:80].strip() or None) if topic else None,
        specialty=(clean(specialty)[:120].strip() or None) if specialty else None,
        answered=answered,
        leaning=leaning if leaning in Leaning.values else None,
    )


def _with_ellipses(excerpt: str, text: str) -> str:
    """The excerpt with "…" where it cuts the text, unless the database marked the cuts."""
    plain = excerpt.replace(MARK_START, "").replace(MARK_END, "").strip()
    if not plain or "…" in (plain[0], plain[-1]):
        return excerpt
    at = text.find(plain)
    if at < 0:
        return excerpt
    before = "…" if text[:at].strip() else ""
    after = "…" if text[at + len(plain) :].strip() else ""
    return before + excerpt.strip() + after


def _snippet(raw: RawSnippet | None, question: Question) -> tuple[SafeString, SafeString, bool]:
    if raw is None:
        return marked_html(question.title), marked_html(question.body[:200]), False
    title = marked_html(raw.title or question.title)
    if MARK_START in raw.body or not (raw.answers and MARK_START in raw.answers):
        return title, marked_html(_with_ellipses(raw.body, question.body)), False
    return title, marked_html(raw.answers), True


def search(
    text: str,
    *,
    topic: str | None = None,
    specialty: str | None = None,
    answered: bool | None = None,
    leaning: str | None = None,
    page: int = 1,
    per_page: int = PER_PAGE,
    using: str = "default",
) -> SearchResults:
    """One page of visible questions matching the text, best first, with marked excerpts.

    Runs a fixed number of queries, whatever the number of matches: topics (for synonyms),
    the count and the page (a sample and the page on PostgreSQL; the count, the page and,
    for a query of several words, how common they are on SQLite), its excerpts, its
    questions and their topics. Never raises for what a person typed.
    """
    filters = _clean_filters(topic, specialty, answered, leaning)
    query = parse(text, synonym_index(using))
    per_page = max(1, min(per_page, 50))
    results = SearchResults(text=clean(text).strip(), filters=filters, query=query)
    if query.is_empty:
        return results
    backend = get_backend(using)
    schema = cached_schema(using)
    results.page = max(1, min(page, math.ceil(MAX_RESULTS / per_page)))
    try:
        # A savepoint, so that a failing query cannot poison a surrounding transaction.
        with transaction.atomic(using=using), connections[using].cursor() as cursor:
            offset = (results.page - 1) * per_page
            results.total, raw_hits = backend.page(
                cursor, query, filters, schema, per_page, offset, MAX_RESULTS
            )
            if not results.total:
                return results
            if offset >= results.total:
                # Asked for a page past the last: show the last, at the cost of a second query.
                results.page = results.pages
                offset = (results.page - 1) * per_page
                results.total, raw_hits = backend.page(
                    cursor, query, filters, schema, per_page, offset, MAX_RESULTS
                )
            ids = [hit.question_id for hit in raw_hits]
            snippets = backend.snippets(cursor, query, ids, schema)
    except DatabaseError:
        logger.exception("search failed for %r", text[:200])
        results.total = 0
        results.failed = True
        return results
    questions = Question.objects.using(using).select_related("search_document")
    by_id = {q.pk: q for q in questions.prefetch_related("topics").filter(pk__in=ids)}
    for hit in raw_hits:
        found = by_id.get(hit.question_id)
        if found is None:
            continue
        title, snippet, from_answer = _snippet(snippets.get(hit.question_id), found)
        results.hits.append(SearchHit(found, hit.score, title, snippet, from_answer))
    return results


class VectorIndex:
    """Every stored question vector of one model, held in memory for nearest-neighbour ranking.

    Each use first loads the rows added since the last one: ids above the highest seen, and,
    for rows committed out of id order, any written in the last few seconds (both indexed, and
    empty most of the time). A changed vector is a new row (services.embed_questions), and
    the final candidates are scored from their stored rows, so a stale or vanished vector
    held here never decides a result.

    A scan is bound by memory bandwidth, not arithmetic: 100,000 questions x 384 float32 are
    154 MB to read per query (30 to 80 ms on a busy two-core machine). Past PROJECT_FROM vectors
    the index also keeps each vector's first PROJECTED principal components (centred PCA of
    the vectors themselves, 26 MB for 100,000) and ranks in two passes: the projection picks a
    shortlist, which is then scored exactly from the full vectors. The shortlist is wide
    enough that the exact order of the best few hundred is what a full scan gives
    (docs/search.md has the measured recall).
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


def _candidates(
    ids: list[int], include_unanswered: bool, exclude: int | None, using: str
) -> list[Question]:
    found = Question.objects.using(using).filter(pk__in=ids, search_document__isnull=False)
    if not include_unanswered:
        found = found.filter(search_document__answer_count__gt=0)
    if exclude is not None:
        found = found.exclude(pk=exclude)
    return list(found.select_related("search_document", "search_embedding").defer("body"))


def _lexical_scores(text: str, questions: list[Question]) -> list[float]:
    # Titles, as for the vectors: the question itself, and cheap to compare.
    documents = [q.title for q in questions]
    stats = lexical.statistics_of([text, *documents])
    wanted = stats.vector(text)
    return [lexical.cosine(wanted, stats.vector(document)) for document in documents]


def _rank(
    text: str,
    vector: np.ndarray | None,
    questions: list[Question],
    model_id: str,
    limit: int,
) -> list[tuple[Question, float]]:
    lexical_scores = _lexical_scores(text, questions)
    scored = []
    for question, lexical_score in zip(questions, lexical_scores, strict=True):
        stored = getattr(question, "search_embedding", None)
        if vector is not None:
            if stored is None or stored.model != model_id:
                continue
            semantic = float(from_bytes(bytes(stored.vector)) @ vector)
            score = semantic + LEXICAL_WEIGHT * lexical_score
        else:
            score = lexical_score
        scored.append((question, round(score, 4)))
    scored.sort(key=lambda pair: (-pair[1], -pair[0].pk))
    return scored[:limit]


def _similar_by_vector(
    text: str,
    vector: np.ndarray,
    limit: int,
    include_unanswered: bool,
    exclude: int | None,
    using: str,
) -> list[tuple[Question, float]]:
    embedder = get_embedder()
    assert embedder is not None
    index = vector_index(using, embedder.model_id, embedder.dimensions)
    index.refresh(using)
    wanted = max(SIMILAR_CANDIDATES, 2 * limit)
    ids = index.nearest(vector, wanted + 1)
    questions = _candidates(ids, include_unanswered, exclude, using)
    # Mostly-unanswered neighbourhoods: look once more, further out.
    if len(questions) < limit and len(ids) > wanted:
        ids = index.nearest(vector, 20 * wanted)
        questions = _candidates(ids, include_unanswered, exclude, using)
    return _rank(text, vector, questions, embedder.model_id, limit)


def _similar_by_words(
    text: str,
    synonyms: SynonymIndex,
    limit: int,
    include_unanswered: bool,
    exclude: int | None,
    using: str,
) -> list[tuple[Question, float]]:
    query = parse_any(text, synonyms)
    if query.is_empty:
        return []
    backend = get_backend(using)
    filters = Filters(answered=None if include_unanswered else True)
    try:
        with transaction.atomic(using=using), connections[using].cursor() as cursor:
            hits = backend.search(
                cursor, query, filters, cached_schema(using), SIMILAR_CANDIDATES, 0
            )
    except DatabaseError:
        logger.exception("similar-question search failed for %r", text[:200])
        return []
    questions = _candidates([hit.question_id for hit in hits], include_unanswered, exclude, using)
    return _rank(text, None, questions, "", limit)


def similar_questions(
    text: str, limit: int = 5, include_unanswered: bool = False, *, using: str = "default"
) -> list[tuple[Question, float]]:
    """The visible questions most like the text, with scores, best first.

    Semantic (MiniLM sentence vectors, with the taxonomy's topic names added to the text)
    blended with lexical overlap; lexical alone when no embedding model is installed.
    Answered questions only unless include_unanswered.
    """
    text = clean(text).strip()[:2000]
    limit = max(1, min(limit, MAX_SIMILAR))
    if not lexical.content_terms(text):
        return []
    synonyms = synonym_index(using)
    embedder = get_embedder()
    if embedder is None:
        return _similar_by_words(text, synonyms, limit, include_unanswered, None, using)
    vector = embedder.embed([embedding_text(text, "", synonyms)])[0]
    return _similar_by_vector(text, vector, limit, include_unanswered, None, using)


def related_questions(question: Question, limit: int = 5) -> list[Question]:
    """Answered questions like this one, for its page: two queries, and no model run
    unless the question has not been embedded yet."""
    text = f"{question.title}\n{question.body}"
    embedder = get_embedder()
    if embedder is None:
        found = _similar_by_words(text, EMPTY_SYNONYMS, limit, False, question.pk, "default")
        return [q for q, _ in found]
    index = vector_index("default", embedder.model_id, embedder.dimensions)
    index.refresh("default")
    vector = index.vector_of(question.pk)
    if vector is None:
        vector = embedder.embed([embedding_text(question.title, question.body, EMPTY_SYNONYMS)])[0]
    ids = [pk for pk in index.nearest(vector, SIMILAR_CANDIDATES + 1) if pk != question.pk]
    candidates = _candidates(ids, False, question.pk, "default")
    return [q for q, _ in _rank(text, vector, candidates, embedder.model_id, limit)]
