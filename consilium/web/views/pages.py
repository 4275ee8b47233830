"""Public reading pages: home, question, topic and doctor profile."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from consilium.accounts.permissions import is_moderator
from consilium.consensus.selectors import (
    leanings_for_questions,
    topic_figures,
)
from consilium.doctors.selectors import doctor_answers_page, doctor_for_page
from consilium.outcomes.charts import DURATION_BUCKETS
from consilium.outcomes.headline import topic_headline
from consilium.outcomes.models import WorthIt
from consilium.outcomes.selectors import (
    REPORT_SORTS,
    ReportQuery,
    topic_outcomes,
)
from consilium.pagecache import versions
from consilium.pagecache.pages import cached_for_readers
from consilium.pagecache.versions import remembered
from consilium.qa.models import Purpose
from consilium.qa.selectors import (
    QUESTION_ORDERS,
    question_page,
    recent_questions,
)
from consilium.topics.models import TopicKind
from consilium.topics.selectors import (
    topic_for_page,
    topic_index,
    topics_asked_about,
)
from consilium.web.pagination import page_links
from consilium.web.question_parts import page_content, question_parts, signed_in_page
from consilium.web.structured_data import medical_web_page


@require_GET
@cached_for_readers(lambda: [versions.QUESTION_LIST, versions.CARDS])
def home(request: HttpRequest) -> HttpResponse:
    questions = list(recent_questions(limit=20))
    return render(
        request,
        "web/home.html",
        {
            "questions": questions,
            "leanings": leanings_for_questions(q.pk for q in questions),
            "topics": topics_asked_about(),
        },
    )


@require_GET
@cached_for_readers(lambda: [versions.QUESTION_LIST, versions.CARDS])
def questions(request: HttpRequest) -> HttpResponse:
    order = request.GET.get("order", "newest")
    if order not in QUESTION_ORDERS:
        order = "newest"
    topic_slug = request.GET.get("topic", "")[:80]
    purpose = request.GET.get("purpose", "")
    if purpose not in Purpose.values:
        purpose = ""
    cursor = request.GET.get("after", "")
    found = question_page(
        order=order, topic=topic_slug or None, purpose=purpose or None, cursor=cursor
    )
    topics = topics_asked_about()
    return render(
        request,
        "web/questions/list.html",
        {
            "page": found,
            "leanings": leanings_for_questions(q.pk for q in found.questions),
            "orders": QUESTION_ORDERS,
            "order": order,
            "topics": topics,
            "topic_slug": topic_slug,
            "purposes": Purpose.choices,
            "purpose": purpose,
            "first_page": not cursor,
            "pages": page_links(
                "Pages",
                params=[("order", order), ("topic", topic_slug), ("purpose", purpose)],
                cursor=cursor,
                next_cursor=found.next_cursor,
            ),
        },
    )


@require_GET
@cached_for_readers(lambda: [versions.QUESTION_LIST])
def topics(request: HttpRequest) -> HttpResponse:
    every = topic_index()
    return render(
        request,
        "web/topics.html",
        {
            "groups": [
                (kind, label, [t for t in every if t.kind == kind])
                for kind, label in TopicKind.choices
            ]
        },
    )


@require_GET
@cached_for_readers(lambda pk, slug="": [versions.question(pk), versions.QUESTION_LIST])
def question(request: HttpRequest, pk: int, slug: str = "") -> HttpResponse:
    moderator = is_moderator(request.user)
    order = "newest" if request.GET.get("order") == "newest" else "agreement"
    parts = question_parts(request, pk, order=order, moderator=moderator)
    if parts is None or (parts.is_hidden and not moderator):
        raise Http404("No such question.")
    if slug != parts.slug:
        return redirect(parts.url, permanent=True)
    page = None if moderator else signed_in_page(request, parts)
    if page is not None:
        return HttpResponse(page)
    return render(
        request,
        "web/question.html",
        {"parts": parts, "content": page_content(request, parts, moderator=moderator)},
    )


@require_GET
def urgent_care(request: HttpRequest) -> HttpResponse:
    """What to do when a question describes an emergency sign: the page its notice links."""
    return render(request, "web/urgent.html")


@require_GET
@cached_for_readers(lambda slug: [versions.topic(slug)])
def topic(request: HttpRequest, slug: str) -> HttpResponse:
    found = topic_for_page(slug)
    if found is None:
        raise Http404("No such topic.")
    purpose = request.GET.get("purpose", "")
    purpose = purpose if purpose in Purpose.values else ""
    # The question list follows the purpose a figure of the headline card links to.
    cursor = request.GET.get("after", "")
    page = question_page(topic=slug, purpose=purpose or None, cursor=cursor)
    figures = remembered(
        f"topic-figures:{slug}", [versions.topic(slug)], lambda: topic_figures(slug)
    )
    consensus, by_purpose = figures.consensus, figures.by_purpose
    outcomes = topic_outcomes(found, ReportQuery.from_params(request.GET))
    headline = topic_headline(
        [(v.label, v.consensus.verdicts, v.consensus.questions) for v in by_purpose],
        outcomes.figures,
    )
    return render(
        request,
        "web/topic.html",
        {
            "topic": found,
            "page": page,
            "pages": page_links(
                "Question pages",
                params=[("purpose", purpose)],
                cursor=cursor,
                next_cursor=page.next_cursor,
                fragment="#questions",
            ),
            "purpose": Purpose(purpose) if purpose else None,
            "purpose_questions": figures.questions_by_purpose.get(purpose, 0),
            "consensus": consensus,
            "by_purpose": by_purpose,
            "outcomes": outcomes,
            "report_sorts": REPORT_SORTS,
            "worth_choices": WorthIt.choices,
            "duration_buckets": DURATION_BUCKETS,
            "headline": headline,
            "structured_data": medical_web_page(found, str(headline), figures.last_reviewed),
        },
    )


@require_GET
@cached_for_readers(lambda slug: [versions.doctor(slug), versions.QUESTION_LIST])
def doctor(request: HttpRequest, slug: str) -> HttpResponse:
    found = doctor_for_page(slug, request.user)
    if found is None:
        raise Http404("No such doctor.")
    cursor = request.GET.get("after", "")
    page = doctor_answers_page(found, cursor)
    return render(
        request,
        "web/doctor.html",
        {
            "doctor": found,
            "page": page,
            "pages": page_links(
                "Answer pages", params=[], cursor=cursor, next_cursor=page.next_cursor
            ),
        },
    )
