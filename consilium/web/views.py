"""Pages: each view reads through one selector and renders one template."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from consilium.consensus.selectors import consensus_panel, topic_consensus
from consilium.doctors.selectors import doctor_with_answers
from consilium.qa.selectors import question_with_answers, recent_questions
from consilium.topics.selectors import topic_for_page, topics_with_questions


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "web/home.html",
        {"questions": recent_questions(limit=20), "topics": topics_with_questions()},
    )


def question(request: HttpRequest, pk: int, slug: str = "") -> HttpResponse:
    found = question_with_answers(pk)
    if found is None:
        raise Http404("No such question.")
    if slug != found.slug:
        return redirect(found, permanent=True)
    answers = list(found.answers.all())
    return render(
        request,
        "web/question.html",
        {"question": found, "answers": answers, "panel": consensus_panel(found, answers)},
    )


def topic(request: HttpRequest, slug: str) -> HttpResponse:
    found = topic_for_page(slug)
    if found is None:
        raise Http404("No such topic.")
    questions = list(found.questions.all())
    return render(
        request,
        "web/topic.html",
        {"topic": found, "questions": questions, "consensus": topic_consensus(questions)},
    )


def doctor(request: HttpRequest, slug: str) -> HttpResponse:
    found = doctor_with_answers(slug)
    if found is None:
        raise Http404("No such doctor.")
    return render(request, "web/doctor.html", {"doctor": found})
