"""API operations on answers: read, edit (their doctor), agree (verified doctors), helpful."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router

from consilium.accounts.permissions import doctor_profile, is_moderator, why_cannot_answer
from consilium.api.auth import SIGNED_IN, caller, signed_in
from consilium.api.problems import ApiProblem, documented, validated
from consilium.api.questions import CANNOT_ANSWER
from consilium.api.schemas import AgreementOut, AnswerOut, AnswerPatch, HelpfulOut, answer_out
from consilium.qa.forms import AnswerForm
from consilium.qa.models import Answer
from consilium.qa.services import check_may_edit_answer, edit_answer, set_agreement, set_helpful

router = Router(tags=["answers"])


def _visible_answer(answer_id: int) -> Answer:
    return get_object_or_404(
        Answer.objects.select_related("question", "doctor"), pk=answer_id, is_hidden=False
    )


@router.get(
    "/{answer_id}",
    response=AnswerOut,
    url_name="answer",
    summary="An answer",
    openapi_extra=documented(404, 422),
)
def read_answer(request: HttpRequest, answer_id: int) -> dict[str, Any]:
    answer = Answer.objects.select_related("question", "doctor").filter(pk=answer_id).first()
    hidden = answer is not None and (answer.is_hidden or answer.question.is_hidden)
    if answer is None or (hidden and not is_moderator(caller(request))):
        raise Http404("No such answer.")
    return answer_out(answer, answer.question)


@router.patch(
    "/{answer_id}",
    response=AnswerOut,
    auth=SIGNED_IN,
    url_name="answer",
    summary="Edit your answer (its doctor, while verified)",
    description="Fields left out keep their value; the old version stays in the answer's "
    "history and the question's consensus is worked out again.",
    openapi_extra=documented(403, 404, 422),
)
def update_answer(request: HttpRequest, answer_id: int, payload: AnswerPatch) -> dict[str, Any]:
    answer = get_object_or_404(Answer.objects.select_related("question", "doctor"), pk=answer_id)
    user = signed_in(request)
    reason = why_cannot_answer(user)
    profile = doctor_profile(user)
    if reason is not None or profile is None:
        raise ApiProblem("forbidden", CANNOT_ANSWER.get(reason or "", "You cannot edit answers."))
    check_may_edit_answer(answer, profile)  # refused before the new text is looked at
    changes = payload.model_dump(exclude_none=True)
    if "references" in changes:
        changes["references"] = "\n".join(changes["references"])
    data = {
        "title": answer.title,
        "body": answer.body,
        "verdict": answer.verdict,
        "references": "\n".join(answer.references),
    }
    cleaned = validated(AnswerForm(data={**data, **changes}))
    edit_answer(answer=answer, doctor=profile, **cleaned)
    return answer_out(answer, answer.question)


def _agree(request: HttpRequest, answer_id: int, agree: bool) -> dict[str, Any]:
    answer = _visible_answer(answer_id)
    profile = doctor_profile(signed_in(request))
    if profile is None:
        raise ApiProblem(
            "forbidden", "Only verified doctors can agree; you have no doctor profile."
        )
    # set_agreement refuses unverified doctors and a doctor's own answer (AnswerNotAllowed).
    answer = set_agreement(answer=answer, doctor=profile, agree=agree)
    return {"answer": answer.pk, "agreed": agree, "agree_count": answer.agree_count}


@router.put(
    "/{answer_id}/agreement",
    response=AgreementOut,
    auth=SIGNED_IN,
    url_name="answer_agreement",
    summary="Agree with another doctor's answer (verified doctors)",
    openapi_extra=documented(403, 404, 422),
)
def agree(request: HttpRequest, answer_id: int) -> dict[str, Any]:
    return _agree(request, answer_id, True)


@router.delete(
    "/{answer_id}/agreement",
    response=AgreementOut,
    auth=SIGNED_IN,
    url_name="answer_agreement",
    summary="Withdraw your agreement",
    openapi_extra=documented(403, 404, 422),
)
def withdraw_agreement(request: HttpRequest, answer_id: int) -> dict[str, Any]:
    return _agree(request, answer_id, False)


def _helpful(request: HttpRequest, answer_id: int, helpful: bool) -> dict[str, Any]:
    answer = set_helpful(
        answer=_visible_answer(answer_id), user=signed_in(request), helpful=helpful
    )
    return {"answer": answer.pk, "helpful": helpful, "helpful_count": answer.helpful_count}


@router.put(
    "/{answer_id}/helpful",
    response=HelpfulOut,
    auth=SIGNED_IN,
    url_name="answer_helpful",
    summary="Mark an answer helpful to you",
    openapi_extra=documented(403, 404, 422),
)
def mark_helpful(request: HttpRequest, answer_id: int) -> dict[str, Any]:
    return _helpful(request, answer_id, True)


@router.delete(
    "/{answer_id}/helpful",
    response=HelpfulOut,
    auth=SIGNED_IN,
    url_name="answer_helpful",
    summary="Take back your helpful mark",
    openapi_extra=documented(404, 422),
)
def unmark_helpful(request: HttpRequest, answer_id: int) -> dict[str, Any]:
    return _helpful(request, answer_id, False)
