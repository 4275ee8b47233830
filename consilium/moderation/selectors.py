"""Reads for the moderators' queues and the audit log."""

from __future__ import annotations

from django.db.models import QuerySet

from consilium.doctors.models import DoctorProfile, VerificationStatus
from consilium.moderation.models import AuditEntry, Flag


def pending_applications() -> QuerySet[DoctorProfile]:
    return (
        DoctorProfile.objects.filter(
            verification_status=VerificationStatus.PENDING, is_imported=False
        )
        .select_related("user")
        .order_by("created_at")
    )


def open_flags() -> QuerySet[Flag]:
    return (
        Flag.objects.filter(resolved_at__isnull=True)
        .select_related(
            "reporter", "question", "answer__question", "answer__doctor", "report__topic"
        )
        .order_by("created_at")
    )


def audit_log(limit: int = 200) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.order_by("-created_at", "-id")[:limit]


def verified_doctors() -> QuerySet[DoctorProfile]:
    return DoctorProfile.objects.filter(
        verification_status=VerificationStatus.VERIFIED, is_imported=False
    ).order_by("display_name")
