"""Moderators correcting where a question is filed: its topics and its purpose."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from consilium.accounts.http import AuthenticatedHttpRequest
from consilium.qa.forms import FilingForm
from consilium.qa.selectors import question_for_filing
from consilium.qa.services import QuestionNotAllowed, correct_question_filing
from consilium.topics.selectors import topic_names
from consilium.web.views.access import moderator_required


@require_http_methods(["GET", "POST"])
@moderator_required
def filing(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    question = question_for_filing(pk)
    if question is None:
        raise Http404("No such question.")
    form = FilingForm.for_question(question, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            correct_question_filing(
                question=question,
                moderator=request.user,
                topics=form.cleaned_data["topics"],
                purpose=form.cleaned_data["purpose"],
                reason=form.cleaned_data["reason"],
            )
        except QuestionNotAllowed as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The question's topics and purpose are corrected.")
            return redirect(question)
    return render(
        request,
        "web/moderation/filing.html",
        {"form": form, "question": question, "topic_names": topic_names()},
    )
