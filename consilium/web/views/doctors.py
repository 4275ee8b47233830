"""Pages for doctors: applying to be verified, and answering questions."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from consilium.accounts.http import AuthenticatedHttpRequest
from consilium.accounts.limits import PostingTooFast
from consilium.accounts.permissions import why_cannot_answer
from consilium.consensus.selectors import leanings_for_questions
from consilium.doctors.documents import DocumentRejected
from consilium.doctors.models import VerificationStatus
from consilium.doctors.selectors import document_for, own_application
from consilium.doctors.services import (
    ApplicationError,
    add_application_documents,
    apply_as_doctor,
    remove_application_document,
)
from consilium.qa.forms import AnswerForm
from consilium.qa.markdown import render_markdown
from consilium.qa.selectors import (
    doctor_desk,
    ordered_answers,
    question_with_answers,
    viewer_state,
)
from consilium.qa.services import AnswerNotAllowed, post_answer
from consilium.web.forms import DoctorApplicationForm, DocumentsForm
from consilium.web.views.access import current_user, refuse, sign_in_required

_CANNOT_ANSWER = {
    "anonymous": (
        "Only verified doctors can answer",
        "Answers on Consilium come only from doctors whose licence we have checked. "
        "If you are a doctor, sign in and apply to be verified.",
        ("Sign in", "web:login"),
    ),
    "not_doctor": (
        "Only verified doctors can answer",
        "Answers on Consilium come only from doctors whose licence we have checked. If you "
        "are a doctor, apply with your credentials; a moderator reviews every application.",
        ("Apply as a doctor", "web:doctor-apply"),
    ),
    "pending": (
        "Your application is being reviewed",
        "You can answer as soon as a moderator has verified your credentials. "
        "We email you when they decide.",
        ("See your application", "web:account"),
    ),
    "rejected": (
        "Your application was not approved",
        "A moderator could not verify your credentials. Your account page says why; you "
        "can correct your application and send it again.",
        ("See your application", "web:account"),
    ),
    "revoked": (
        "Your verification was revoked",
        "Doctors whose verification was withdrawn cannot post answers. Your account page says why.",
        ("See your account", "web:account"),
    ),
}


@require_http_methods(["GET", "POST"])
@sign_in_required
def apply(request: AuthenticatedHttpRequest) -> HttpResponse:
    profile = own_application(request.user)
    if profile is not None and profile.verification_status != VerificationStatus.REJECTED:
        messages.info(request, "You have applied already; your application is below.")
        return redirect("web:account")
    initial = {}
    if profile is not None:
        initial = {name: getattr(profile, name) for name in DoctorApplicationForm.PROFILE_FIELDS}
    form = DoctorApplicationForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            apply_as_doctor(user=request.user, **form.cleaned_data)
        except DocumentRejected as error:
            # A browser never sends chosen files back; everything else stays in the form.
            form.add_error("documents", f"{error} Nothing was sent: choose your files again.")
        except ApplicationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Thank you. A moderator will review your credentials.")
            return redirect("web:account")
    return render(request, "web/doctors/apply.html", {"form": form, "profile": profile})


_UNDECIDED = (VerificationStatus.PENDING, VerificationStatus.REJECTED)


@require_http_methods(["GET", "POST"])
@sign_in_required
def documents(request: AuthenticatedHttpRequest) -> HttpResponse:
    profile = own_application(request.user)
    if profile is None or profile.verification_status not in _UNDECIDED:
        return refuse(
            request,
            "No application to add documents to",
            "Documents go with an application a moderator has yet to decide.",
            next_step=("Your account", reverse("web:account")),
        )
    posted = request.method == "POST"
    form = DocumentsForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        try:
            added = add_application_documents(
                user=request.user, documents=form.cleaned_data["documents"]
            )
        except DocumentRejected as error:
            form.add_error("documents", str(error))
        except ApplicationError as error:
            form.add_error(None, str(error))
        else:
            count = f"{len(added)} documents are" if len(added) > 1 else "The document is"
            messages.success(request, f"{count} added to your application.")
            return redirect("web:application-documents")
    return render(request, "web/doctors/documents.html", {"form": form, "profile": profile})


@require_POST
@sign_in_required
def remove_document(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    try:
        remove_application_document(user=request.user, document_id=pk)
    except ApplicationError as error:
        return refuse(
            request,
            "This document cannot be removed",
            str(error),
            next_step=("Your account", reverse("web:account")),
        )
    messages.success(request, "The document is removed from your application.")
    return redirect("web:application-documents")


@require_GET
def document(request: HttpRequest, pk: int) -> FileResponse:
    found = document_for(pk, request.user)
    path = settings.DOCUMENT_ROOT / found.name if found is not None else None
    if found is None or path is None or not path.is_file():
        raise Http404("No such document.")
    # Always a download under a name of ours, in the type its first bytes showed: a browser
    # never renders an applicant's file as a page of this site.
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=f"application-document-{found.pk}.{found.extension}",
        content_type=found.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


def _refusal(request: HttpRequest, reason: str) -> HttpResponse:
    heading, explanation, (label, url_name) = _CANNOT_ANSWER[reason]
    return refuse(request, heading, explanation, next_step=(label, reverse(url_name)))


# A notice on the doctor's home for this long after their verification.
_WELCOME_DAYS = 14


@require_GET
@sign_in_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    reason = why_cannot_answer(request.user)
    if reason is not None:
        return _refusal(request, reason)
    doctor = request.user.doctor_profile
    desk = doctor_desk(doctor, request.user)
    verified_at = doctor.verified_at
    return render(
        request,
        "web/doctors/home.html",
        {
            "doctor": doctor,
            "desk": desk,
            "leanings": leanings_for_questions(q.pk for q in desk.following),
            "newly_verified": verified_at is not None
            and timezone.now() - verified_at < timedelta(days=_WELCOME_DAYS)
            and not desk.answers,
        },
    )


@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    question = question_with_answers(pk, with_agreements=True)
    if question is None or question.is_hidden:
        raise Http404("No such question.")
    reason = why_cannot_answer(request.user)
    if reason == "anonymous":
        # A doctor following a link to a question signs in and comes straight back here.
        return redirect_to_login(request.get_full_path())
    if reason is not None:
        return _refusal(request, reason)
    form = AnswerForm(request.POST or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            preview = render_markdown(form.cleaned_data["body"])
        else:
            try:
                posted = post_answer(
                    doctor=current_user(request).doctor_profile,
                    question=question,
                    **form.cleaned_data,
                )
            except (AnswerNotAllowed, PostingTooFast) as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Your answer is published.")
                return redirect(f"{question.get_absolute_url()}#answer-{posted.pk}")
    # The answers already given sit beside the form, so a doctor can agree instead of repeating.
    return render(
        request,
        "web/doctors/answer.html",
        {
            "form": form,
            "question": question,
            "preview": preview,
            "others": ordered_answers(list(question.answers.all()), "agreement"),
            "viewer": viewer_state(question, request.user),
        },
    )
