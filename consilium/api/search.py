"""API operations of search: full-text search and similar questions."""

from __future__ import annotations

from typing import Any, Literal

from django.conf import settings
from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from consilium.search.selectors import MAX_SIMILAR, search, similar_questions

router = Router(tags=["search"])


class SimilarOut(Schema):
    id: int
    title: str
    url: str
    answer_count: int
    score: float


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
    q: str = ""
    page: int = 1
    per_page: int = 10
    topic: str | None = None
    specialty: str | None = None
    answered: bool | None = None
    leaning: Literal["recommend", "depends", "not_recommended"] | None = None


@router.get(
    "/questions/similar",
    response=list[SimilarOut],
    summary="Questions like a text, most similar first",
)
def similar(
    request: HttpRequest, q: str = "", limit: int = 5, include_unanswered: bool = False
) -> list[dict[str, Any]]:
    if not 1 <= limit <= MAX_SIMILAR:
        raise HttpError(422, f"limit must be between 1 and {MAX_SIMILAR}")
    return [
        {
            "id": question.pk,
            "title": question.title,
            "url": settings.SITE_URL + question.get_absolute_url(),
            "answer_count": question.search_document.answer_count,
            "score": score,
        }
        for question, score in similar_questions(
            q, limit=limit, include_unanswered=include_unanswered
        )
    ]


@router.get("/search", response=SearchOut, summary="Full-text search of questions and answers")
def search_questions(request: HttpRequest, params: Query[SearchParams]) -> dict[str, Any]:
    if not 1 <= params.per_page <= 50:
        raise HttpError(422, "per_page must be between 1 and 50")
    results = search(
        params.q,
        topic=params.topic,
        specialty=params.specialty,
        answered=params.answered,
        leaning=params.leaning,
        page=max(1, params.page),
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
