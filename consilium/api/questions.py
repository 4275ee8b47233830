"""API operations on questions: list, read, ask, edit, updates, answers, follow and consensus."""

from __future__ import annotations

from typing import Any, Literal

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router

from consilium.accounts.permissions import doctor_profile, is_moderator, why_cannot_answer
from consilium.api.auth import SIGNED_IN, caller, signed_in
from consilium.api.pagination import paginate
from consilium.api.problems import ApiProblem, documented, validated
from consilium.api.schemas import (
    AnswerIn,
    AnswerOut,
    AskIn,
    ConsensusOut,
    FollowOut,
    QuestionFilters,
    QuestionOut,
    QuestionPage,
    QuestionPatch,
    QuestionUpdateOut,
    UpdateIn,
    answer_out,
    question_item,
)
from consilium.consensus.selectors import stored_consensus
from consilium.outcomes.durations import months_from_weeks
from consilium.qa.forms import AnswerForm, AskForm, EditQuestionForm, QuestionUpdateForm
from consilium.qa.models import Question
from consilium.qa.selectors import (
    ordered_answers,
    question_list,
    question_with_answers,
    viewer_state,
)
from consilium.qa.services import (
    AnswerNotAllowed,
    QuestionNotAllowed,
    ask_question,
    check_may_edit_question,
    edit_question,
    post_answer,
    post_question_update,
    set_following,
)

router = Router(tags=["questions"])

# Newest first; the id breaks ties so the order is total and cursors are exact.
NEWEST = ("-created_at", "-id")

# why_cannot_answer's reasons, told the way an API client needs them.
CANNOT_ANSWER = {
    "anonymous": "Only verified doctors can answer; sign in first.",
    "not_doctor": "Only verified doctors can answer; apply as a doctor on the site.",
    "pending": "Your doctor application is being reviewed; you can answer once verified.",
    "rejected": "Your doctor application was not approved; see your account page.",
    "revoked": "Your verification was revoked; you can no longer answer.",
}


def _visible_question(request: HttpRequest, question_id: int) -> Question:
    """The question with its answers as the page shows them to this caller, or 404."""
    moderator = is_moderator(caller(request))
    found = question_with_answers(question_id, include_hidden=moderator)
    if found is None or (found.is_hidden and not moderator):
        raise Http404("No such question.")
    return found


def _question_out(request: HttpRequest, question: Question, order: str) -> dict[str, Any]:
    user = caller(request)
    answers = ordered_answers(list(question.answers.all()), order)
    trial = getattr(question, "trial", None)
    source = getattr(question, "source", None)
    viewer = None
    if user.is_authenticated:
        state = viewer_state(question, user)
        viewer = {
            "following": state.following,
            "is_asker": state.is_asker,
            "may_answer": why_cannot_answer(user) is None,
            "agreed": sorted(state.agreed),
            "found_helpful": sorted(state.found_helpful),
        }
    return {
        **question_item(question, sum(1 for a in answers if not a.is_hidden)),
        "body": question.body,
        "is_hidden": question.is_hidden,
        "source": None
        if source is None
        else {"url": source.url, "imported_at": source.imported_at, "asked_at": source.asked_at},
        "trial": None
        if trial is None
        else {
            "description": trial.description,
            "planned_weeks": trial.planned_weeks,
            "planned_months": months_from_weeks(trial.planned_weeks),
            "started_on": trial.started_on,
        },
        "updates": [
            {"id": u.pk, "body": u.body, "created_at": u.created_at} for u in question.updates.all()
        ],
        "answers": [answer_out(a, question) for a in answers],
        "viewer": viewer,
    }


def _unhidden(question_id: int) -> Question:
    return get_object_or_404(Question, pk=question_id, is_hidden=False)


@router.get(
    "",
    response=QuestionPage,
    url_name="questions",
    summary="Questions, newest first",
    openapi_extra=documented(422),
)
def list_questions(request: HttpRequest, filters: Query[QuestionFilters]) -> dict[str, Any]:
    page = paginate(
        question_list(topic=filters.topic, answered=filters.answered),
        order=NEWEST,
        cursor=filters.cursor,
        limit=filters.limit,
    )
    return {
        "items": [question_item(q, q.answer_count) for q in page.items],  # type: ignore[attr-defined]
        "next": page.next,
    }


@router.post(
    "",
    response={201: QuestionOut},
    auth=SIGNED_IN,
    url_name="questions",
    summary="Ask a question",
    description="The asker follows their question. Naming what they are trying (`trying`, "
    "`planned_months`) asks them at the end how it went.",
    openapi_extra=documented(409, 422),
)
def ask(request: HttpRequest, payload: AskIn) -> dict[str, Any]:
    data = payload.model_dump()
    form = AskForm(data={**data, "topics": ", ".join(data["topics"])})
    cleaned = validated(form)
    try:
        question = ask_question(
            asker=signed_in(request),
            title=cleaned["title"],
            body=cleaned["body"],
            topics=cleaned["topics"],
            trial=form.trial_plan(),
            purpose=cleaned["purpose"],
        )
    except QuestionNotAllowed as error:
        # The one thing ask_question refuses is the asker's own question asked again.
        raise ApiProblem("conflict", str(error)) from None
    return _question_out(request, _visible_question(request, question.pk), "agreement")


