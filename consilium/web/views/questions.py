"""Pages for asking and looking after questions and answers: edits, history, votes, follows."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from consilium.accounts.http import AuthenticatedHttpRequest
from consilium.accounts.limits import PostingTooFast
from consilium.accounts.notifications import mark_all_read
from consilium.accounts.permissions import verified_doctor
from consilium.accounts.selectors import recent_notifications
from consilium.qa.forms import AnswerForm, AskForm, EditQuestionForm, QuestionUpdateForm
from consilium.qa.markdown import render_markdown
from consilium.qa.models import Answer, Question
from consilium.qa.selectors import answer_history, question_history
from consilium.qa.services import (
    AnswerNotAllowed,
    QuestionNotAllowed,
    ask_question,
    edit_answer,
    edit_question,
    post_question_update,
    set_agreement,
    set_following,
    set_helpful,
)
from consilium.qa.urgent import UrgentSign, urgent_signs
from consilium.topics.selectors import suggest_topics, topic_names
from consilium.web.views.access import (
    current_user,
    is_htmx,
    refuse,
    safe_next,
    sign_in_required,
)


def _back_to(request: HttpRequest, question: Question, anchor: str = "") -> HttpResponse:
    return redirect(f"{question.get_absolute_url()}{anchor}")


# A signed-out visitor's question waits here while they sign in or sign up.
_DRAFT_KEY = "ask_draft"
_DRAFT_FIELDS = ("title", "body", "topics", "trying", "planned_months", "started_on")
# Sent back by the ask form once it has shown the urgent-care notice, so the next press posts.
_URGENT_SEEN = "urgent_seen"


def _typed_signs(data: dict[str, str]) -> list[UrgentSign]:
    return urgent_signs(f"{data.get('title', '')}\n{data.get('body', '')}")


@require_http_methods(["GET", "POST"])
def ask(request: HttpRequest) -> HttpResponse:
    # Emergency signs the asker has not been told about yet: the notice comes before posting,
    # and before signing in, so nobody in danger is first sent through a sign-in form.
    unseen = [] if request.POST.get(_URGENT_SEEN) else _typed_signs(request.POST)
    if request.method == "POST" and not request.user.is_authenticated and not unseen:
        # Keep what was typed, then come back here once signed in.
        request.session[_DRAFT_KEY] = {
            name: request.POST.get(name, "")[:10000] for name in _DRAFT_FIELDS
        }
        messages.info(request, "Sign in or create an account to post: your question is kept.")
        return redirect_to_login(request.get_full_path())
    draft = request.session.pop(_DRAFT_KEY, None) if request.user.is_authenticated else None
    if request.method == "POST":
        form = AskForm(request.POST)
    elif draft:
        form = AskForm(initial=draft)
        messages.info(request, "Here is the question you started: check it and post it.")
    else:
        form = AskForm(initial={"title": request.GET.get("title", "")[:200]})
    preview = None
    signs = unseen if request.method == "POST" else _typed_signs(draft or {})
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            preview = render_markdown(form.cleaned_data["body"])
            signs = _typed_signs(request.POST)
        elif not unseen:
            try:
                question = ask_question(
                    asker=current_user(request),
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    topics=form.cleaned_data["topics"],
                    trial=form.trial_plan(),
                    purpose=form.cleaned_data["purpose"],
                )
            except (QuestionNotAllowed, PostingTooFast) as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    "Your question is posted and you follow it: we tell you here and by "
                    "email as soon as a doctor answers.",
                )
                return redirect(question)
    return render(
        request,
        "web/questions/ask.html",
        {
            "form": form,
            "preview": preview,
            "topic_names": topic_names(),
            "urgent_signs": signs,
        },
    )


@require_POST
def markdown_preview(request: HttpRequest) -> HttpResponse:
    """The rendered body for the live preview beside the ask and answer forms; the ask form
    sends its title too, and gets the urgent-care notice updated with the preview."""
    preview = render_markdown(request.POST.get("body", "")[:20000])
    if "title" not in request.POST:
        return render(request, "web/questions/_preview.html", {"preview": preview})
    return render(
        request,
        "web/questions/_ask_preview.html",
        {"preview": preview, "urgent_signs": _typed_signs(request.POST)},
    )


@require_GET
def topic_suggestions(request: HttpRequest) -> HttpResponse:
    # The ask form sends its whole topics field; suggest for the name being typed.
    term = request.GET.get("topics", request.GET.get("q", "")).split(",")[-1][:80]
    return render(
        request, "web/questions/_topic_suggestions.html", {"topics": suggest_topics(term)}
    )


@require_http_methods(["GET", "POST"])
@sign_in_required
def edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(Question, pk=pk, is_hidden=False)
    if question.asker_id != request.user.pk:
        return refuse(request, "Only the asker can edit", "You can edit questions you asked.")
    initial = {
        "title": question.title,
        "body": question.body,
        "topics": ", ".join(t.name for t in question.topics.all()),
    }
    form = EditQuestionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        edit_question(question=question, editor=request.user, **form.cleaned_data)
        messages.success(request, "Your question is updated; the old version is in its history.")
        return redirect(question)
    return render(request, "web/questions/edit.html", {"form": form, "question": question})


@require_POST
@sign_in_required
def post_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(Question, pk=pk, is_hidden=False)
    if question.asker_id != request.user.pk:
        return refuse(request, "Only the asker can post updates", "Updates come from the asker.")
    form = QuestionUpdateForm(request.POST)
    if form.is_valid():
        try:
            update = post_question_update(
                question=question,
                author=request.user,
                body=form.cleaned_data["body"],
            )
        except (QuestionNotAllowed, PostingTooFast) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Your update is posted.")
            return _back_to(request, question, f"#update-{update.pk}")
    return render(
        request, "web/questions/update_form.html", {"form": form, "question": question}, status=400
    )


@require_http_methods(["GET", "POST"])
@sign_in_required
def edit_own_answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    answer = get_object_or_404(Answer.objects.select_related("question", "doctor"), pk=pk)
    doctor = verified_doctor(request.user)
    if doctor is None or answer.doctor_id != doctor.pk:
        return refuse(
            request,
            "Only the answer's doctor can edit it",
            "Verified doctors can edit the answers they wrote.",
        )
    initial = {
        "title": answer.title,
        "body": answer.body,
        "verdict": answer.verdict,
        "references": "\n".join(answer.references),
    }
    form = AnswerForm(request.POST or None, initial=initial)
    preview = None
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            preview = render_markdown(form.cleaned_data["body"])
        else:
            edit_answer(answer=answer, doctor=doctor, **form.cleaned_data)
            messages.success(request, "Your answer is updated; the old version is in its history.")
            return _back_to(request, answer.question, f"#answer-{answer.pk}")
    return render(
        request,
        "web/doctors/answer.html",
        {"form": form, "question": answer.question, "editing": answer, "preview": preview},
    )


@require_GET
def history(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    if kind == "question":
        versions = question_history(pk)
    elif kind == "answer":
        versions = answer_history(pk)
    else:
        raise Http404("No such kind of post.")
    if versions is None:
        raise Http404("No such post.")
    return render(request, "web/questions/history.html", {"history": versions, "kind": kind})


def _vote_response(request: HttpRequest, answer: Answer, error: str = "") -> HttpResponse:
    if is_htmx(request):
        response = render(
            request,
            "web/questions/_answer_votes.html",
            {"answer": answer, "vote_error": error, **_voter_state(request, answer)},
        )
        # The page's one vote form was posted: these votes replace the answer's own.
        response["HX-Retarget"] = f"#votes-{answer.pk}"
        response["HX-Reswap"] = "outerHTML"
        return response
    if error:
        messages.error(request, error)
    # The answer form lists the other answers with their votes, and sends readers back to it.
    default = f"{answer.question.get_absolute_url()}#answer-{answer.pk}"
    return redirect(safe_next(request, default))


def _voter_state(request: HttpRequest, answer: Answer) -> dict[str, object]:
    user = request.user
    if not user.is_authenticated:
        return {"agreed": False, "found_helpful": False, "may_agree": False}
    doctor = verified_doctor(user)
    return {
        "agreed": doctor is not None and answer.agreements.filter(doctor=doctor).exists(),
        "found_helpful": answer.helpful_marks.filter(user=user).exists(),
        "may_agree": doctor is not None and doctor.pk != answer.doctor_id,
    }


@require_POST
@sign_in_required
def agree(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    answer = get_object_or_404(
        Answer.objects.select_related("question", "doctor"), pk=pk, is_hidden=False
    )
    doctor = verified_doctor(request.user)
    if doctor is None:
        return refuse(
            request,
            "Only verified doctors can agree",
            "Patients can mark an answer helpful instead.",
        )
    try:
        set_agreement(answer=answer, doctor=doctor, agree=request.POST.get("agree") != "0")
    except AnswerNotAllowed as error:
        return _vote_response(request, answer, str(error))
    return _vote_response(request, answer)


@require_POST
@sign_in_required
def helpful(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    answer = get_object_or_404(
        Answer.objects.select_related("question", "doctor"), pk=pk, is_hidden=False
    )
    try:
        set_helpful(answer=answer, user=request.user, helpful=request.POST.get("helpful") != "0")
    except AnswerNotAllowed as error:
        return _vote_response(request, answer, str(error))
    return _vote_response(request, answer)


@require_POST
@sign_in_required
def follow(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(Question, pk=pk, is_hidden=False)
    following = set_following(
        question=question,
        user=request.user,
        follow=request.POST.get("follow") != "0",
    )
    if is_htmx(request):
        return render(
            request, "web/questions/_follow.html", {"question": question, "following": following}
        )
    messages.success(request, "You follow this question." if following else "You unfollowed it.")
    return _back_to(request, question)


@require_http_methods(["GET", "POST"])
@sign_in_required
def notifications(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.method == "POST":
        mark_all_read(request.user)
        return redirect("web:notifications")
    return render(
        request,
        "web/questions/notifications.html",
        {"notifications": recent_notifications(request.user)},
    )
