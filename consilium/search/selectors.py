"""Reads of the search index: search results pages and similar questions."""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

import numpy as np
from django.db import DatabaseError, connections, transaction
from django.db.backends.utils import CursorWrapper
from django.utils.safestring import SafeString

from consilium.consensus.selectors import Leaning as Pill
from consilium.consensus.selectors import leaning_of
from consilium.doctors.selectors import specialties_that_answered
from consilium.pagecache import versions
from consilium.pagecache.versions import remembered
from consilium.qa.models import Question
from consilium.search import lexical
from consilium.search.backends import cached_schema, get_backend
from consilium.search.backends.base import Filters
from consilium.search.embedding import (
    DIMENSIONS,
    MODEL_ID,
    embeddings_available,
    from_bytes,
    get_embedder,
)
from consilium.search.excerpts import hit_excerpts
from consilium.search.models import Leaning, PendingEmbedding
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
from consilium.search.similarity import (
    CANDIDATES,
    LEXICAL_WEIGHT,
    embedding_text,
    query_text,
    rank_candidates,
)
from consilium.search.vectors import stored_vectors, vector_index
from consilium.topics.selectors import topics_with_questions

logger = logging.getLogger(__name__)

PER_PAGE = 10
# Nobody reads past page 100; counting stops there, which keeps broad queries fast.
MAX_RESULTS = 1000
SIMILAR_CANDIDATES = CANDIDATES
MAX_SIMILAR = 50
# While questions wait for embedding, those found by their words are interleaved with those
# found by meaning as reciprocal-rank fusion does (1 / (k + rank)); semantic first on a tie.
INTERLEAVE_K = 60


@dataclass
class SearchHit:
    # Loaded with its title and body only; other fields are read on access, one query each.
    question: Question
    score: float
    title_html: SafeString
    snippet_html: SafeString
    snippet_from_answer: bool
    answer_count: int = 0
    leaning: str = ""
    # The doctors' leaning as the verdict pill shows it (from the stored consensus, read with
    # the hits' rows); None when no doctor has answered.
    pill: Pill | None = None
    # The question's topics as (slug, name), by name: read as plain rows for the ten hits
    # together, not as Topic objects, which cost more to build than the page uses.
    topics: list[tuple[str, str]] = field(default_factory=list)

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
    topics: list[tuple[str, str]]  # topics with questions, most asked about first
    specialties: list[str]
    leanings: list[tuple[str, str]]


def search_filter_options() -> FilterOptions:
    """What the search page's filters offer: topics, specialties that answered, leanings.

    Kept under the taxonomy's, the question list's and the question cards' versions (every
    question and answer bumps one), so the page reads no table for them; a doctor's change
    of specialty shows once one of them moves, or within the hour.
    """
    return remembered(
        "search-filter-options",
        [versions.TAXONOMY, versions.QUESTION_LIST, versions.CARDS],
        lambda: FilterOptions(
            topics=list(topics_with_questions().values_list("slug", "name")),
            specialties=specialties_that_answered(),
            leanings=list(Leaning.choices),
        ),
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


@contextmanager
def _reading(using: str) -> Iterator[CursorWrapper]:
    """A cursor for the index's statements, in a savepoint when a transaction is open, so that
    a failing statement cannot poison it. Outside one (as pages run) no transaction is begun:
    SQLite's would begin IMMEDIATE (the site's mode, for writers), taking the write lock, and
    every search would wait for the one before it, as would every writer."""
    connection = connections[using]
    guard = transaction.atomic(using=using) if connection.in_atomic_block else nullcontext()
    with guard, connection.cursor() as cursor:
        yield cursor


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
    for a query of several words, how common they are on SQLite), its excerpts, and its
    questions with their topics. Never raises for what a person typed.
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
        with _reading(using) as cursor:
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
            found = _hit_rows(backend.hit_rows(cursor, ids), using)
    except DatabaseError:
        logger.exception("search failed for %r", text[:200])
        results.total = 0
        results.failed = True
        return results
    for hit in raw_hits:
        if hit.question_id not in found:
            continue
        question, answer_count, leaning, pill, topics = found[hit.question_id]
        title, snippet, from_answer = hit_excerpts(snippets.get(hit.question_id), question)
        results.hits.append(
            SearchHit(
                question, hit.score, title, snippet, from_answer, answer_count, leaning, pill,
                topics,
            )
        )  # fmt: skip
    return results