@router.get(
    "/{question_id}",
    response=QuestionOut,
    url_name="question",
    summary="A question with its answers",
    description="Answers come most agreed first, or newest first with `order=newest`. "
    "Hidden questions and answers are shown to moderators only.",
    openapi_extra=documented(404, 422),
)
def read_question(
    request: HttpRequest, question_id: int, order: Literal["agreement", "newest"] = "agreement"
) -> dict[str, Any]:
    return _question_out(request, _visible_question(request, question_id), order)


@router.patch(
    "/{question_id}",
    response=QuestionOut,
    auth=SIGNED_IN,
    url_name="question",
    summary="Edit your question",
    description="Only the asker may edit. Fields left out keep their value; the old "
    "version stays in the question's history and followers are told.",
    openapi_extra=documented(403, 404, 422),
)
def update_question(
    request: HttpRequest, question_id: int, payload: QuestionPatch
) -> dict[str, Any]:
    question = _unhidden(question_id)
    check_may_edit_question(question, signed_in(request))  # before the new text is looked at
    changes = payload.model_dump(exclude_none=True)
    data = {
        "title": question.title,
        "body": question.body,
        # Slugs, not names: a name may hold a comma, the list separator.
        "topics": ", ".join(t.slug for t in question.topics.all()),
    }
    if "topics" in changes:
        changes["topics"] = ", ".join(changes["topics"])
    cleaned = validated(EditQuestionForm(data={**data, **changes}))
    edit_question(question=question, editor=signed_in(request), **cleaned)
    return _question_out(request, _visible_question(request, question_id), "agreement")


@router.post(
    "/{question_id}/updates",
    response={201: QuestionUpdateOut},
    auth=SIGNED_IN,
    url_name="question_updates",
    summary="Post an update under your question",
    description="Only the asker may post updates (e.g. “Update after 4 months: …”).",
    openapi_extra=documented(403, 404, 422),
)
def add_question_update(
    request: HttpRequest, question_id: int, payload: UpdateIn
) -> dict[str, Any]:
    question = _unhidden(question_id)
    cleaned = validated(QuestionUpdateForm(data=payload.model_dump()))
    update = post_question_update(
        question=question, author=signed_in(request), body=cleaned["body"]
    )
    return {"id": update.pk, "body": update.body, "created_at": update.created_at}


@router.post(
    "/{question_id}/answers",
    response={201: AnswerOut},
    auth=SIGNED_IN,
    url_name="question_answers",
    summary="Answer a question (verified doctors)",
    description="One answer per doctor and question; edit it with PATCH /answers/{id}.",
    openapi_extra=documented(403, 404, 409, 422),
)
def answer_question(request: HttpRequest, question_id: int, payload: AnswerIn) -> dict[str, Any]:
    question = _unhidden(question_id)
    user = signed_in(request)
    reason = why_cannot_answer(user)
    if reason is not None:
        raise ApiProblem("forbidden", CANNOT_ANSWER.get(reason, "You cannot answer questions."))
    data = payload.model_dump()
    cleaned = validated(AnswerForm(data={**data, "references": "\n".join(data["references"])}))
    profile = doctor_profile(user)
    assert profile is not None  # why_cannot_answer found a verified profile
    try:
        answer = post_answer(doctor=profile, question=question, **cleaned)
    except AnswerNotAllowed as error:
        # Who may answer was checked above; what is left is an answer already posted.
        raise ApiProblem("conflict", str(error)) from None
    return answer_out(answer, question)


@router.put(
    "/{question_id}/follow",
    response=FollowOut,
    auth=SIGNED_IN,
    url_name="question_follow",
    summary="Follow a question",
    description="Followers are notified of new answers, edits and updates.",
    openapi_extra=documented(404, 422),
)
def follow_question(request: HttpRequest, question_id: int) -> dict[str, Any]:
    question = _unhidden(question_id)
    following = set_following(question=question, user=signed_in(request), follow=True)
    return {"question": question.pk, "following": following}


@router.delete(
    "/{question_id}/follow",
    response=FollowOut,
    auth=SIGNED_IN,
    url_name="question_follow",
    summary="Stop following a question",
    openapi_extra=documented(404, 422),
)
def unfollow_question(request: HttpRequest, question_id: int) -> dict[str, Any]:
    question = _unhidden(question_id)
    following = set_following(question=question, user=signed_in(request), follow=False)
    return {"question": question.pk, "following": following}


@router.get(
    "/{question_id}/consensus",
    response=ConsensusOut,
    url_name="question_consensus",
    summary="What the doctors agree on",
    openapi_extra=documented(404, 422),
)
def question_consensus(request: HttpRequest, question_id: int) -> dict[str, Any]:
    _visible_question(request, question_id)
    consensus = stored_consensus(question_id)
    if consensus is None:
        raise Http404("No such question, or its consensus is not computed yet.")
    return {"question": question_id, **consensus.result}
