"""Search pages: the results page and the similar-questions fragment."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET

from consilium.consensus.selectors import Leaning, leanings_for_questions
from consilium.links import row_url
from consilium.pagecache import versions
from consilium.pagecache.pages import cached_for_readers, kept_for_signed_in_readers
from consilium.search.selectors import (
    FilterOptions,
    SearchResults,
    search,
    search_filter_options,
    similar_questions,
)

ANSWERED = {"yes": True, "no": False}


def _page_number(value: str | None) -> int:
    try:
        return max(1, int(value or "1"))
    except (TypeError, ValueError):
        return 1


# A search's page, whoever reads it, changes when a question or an answer is written (each
# bumps one of these versions, an edited answer included), as list pages do.
_DEPENDS = (versions.QUESTION_LIST, versions.CARDS)


@require_GET
@cached_for_readers(lambda: _DEPENDS)
@kept_for_signed_in_readers(lambda: _DEPENDS)
def search_page(request: HttpRequest) -> HttpResponse:
    """The results do not depend on who reads them: signed-out readers get the page from the
    cache, signed-in ones the page kept ready with their own token and header links put in."""
    context = _results_context(request.GET)
    results = context["results"]
    status = 503 if results and results.failed else 200
    return TemplateResponse(request, "search/search.html", context, status=status)


def _results_context(params: QueryDict) -> dict[str, Any]:
    """What the page shows for these parameters: the same for every reader."""
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
    chosen = {key: params.get(key, "") for key in FILTERS}
    options = search_filter_options()
    query_string = params.copy()
    query_string.pop("page", None)
    return {
        "text": text,
        "results": results,
        "options": options,
        "chip_groups": filter_chips(params, options),
        "clear_filters": _link(params, {key: "" for key in FILTERS}),
        "filtered": any(chosen.values()),
        "chosen": chosen,
        "page_query": query_string.urlencode(),
        "cards": result_cards(results) if results else [],
    }


FILTERS = ("topic", "specialty", "answered", "leaning")


@dataclass(frozen=True)
class TopicLink:
    name: str
    url: str


@dataclass(frozen=True)
class ResultCard:
    """One hit as its card shows it, every address and name ready for the template."""

    url: str
    title_html: SafeString
    snippet_html: SafeString
    snippet_from_answer: bool
    answer_count: int
    leaning: Leaning | None
    topics: list[TopicLink]


def result_cards(results: SearchResults) -> list[ResultCard]:
    """The hits' cards, with what each shows looked up here rather than row by row in the
    template."""
    return [
        ResultCard(
            url=hit.question.get_absolute_url(),
            title_html=hit.title_html,
            snippet_html=hit.snippet_html,
            snippet_from_answer=hit.snippet_from_answer,
            answer_count=hit.answer_count,
            leaning=hit.pill,
            topics=[TopicLink(name, row_url("web:topic", slug=slug)) for slug, name in hit.topics],
        )
        for hit in results.hits
    ]


# Topics shown as chips; the rest stay one choice away in the form's topic list.
TOPIC_CHIPS = 8


@dataclass(frozen=True)
class Chip:
    label: str
    url: str
    on: bool


@dataclass(frozen=True)
class ChipGroup:
    key: str
    label: str
    chips: list[Chip]


def _link(params: QueryDict, changes: dict[str, str]) -> str:
    """This search's address with some filters set ("" drops one), back on the first page.

    The parameters kept stay in their order and the changed ones follow, as a copy of the
    QueryDict would give them, without copying it for each of the page's chips.
    """
    kept = [
        (key, value)
        for key, values in params.lists()
        if key != "page" and key not in changes
        for value in values
    ]
    kept += [(key, value) for key, value in changes.items() if value]
    return f"?{urlencode(kept)}"


def filter_chips(params: QueryDict, options: FilterOptions) -> list[ChipGroup]:
    """Each filter as a row of links: "Any" clears it, and a chip that is on turns it off."""
    topics = options.topics[:TOPIC_CHIPS]
    chosen_topic = params.get("topic", "")
    if chosen_topic and chosen_topic not in {slug for slug, _ in topics}:
        topics += [(slug, name) for slug, name in options.topics if slug == chosen_topic]
    choices = {
        "topic": ("Topic", topics),
        "specialty": ("Answered by", [(s, s) for s in options.specialties]),
        "answered": ("Answers", [("yes", "Answered"), ("no", "Not answered yet")]),
        "leaning": ("Doctors lean", options.leanings),
    }
    groups = []
    for key, (label, values) in choices.items():
        current = params.get(key, "")
        # A chip that is on links to the search without it, so choosing it again takes it off.
        chips = [
            Chip(name, _link(params, {key: "" if on else value}), on)
            for value, name in [("", "Any"), *values]
            for on in [current == value]
        ]
        groups.append(ChipGroup(key, label, chips))
    return groups


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
