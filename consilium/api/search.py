"""API operations of search: full-text search and similar questions."""

from __future__ import annotations

from typing import Any, Literal

from django.conf import settings
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from consilium.api.problems import documented
from consilium.search.selectors import MAX_RESULTS, MAX_SIMILAR, search, similar_questions

router = Router(tags=["search"])


class SimilarOut(Schema):
    id: int
    title: str
    url: str
    answer_count: int
    score: float
    ranking: Literal["semantic", "lexical"] = Field(
        description="How this question was found: by meaning (its sentence vector), or by "
        "shared words while no embedding model is installed or while it waits for its vector "
        "after an import"
    )


class SearchHitOut(Schema):
    id: int
    title: str
    url: str
    title_html: str
    snippet_html: str
    snippet_from_answer: bool
    answer_count: int
    leaning: str
    score: float


class SearchOut(Schema):
    query: str
    total: int
    total_is_capped: bool
    page: int
    pages: int
    per_page: int
    expanded_topics: list[str]
    results: list[SearchHitOut]


class SearchParams(Schema):
    q: str = Field("", max_length=2000, description='Words; "a phrase", -exclude, a OR b')
    page: int = Field(1, ge=1, le=MAX_RESULTS)
    per_page: int = Field(10, ge=1, le=50)
    topic: str | None = Field(None, max_length=80, description="A topic's slug")
    specialty: str | None = Field(None, max_length=120, description="Of a doctor who answered")
    answered: bool | None = None
    leaning: Literal["recommend", "depends", "not_recommended"] | None = None


class SimilarParams(Schema):
    q: str = Field("", max_length=2000, description="A question, or the title being typed")
    limit: int = Field(5, ge=1, le=MAX_SIMILAR)
    include_unanswered: bool = False


@router.get(
    "/questions/similar",
    response=list[SimilarOut],
    summary="Questions like a text, most similar first",
    openapi_extra=documented(422),
)
def similar(request: HttpRequest, params: Query[SimilarParams]) -> list[dict[str, Any]]:
    return [
        {
            "id": match.question.pk,
            "title": match.question.title,
            "url": settings.SITE_URL + match.question.get_absolute_url(),
            "answer_count": match.question.search_document.answer_count,
            "score": match.score,
            "ranking": match.ranking,
        }
        for match in similar_questions(
            params.q, limit=params.limit, include_unanswered=params.include_unanswered
        )
    ]


@router.get(
    "/search",
    response=SearchOut,
    summary="Full-text search of questions and answers",
    openapi_extra=documented(422),
)
def search_questions(request: HttpRequest, params: Query[SearchParams]) -> dict[str, Any]:
    results = search(
        params.q,
        topic=params.topic,
        specialty=params.specialty,
        answered=params.answered,
        leaning=params.leaning,
        page=params.page,
        per_page=params.per_page,
    )
    return {
        "query": results.text,
        "total": results.total,
        "total_is_capped": results.total_is_capped,
        "page": results.page,
        "pages": results.pages,
        "per_page": results.per_page,
        "expanded_topics": [topic.slug for topic in results.expanded_topics],
        "results": [
            {
                "id": hit.question.pk,
                "title": hit.question.title,
                "url": settings.SITE_URL + hit.question.get_absolute_url(),
                "title_html": str(hit.title_html),
                "snippet_html": str(hit.snippet_html),
                "snippet_from_answer": hit.snippet_from_answer,
                "answer_count": hit.answer_count,
                "leaning": hit.leaning,
                "score": round(hit.score, 6),
            }
            for hit in results.hits
        ],
    }
