"""Reads for the moderators' queues and the audit log."""

from __future__ import annotations

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

from consilium.doctors.models import DoctorProfile, VerificationStatus
from consilium.doctors.selectors import applications_for_review
from consilium.moderation.models import AuditEntry, Flag


def pending_applications() -> QuerySet[DoctorProfile]:
    """Applications waiting for a decision, with their documents and registry checks."""
    return applications_for_review()


def open_flags() -> QuerySet[Flag]:
    """Open flags, those on a question that describes an emergency sign first, then oldest."""
    on_urgent = ExpressionWrapper(
        Q(question__urgent=True) | Q(answer__question__urgent=True), output_field=BooleanField()
    )
    return (
        Flag.objects.filter(resolved_at__isnull=True)
        .select_related(
            "reporter", "question", "answer__question", "answer__doctor", "report__topic"
        )
        # A flag on a question has no answer: the test on the answer is NULL, and NULLs must not
        # sort first on PostgreSQL.
        .order_by(on_urgent.desc(nulls_last=True), "created_at")
    )


def audit_log(limit: int = 200) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.order_by("-created_at", "-id")[:limit]


def verified_doctors() -> QuerySet[DoctorProfile]:
    return DoctorProfile.objects.filter(
        verification_status=VerificationStatus.VERIFIED, is_imported=False
    ).order_by("display_name")