_HitRow = tuple[Question, int, str, Pill | None, list[tuple[str, str]]]


def _hit_rows(rows: list[tuple[Any, ...]], using: str) -> dict[int, _HitRow]:
    """The hits' questions (title and body), figures, verdict pills and topics, from the
    backend's rows (a row per question and topic), as plain values rather than model objects
    and their joins."""
    found: dict[int, _HitRow] = {}
    for pk, title, body, answer_count, leaning, figures, slug, name in rows:
        if pk not in found:
            question = Question.from_db(using, ["id", "title", "body"], [pk, title, body])
            pill = leaning_of(json.loads(figures)) if figures is not None else None
            found[pk] = (question, answer_count or 0, leaning or "", pill, [])
        if slug is not None:
            found[pk][4].append((slug, name))
    return found


def _candidates(
    ids: list[int], include_unanswered: bool, exclude: int | None, using: str
) -> list[Question]:
    found = Question.objects.using(using).filter(pk__in=ids, search_document__isnull=False)
    if not include_unanswered:
        found = found.filter(search_document__answer_count__gt=0)
    if exclude is not None:
        found = found.exclude(pk=exclude)
    return list(found.select_related("search_document", "search_embedding").defer("body"))


Ranking = Literal["semantic", "lexical"]


class SimilarQuestion(NamedTuple):
    question: Question
    score: float
    # How it was found: by meaning (its stored vector) or, without one, by its words.
    ranking: Ranking


def _rank(
    text: str,
    vector: np.ndarray | None,
    questions: list[Question],
    model_id: str,
    limit: int,
) -> list[SimilarQuestion]:
    """The best `limit` of the candidates: by vector and words (rank_candidates) when there is
    a vector, the candidates without a stored vector of this model being left out; by their
    words alone (BM25 scaled by the best) when there is none."""
    if vector is None:
        usable = questions
        semantic = [0.0] * len(questions)
    else:
        usable = [
            q
            for q in questions
            if getattr(q, "search_embedding", None) is not None
            and q.search_embedding.model == model_id
        ]
        semantic = [float(from_bytes(bytes(q.search_embedding.vector)) @ vector) for q in usable]
    # Without vectors the words are the whole score.
    weight = LEXICAL_WEIGHT if vector is not None else 1.0
    # Titles, as for the vectors: the question itself, and cheap to compare.
    ranked = rank_candidates(text, [q.title for q in usable], semantic, weight)
    ranking: Ranking = "semantic" if vector is not None else "lexical"
    return [SimilarQuestion(usable[i], round(score, 4), ranking) for i, score in ranked[:limit]]


def _interleave(
    semantic: list[SimilarQuestion], lexical: list[SimilarQuestion], limit: int
) -> list[SimilarQuestion]:
    """Both lists in one, each keeping its order, by reciprocal rank (semantic first on ties)."""
    keyed = [((1 / (INTERLEAVE_K + r), 1), m) for r, m in enumerate(semantic, start=1)]
    keyed += [((1 / (INTERLEAVE_K + r), 0), m) for r, m in enumerate(lexical, start=1)]
    keyed.sort(key=lambda pair: pair[0], reverse=True)
    return [match for _, match in keyed[:limit]]


def questions_awaiting_embedding(using: str = "default") -> int:
    """How many questions wait for their vector (found only by their words meanwhile)."""
    return PendingEmbedding.objects.using(using).count()


def _similar_by_vector(
    text: str,
    vector: np.ndarray,
    limit: int,
    include_unanswered: bool,
    exclude: int | None,
    using: str,
) -> list[SimilarQuestion]:
    index = vector_index(using, MODEL_ID, DIMENSIONS)
    index.refresh(using)
    exact = stored_vectors(using, MODEL_ID)
    wanted = max(SIMILAR_CANDIDATES, 2 * limit)
    ids = index.nearest(vector, wanted + 1, exact)
    questions = _candidates(ids, include_unanswered, exclude, using)
    # Mostly-unanswered neighbourhoods: look once more, further out.
    if len(questions) < limit and len(ids) > wanted:
        ids = index.nearest(vector, 20 * wanted, exact)
        questions = _candidates(ids, include_unanswered, exclude, using)
    return _rank(text, vector, questions, MODEL_ID, limit)


