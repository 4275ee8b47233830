"""Reads of doctor profiles."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from consilium.accounts.permissions import AnyUser, is_moderator
from consilium.doctors.models import DoctorProfile, VerificationStatus
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


def doctor_with_answers(slug: str, viewer: AnyUser) -> DoctorProfile | None:
    answers = (
        Answer.objects.filter(is_hidden=False, question__is_hidden=False)
        .select_related("question")
        .order_by("-created_at")
    )
    profiles = DoctorProfile.objects.prefetch_related(Prefetch("answers", queryset=answers))
    return _visible_to(profiles, viewer).filter(slug=slug).first()


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
