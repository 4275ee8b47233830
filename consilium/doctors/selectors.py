"""Reads of doctor profiles."""

from __future__ import annotations

from django.db.models import Prefetch

from consilium.doctors.models import DoctorProfile
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
