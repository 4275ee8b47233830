"""Moderators' pages: review queues, decisions on doctors and content, the audit log."""

from __future__ import annotations

from typing import cast

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from consilium.accounts.http import AuthenticatedHttpRequest
from consilium.accounts.limits import PostingTooFast
from consilium.accounts.permissions import is_moderator
from consilium.doctors.boards import licence_lookup
from consilium.doctors.models import DoctorProfile
from consilium.doctors.services import (
    ApplicationError,
    check_registry,
    registry_applies,
    reject_application,
    revoke_verification,
    verify_doctor,
)
from consilium.moderation.models import Flag
from consilium.moderation.selectors import (
    audit_log,
    open_flags,
    pending_applications,
    verified_doctors,
)
from consilium.moderation.services import (
    ModerationError,
    dismiss_flag,
    flag_content,
    hide_content,
    restore_content,
)
from consilium.outcomes.models import OutcomeReport
from consilium.qa.models import Answer, Question
from consilium.qa.selectors import urgent_questions
from consilium.qa.urgent import urgent_signs
from consilium.web.forms import FlagForm, ReasonForm
from consilium.web.views.access import moderator_required, safe_next, sign_in_required

Post = Question | Answer | OutcomeReport
_POST_MODELS: dict[str, type[Post]] = {
    "question": Question,
    "answer": Answer,
    "report": OutcomeReport,
}


def _post(kind: str, pk: int) -> Post:
    model = _POST_MODELS.get(kind)
    if model is None:
        raise Http404("No such kind of post.")
    return cast("Post", get_object_or_404(model, pk=pk))


def _reason(request: HttpRequest) -> str | None:
    form = ReasonForm(request.POST)
    if form.is_valid():
        return str(form.cleaned_data["reason"])
    messages.error(request, "Give a reason: it is kept in the audit log.")
    return None


@require_GET
@moderator_required
def queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "web/moderation/queue.html",
        {
            "applications": [
                (profile, licence_lookup(profile.jurisdiction), registry_applies(profile))
                for profile in pending_applications()
            ],
            # Questions describing an emergency sign come first, each with the signs named.
            "urgent_questions": [
                (question, urgent_signs(f"{question.title}\n{question.body}"))
                for question in urgent_questions()
            ],
            "registry_enabled": settings.REGISTRY_CHECKS,
            "flags": open_flags(),
            "doctors": verified_doctors(),
            "reason_form": ReasonForm(),
        },
    )


@require_GET
@moderator_required
def log(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "web/moderation/log.html", {"entries": audit_log()})


@require_POST
@moderator_required
def decide_application(request: AuthenticatedHttpRequest, pk: int, decision: str) -> HttpResponse:
    profile = get_object_or_404(DoctorProfile, pk=pk)
    try:
        if decision == "approve":
            if not profile.is_pending:
                raise ApplicationError("Only a pending application can be approved.")
            note = request.POST.get("reason", "").strip()[:2000]
            verify_doctor(profile, moderator=request.user, reason=note)
            messages.success(request, f"{profile.display_name} is verified.")
        elif decision == "reject":
            reason = _reason(request)
            if reason is not None:
                reject_application(profile, moderator=request.user, reason=reason)
                messages.success(request, f"{profile.display_name}'s application is rejected.")
        elif decision == "revoke":
            reason = _reason(request)
            if reason is not None:
                revoke_verification(profile, moderator=request.user, reason=reason)
                messages.success(request, f"{profile.display_name} is no longer verified.")
        else:
            raise Http404("No such decision.")
    except ApplicationError as error:
        messages.error(request, str(error))
    return redirect("web:moderation")


@require_POST
@moderator_required
def registry_check(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    profile = get_object_or_404(DoctorProfile, pk=pk, verification_status="pending")
    try:
        check = check_registry(profile, moderator=request.user)
    except ApplicationError as error:
        messages.error(request, str(error))
    else:
        if check.message:
            messages.error(request, check.message)
        else:
            messages.success(
                request, f"{profile.display_name}: {check.get_outcome_display().lower()}."
            )
    return redirect(f"{reverse('web:moderation')}#application-{profile.pk}")


@require_POST
@moderator_required
def moderate_post(
    request: AuthenticatedHttpRequest, kind: str, pk: int, action: str
) -> HttpResponse:
    target = _post(kind, pk)
    reason = _reason(request)
    if reason is not None:
        try:
            if action == "hide":
                hide_content(moderator=request.user, target=target, reason=reason)
            elif action == "restore":
                restore_content(moderator=request.user, target=target, reason=reason)
            else:
                raise Http404("No such action.")
        except ModerationError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, f"The {kind} is {'hidden' if action == 'hide' else 'restored'}."
            )
    return redirect(safe_next(request, reverse("web:moderation")))


@require_POST
@moderator_required
def dismiss(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    flag = get_object_or_404(Flag, pk=pk, resolved_at__isnull=True)
    reason = _reason(request)
    if reason is not None:
        dismiss_flag(moderator=request.user, flag=flag, reason=reason)
        messages.success(request, "The flag is dismissed.")
    return redirect("web:moderation")


@require_http_methods(["GET", "POST"])
@sign_in_required
def flag(request: AuthenticatedHttpRequest, kind: str, pk: int) -> HttpResponse:
    target = _post(kind, pk)
    if target.is_hidden and not is_moderator(request.user):
        raise Http404("No such post.")
    form = FlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            flag_content(reporter=request.user, target=target, **form.cleaned_data)
        except (ModerationError, PostingTooFast) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Thank you. A moderator will look at it.")
            return redirect(target.question if isinstance(target, Answer) else target)
    return render(
        request, "web/moderation/flag.html", {"form": form, "target": target, "kind": kind}
    )
