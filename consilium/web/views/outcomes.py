"""Pages for patients' outcome reports and their photos."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from consilium.accounts.http import AuthenticatedHttpRequest
from consilium.accounts.limits import PostingTooFast
from consilium.accounts.permissions import is_moderator
from consilium.outcomes.durations import months_from_weeks
from consilium.outcomes.models import OutcomePhoto, OutcomeReport, Trial
from consilium.outcomes.photos import PhotoRejected
from consilium.outcomes.selectors import earlier_report, last_currency
from consilium.outcomes.services import (
    OutcomeNotAllowed,
    PhotoUpload,
    delete_outcome_report,
    report_outcome,
)
from consilium.topics.models import Topic
from consilium.topics.selectors import topic_names
from consilium.web.forms import OutcomeForm, currency_for_locale
from consilium.web.views.access import current_user, id_param, sign_in_required


@require_http_methods(["GET", "POST"])
@sign_in_required
def report(request: AuthenticatedHttpRequest) -> HttpResponse:
    trial = None
    trial_id = id_param(request, "trial")
    if trial_id is not None:
        trial = (
            Trial.objects.select_related("topic", "question")
            .filter(pk=trial_id, patient_id=request.user.pk)
            .first()
        )
    initial: dict[str, object] = {
        "currency": last_currency(current_user(request))
        or currency_for_locale(request.headers.get("Accept-Language", ""))
    }
    topic = None
    if trial is not None:
        topic = trial.topic
        initial["topic"] = trial.topic.name if trial.topic else ""
        initial["months"] = months_from_weeks(trial.planned_weeks)
    elif request.GET.get("topic"):
        topic = Topic.objects.filter(slug=request.GET["topic"]).first()
        initial["topic"] = topic.name if topic else ""
    # A second report on the same treatment edits the first: the form starts from it.
    earlier = earlier_report(request.user, topic=topic, trial=trial)
    if earlier is not None:
        initial.update(
            months=months_from_weeks(earlier.weeks),
            worth_it=earlier.worth_it,
            rating=earlier.rating,
            cost=earlier.cost,
            currency=earlier.currency or initial["currency"],
            text=earlier.text,
        )
    form = OutcomeForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        photos = [
            PhotoUpload(kind=kind, file=data[f"{kind}_photo"], size=data[f"{kind}_photo"].size)
            for kind in ("before", "after")
            if data.get(f"{kind}_photo")
        ]
        try:
            saved = report_outcome(
                patient=request.user,
                topic=data["topic"],
                weeks=form.weeks(),
                worth_it=data["worth_it"],
                rating=data["rating"],
                text=data["text"],
                cost=data["cost"],
                currency=data["currency"],
                trial=trial,
                photos=photos,
            )
        except PhotoRejected as error:
            form.add_error(f"{error.kind or 'before'}_photo", str(error))
        except (OutcomeNotAllowed, PostingTooFast) as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                "Thank you: your report now counts on the treatment page."
                if saved.updated_at is None
                else "Your report is updated; it still counts once.",
            )
            if trial is not None:
                return redirect(trial.question)
            return redirect(saved.topic)
    return render(
        request,
        "web/outcomes/report.html",
        {"form": form, "trial": trial, "earlier": earlier, "topic_names": topic_names()},
    )


@require_POST
@sign_in_required
def delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    # Someone else's report is not there for them to delete.
    report = get_object_or_404(
        OutcomeReport.objects.select_related("topic"), pk=pk, patient_id=request.user.pk
    )
    delete_outcome_report(report=report, patient=request.user)
    messages.success(request, "Your report is deleted, with its photos.")
    return redirect(report.topic)


@require_GET
def photo(request: HttpRequest, name: str) -> HttpResponseBase:
    stored = OutcomePhoto.objects.filter(name=name).select_related("report").first()
    if stored is None or (stored.report.is_hidden and not is_moderator(request.user)):
        raise Http404("No such photo.")
    path = settings.PHOTO_ROOT / stored.name
    if not path.is_file():
        raise Http404("No such photo.")
    content_type = "image/png" if stored.name.endswith(".png") else "image/jpeg"
    response = FileResponse(path.open("rb"), content_type=content_type)
    # A hidden report's photo is shown to moderators only, and kept by no shared cache.
    hidden = stored.report.is_hidden
    response["Cache-Control"] = "private, no-store" if hidden else "public, max-age=86400"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response