def _similar_by_words(
    text: str,
    synonyms: SynonymIndex,
    limit: int,
    include_unanswered: bool,
    exclude: int | None,
    using: str,
    without_vector_of: str | None = None,
) -> list[SimilarQuestion]:
    """Questions sharing the text's words; only those lacking a vector of the model named by
    without_vector_of, when given."""
    query = parse_any(text, synonyms)
    if query.is_empty:
        return []
    backend = get_backend(using)
    filters = Filters(answered=None if include_unanswered else True)
    try:
        with _reading(using) as cursor:
            hits = backend.search(
                cursor, query, filters, cached_schema(using), SIMILAR_CANDIDATES, 0
            )
    except DatabaseError:
        logger.exception("similar-question search failed for %r", text[:200])
        return []
    questions = _candidates([hit.question_id for hit in hits], include_unanswered, exclude, using)
    if without_vector_of is not None:
        questions = [
            q
            for q in questions
            if getattr(q, "search_embedding", None) is None
            or q.search_embedding.model != without_vector_of
        ]
    return _rank(text, None, questions, "", limit)


def similar_questions(
    text: str, limit: int = 5, include_unanswered: bool = False, *, using: str = "default"
) -> list[SimilarQuestion]:
    """The visible questions most like the text, with scores, best first.

    By meaning (MiniLM sentence vectors; the text carries the names and synonyms of the
    topics it mentions) when the model is installed; by shared words when it is not. While
    questions wait for their vectors (after an import), those sharing the text's words are
    interleaved with the rest, each result saying which way it was found. Answered questions
    only unless include_unanswered.
    """
    text = clean(text).strip()[:2000]
    limit = max(1, min(limit, MAX_SIMILAR))
    if not lexical.content_terms(text):
        return []
    synonyms = synonym_index(using)
    embedder = get_embedder()
    if embedder is None:
        return _similar_by_words(text, synonyms, limit, include_unanswered, None, using)
    try:
        vector = embedder.embed([query_text(text, synonyms)])[0]
    except OSError:
        # The embedding service is down or restarting: by words until it is back.
        logger.warning("embedding service unavailable; similar questions by their words")
        return _similar_by_words(text, synonyms, limit, include_unanswered, None, using)
    found = _similar_by_vector(text, vector, limit, include_unanswered, None, using)
    if not PendingEmbedding.objects.using(using).exists():
        return found
    waiting = _similar_by_words(
        text, synonyms, limit, include_unanswered, None, using, embedder.model_id
    )
    return _interleave(found, waiting, limit)


def _embedded_now(question: Question) -> np.ndarray | None:
    """The question's vector computed now (it has none stored yet); None without a model."""
    embedder = get_embedder()
    if embedder is None:
        return None
    try:
        return embedder.embed([embedding_text(question.title, question.body, EMPTY_SYNONYMS)])[0]
    except OSError:
        logger.warning("embedding service unavailable; related questions by their words")
        return None


def related_questions(question: Question, limit: int = 5) -> list[Question]:
    """Answered questions like this one, for its page: two queries (four once the vectors are
    held compact: the question's stored vector and the best candidates' read back), and no
    model run unless the question has not been embedded yet."""
    text = f"{question.title}\n{question.body}"
    if not embeddings_available():
        found = _similar_by_words(text, EMPTY_SYNONYMS, limit, False, question.pk, "default")
        return [match.question for match in found]
    index = vector_index("default", MODEL_ID, DIMENSIONS)
    index.refresh("default")
    exact = stored_vectors("default", MODEL_ID)
    vector = index.vector_of(question.pk)
    if vector is None and not index.holds_full_vectors:
        stored = exact([question.pk])[1]
        vector = stored[0] if len(stored) else None
    if vector is None:
        vector = _embedded_now(question)
    if vector is None:
        found = _similar_by_words(text, EMPTY_SYNONYMS, limit, False, question.pk, "default")
        return [match.question for match in found]
    ids = [pk for pk in index.nearest(vector, SIMILAR_CANDIDATES + 1, exact) if pk != question.pk]
    candidates = _candidates(ids, False, question.pk, "default")
    found = _rank(text, vector, candidates, MODEL_ID, limit)
    return [match.question for match in found]
