"""Search pages: the results page and the similar-questions fragment."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.views.decorators.http import require_GET

from consilium.consensus.selectors import leanings_for_questions
from consilium.search.selectors import search, search_filter_options, similar_questions

ANSWERED = {"yes": True, "no": False}


def _page_number(value: str | None) -> int:
    try:
        return max(1, int(value or "1"))
    except (TypeError, ValueError):
        return 1


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    params = request.GET
    text = params.get("q", "")
    answered = params.get("answered", "")
    results = None
    if text.strip():
        results = search(
            text,
            topic=params.get("topic") or None,
            specialty=params.get("specialty") or None,
            answered=ANSWERED.get(answered),
            leaning=params.get("leaning") or None,
            page=_page_number(params.get("page")),
        )
    chosen = {key: params.get(key, "") for key in ("topic", "specialty", "answered", "leaning")}
    options = search_filter_options()
    query_string = params.copy()
    query_string.pop("page", None)
    return render(
        request,
        "search/search.html",
        {
            "text": text,
            "results": results,
            "options": options,
            "chips": _filter_chips(params, options.leanings),
            "chosen": chosen,
            "page_query": query_string.urlencode(),
            "leanings": leanings_for_questions(
                hit.question.pk for hit in (results.hits if results else [])
            ),
        },
    )


@dataclass(frozen=True)
class Chip:
    label: str
    url: str
    on: bool


def _filter_chips(params: QueryDict, leanings: list[tuple[str, str]]) -> dict[str, list[Chip]]:
    """The answered and leaning filters as links: each sets its value, or clears it when on."""

    def chips(key: str, choices: list[tuple[str, str]]) -> list[Chip]:
        found = []
        for value, label in [("", "Any"), *choices]:
            query = params.copy()
            query.pop("page", None)
            query[key] = value
            if not value:
                query.pop(key)
            found.append(Chip(label, f"?{query.urlencode()}", params.get(key, "") == value))
        return found

    return {
        "answered": chips("answered", [("yes", "Answered"), ("no", "Not answered yet")]),
        "leaning": chips("leaning", leanings),
    }


@require_GET
def similar(request: HttpRequest) -> HttpResponse:
    """Answered questions like a title being typed: an HTML fragment for htmx (hx-get)."""
    title = request.GET.get("title", "")
    similar_ones = similar_questions(title, limit=5)
    return render(
        request,
        "search/_similar.html",
        {
            "similar": similar_ones,
            "leanings": leanings_for_questions(match.question.pk for match in similar_ones),
        },
    )
