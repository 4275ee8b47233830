"""Public reading pages: home, question, topic and doctor profile."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from consilium.accounts.permissions import is_moderator
from consilium.consensus.selectors import consensus_panel, topic_consensus
from consilium.doctors.selectors import doctor_with_answers
from consilium.outcomes.headline import topic_headline
from consilium.outcomes.selectors import question_outcome, topic_outcomes
from consilium.qa.forms import QuestionUpdateForm
from consilium.qa.selectors import (
    ordered_answers,
    question_with_answers,
    recent_questions,
    viewer_state,
)
from consilium.search.selectors import related_questions
from consilium.topics.selectors import topic_for_page, topics_with_questions


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "web/home.html",
        {"questions": recent_questions(limit=20), "topics": topics_with_questions()},
    )


@require_GET
def question(request: HttpRequest, pk: int, slug: str = "") -> HttpResponse:
    moderator = is_moderator(request.user)
    found = question_with_answers(pk, include_hidden=moderator)
    if found is None or (found.is_hidden and not moderator):
        raise Http404("No such question.")
    if slug != found.slug:
        return redirect(found, permanent=True)
    answers = list(found.answers.all())
    viewer = viewer_state(found, request.user)
    own_answer = next(
        (a for a in answers if viewer.doctor_id and a.doctor_id == viewer.doctor_id), None
    )
    order = "newest" if request.GET.get("order") == "newest" else "agreement"
    return render(
        request,
        "web/question.html",
        {
            "question": found,
            "answers": ordered_answers(answers, order),
            "order": order,
            "panel": consensus_panel(found, answers),
            "viewer": viewer,
            "own_answer": own_answer,
            "update_form": QuestionUpdateForm(),
            # Only a question whose asker named a trial can have a report to show.
            "outcome": question_outcome(found) if hasattr(found, "trial") else None,
            "moderator": moderator,
            "related_questions": related_questions(found, limit=5),
        },
    )


@require_GET
def topic(request: HttpRequest, slug: str) -> HttpResponse:
    found = topic_for_page(slug)
    if found is None:
        raise Http404("No such topic.")
    questions = list(found.questions.all())
    consensus = topic_consensus(questions)
    outcomes = topic_outcomes(found)
    return render(
        request,
        "web/topic.html",
        {
            "topic": found,
            "questions": questions,
            "consensus": consensus,
            "outcomes": outcomes,
            "headline": topic_headline(
                consensus.verdicts,
                consensus.questions,
                outcomes.count,
                outcomes.worth_it_percent,
                outcomes.worth_it.get("yes", 0),
                outcomes.median_months,
                outcomes.median_cost,
                outcomes.cost_currency,
            ),
        },
    )


@require_GET
def doctor(request: HttpRequest, slug: str) -> HttpResponse:
    found = doctor_with_answers(slug, request.user)
    if found is None:
        raise Http404("No such doctor.")
    return render(request, "web/doctor.html", {"doctor": found})
