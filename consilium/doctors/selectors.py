"""Reads of doctor profiles."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from consilium.accounts.permissions import AnyUser, is_moderator
from consilium.doctors.models import (
    ApplicationDocument,
    DoctorProfile,
    RegistryCheck,
    VerificationStatus,
)
from consilium.qa.models import Answer

# A profile is public once it has been verified; one whose verification was revoked stays
# public, because its answers stay on the site, marked.
PUBLIC_STATUSES = (VerificationStatus.VERIFIED, VerificationStatus.REVOKED)


def _visible_to(profiles: QuerySet[DoctorProfile], viewer: AnyUser) -> QuerySet[DoctorProfile]:
    """Applications under review or rejected are private to the applicant and moderators."""
    if is_moderator(viewer):
        return profiles
    visible = Q(verification_status__in=PUBLIC_STATUSES)
    if viewer.is_authenticated:
        visible |= Q(user=viewer)
    return profiles.filter(visible)


def doctor_for_page(slug: str, viewer: AnyUser) -> DoctorProfile | None:
    """The profile, if this viewer may see it; its answers come a page at a time."""
    return _visible_to(DoctorProfile.objects.all(), viewer).filter(slug=slug).first()


@dataclass(frozen=True)
class AnswerPage:
    answers: list[Answer]
    next_cursor: str | None


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def doctor_answers_page(doctor: DoctorProfile, cursor: str = "", size: int = 20) -> AnswerPage:
    """The doctor's visible answers, newest first, size at a time.

    Keyset paging ("micro-seconds.id" of the last answer shown), so a deep page reads no
    more rows than the first.
    """
    answers = (
        Answer.objects.filter(doctor=doctor, is_hidden=False, question__is_hidden=False)
        .select_related("question")
        .order_by("-created_at", "-id")
    )
    try:
        stamp, pk = (int(part) for part in cursor.split("."))
        created = _EPOCH + timedelta(microseconds=stamp)
    except (ValueError, OverflowError):
        pass
    else:
        answers = answers.filter(Q(created_at__lt=created) | Q(created_at=created, pk__lt=pk))
    rows = list(answers[: size + 1])
    if len(rows) <= size:
        return AnswerPage(rows, None)
    last = rows[size - 1]
    stamp = (last.created_at - _EPOCH) // timedelta(microseconds=1)
    return AnswerPage(rows[:size], f"{stamp}.{last.pk}")


def doctor_profiles(*, verified_only: bool) -> QuerySet[DoctorProfile]:
    """Profiles with their count of visible answers, for the API; unordered."""
    profiles = DoctorProfile.objects.annotate(
        answer_count=Count(
            "answers", filter=Q(answers__is_hidden=False, answers__question__is_hidden=False)
        )
    )
    if verified_only:
        # Imported doctors answered elsewhere; nobody here checked their licence.
        profiles = profiles.filter(
            verification_status=VerificationStatus.VERIFIED, is_imported=False
        )
    return profiles


def doctor_profile_for(slug: str, viewer: AnyUser) -> DoctorProfile | None:
    """One profile with its count of visible answers, if this viewer may see it."""
    return _visible_to(doctor_profiles(verified_only=False), viewer).filter(slug=slug).first()


def public_doctors_for_sitemap() -> QuerySet[DoctorProfile]:
    return DoctorProfile.objects.filter(verification_status__in=PUBLIC_STATUSES).order_by("pk")


def applications_for_review() -> QuerySet[DoctorProfile]:
    """Pending applications, oldest first, with their account, documents and registry checks
    (newest check first), in a fixed number of queries."""
    return (
        DoctorProfile.objects.filter(
            verification_status=VerificationStatus.PENDING, is_imported=False
        )
        .select_related("user")
        .prefetch_related(
            "documents",
            Prefetch(
                "registry_checks",
                queryset=RegistryCheck.objects.select_related("requested_by").order_by(
                    "-queried_at", "-id"
                ),
            ),
        )
        .order_by("created_at")
    )


def own_application(user: AnyUser) -> DoctorProfile | None:
    """The person's application with its documents, if they have applied."""
    if not user.is_authenticated:
        return None
    return (
        DoctorProfile.objects.filter(user=user, is_imported=False)
        .prefetch_related("documents")
        .first()
    )


def document_for(document_id: int, viewer: AnyUser) -> ApplicationDocument | None:
    """The application document, if the viewer is a moderator or the applicant who sent it."""
    if not viewer.is_authenticated:
        return None
    documents = ApplicationDocument.objects.filter(pk=document_id)
    if not is_moderator(viewer):
        documents = documents.filter(profile__user=viewer)
    return documents.first()


def specialties_that_answered() -> list[str]:
    """The specialties of doctors with at least one answer, sorted, for search's filter.

    Each profile is checked for an answer through the answers' doctor index (an EXISTS per
    profile), so the cost follows the number of doctors, not of answers.
    """
    answered = Answer.objects.filter(doctor=OuterRef("pk"))
    return list(
        DoctorProfile.objects.exclude(specialty="")
        .filter(Exists(answered))
        .order_by("specialty")
        .values_list("specialty", flat=True)
        .distinct()
    )
