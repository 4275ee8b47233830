"""Reads of doctor profiles."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from consilium.doctors.models import DoctorProfile, VerificationStatus
from consilium.qa.models import Answer


def doctor_with_answers(slug: str) -> DoctorProfile | None:
    answers = (
        Answer.objects.filter(is_hidden=False, question__is_hidden=False)
        .select_related("question")
        .order_by("-created_at")
    )
    return (
        DoctorProfile.objects.prefetch_related(Prefetch("answers", queryset=answers))
        .filter(slug=slug)
        .first()
    )


def doctor_profiles(*, verified_only: bool) -> QuerySet[DoctorProfile]:
    """Profiles with their count of visible answers, for the API; unordered."""
    profiles = DoctorProfile.objects.annotate(
        answer_count=Count(
            "answers", filter=Q(answers__is_hidden=False, answers__question__is_hidden=False)
        )
    )
    if verified_only:
        profiles = profiles.filter(verification_status=VerificationStatus.VERIFIED)
    return profiles
